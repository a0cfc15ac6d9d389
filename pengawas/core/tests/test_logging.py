import logging

from pengawas.core.logging import MaskNikFilter, mask_digits


def test_sixteen_digit_runs_are_masked() -> None:
    assert mask_digits("GET /api/v1/cek-dpt?nik=3505014501800002 200") == (
        "GET /api/v1/cek-dpt?nik=3505********0002 200"
    )
    assert mask_digits("order 12345 and 123456789012345678") == "order 12345 and 123456789012345678"


def test_the_filter_rewrites_the_record() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "nik %s", ("3505014501800002",), None)
    assert MaskNikFilter().filter(record)
    assert record.getMessage() == "nik 3505********0002"
