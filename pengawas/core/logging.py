import logging
import re

# Any run of 16 digits in a log line is treated as a NIK or NKK and masked, so a request
# line such as "GET /api/v1/cek-dpt?nik=3505..." never writes the number to a log.
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")


def mask_digits(text: str) -> str:
    return _SIXTEEN_DIGITS.sub(r"\1********\2", text)


class MaskNikFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # The message is formatted here once and kept, so the handler does not format it again.
        record.msg, record.args = mask_digits(record.getMessage()), None
        return True
