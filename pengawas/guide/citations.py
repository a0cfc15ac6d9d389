"""Citations of the law, in the one form the Panduan accepts (docs/panduan.md).

"UU 10/2016 Pasal 112 ayat (2) huruf c": an instrument (kind, number, year), then the article.
Pure functions, no database; the list of known instruments lives in content/hukum.toml.
"""

import re
from dataclasses import dataclass

INSTRUMENT_KINDS = ("UU", "Perpu", "PKPU", "Perbawaslu", "Peraturan DKPP")

_CITATION = re.compile(
    r"^(?P<instrument>(?:" + "|".join(re.escape(kind) for kind in INSTRUMENT_KINDS) + r")"
    r" \d{1,3}/(?:19|20)\d\d)"
    r" (?P<article>Pasal \d{1,3}[A-Z]?(?: ayat \(\d{1,2}[a-z]?\))?(?: huruf [a-z]{1,2})?)$"
)


class CitationError(ValueError):
    pass


@dataclass(frozen=True)
class Citation:
    instrument: str  # "UU 10/2016"
    article: str  # "Pasal 112 ayat (2) huruf c"

    def __str__(self) -> str:
        return f"{self.instrument} {self.article}"


def citation_parse(text: str) -> Citation:
    match = _CITATION.match(text.strip())
    if match is None:
        raise CitationError(
            f"kutipan '{text}' tidak sesuai bentuk "
            "'<UU|Perpu|PKPU|Perbawaslu|Peraturan DKPP> <nomor>/<tahun> Pasal <n>"
            "[ ayat (<m>)][ huruf <x>]'"
        )
    return Citation(match["instrument"], match["article"])
