"""Pure rules for reading KPU voter-list files: column names and field values.

Nothing here touches the database; the importer calls these once per cell, so they are
written for speed (plain dictionaries, caches for values that repeat across rows).
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Canonical field → the header spellings KPU files use, after folding (see header_key).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "nkk": ("NKK", "NOKK", "NOMORKK", "NOMORKARTUKELUARGA", "NOKARTUKELUARGA"),
    "nik": ("NIK", "NOMORINDUKKEPENDUDUKAN"),
    "name": ("NAMA", "NAMALENGKAP", "NAMAPEMILIH"),
    "birth_place": ("TEMPATLAHIR",),
    "birth_date": ("TANGGALLAHIR", "TGLLAHIR"),
    "age": ("USIA", "UMUR"),
    "sex": ("JENISKELAMIN", "JK", "L/P", "KELAMIN"),
    "marital_status": ("STATUSKAWIN", "KAWIN", "STATUSPERKAWINAN", "STSKAWIN"),
    "address": ("ALAMAT", "ALAMATJALAN/DUKUH", "ALAMATJALAN", "JALAN/DUKUH"),
    "rt": ("RT",),
    "rw": ("RW",),
    "disability": ("DISABILITAS", "JENISDISABILITAS", "DIFABEL"),
    "remark": ("KETERANGAN", "KET"),
    "kecamatan": ("KECAMATAN", "KEC"),
    "village": ("KELURAHAN", "DESA", "KELURAHAN/DESA", "DESA/KELURAHAN", "KEL/DESA", "DESA/KEL"),
    "tps": ("TPS", "NOTPS", "NOMORTPS"),
    "tps_address": ("ALAMATTPS", "LOKASITPS", "TEMPATTPS"),
}
# The name each canonical field has in messages and in the rejects file.
COLUMN_LABELS: dict[str, str] = {
    "nkk": "NKK", "nik": "NIK", "name": "NAMA", "birth_place": "TEMPAT_LAHIR",
    "birth_date": "TANGGAL_LAHIR", "age": "USIA", "sex": "JENIS_KELAMIN",
    "marital_status": "STATUS_KAWIN", "address": "ALAMAT", "rt": "RT", "rw": "RW",
    "disability": "DISABILITAS", "remark": "KETERANGAN", "kecamatan": "KECAMATAN",
    "village": "KELURAHAN", "tps": "TPS", "tps_address": "ALAMAT_TPS",
}  # fmt: skip
# Without these a row cannot be placed at a TPS or recognised as a person.
REQUIRED_FIELDS = ("name", "village", "tps")
# Longest value each field may hold (the Voter model's column sizes).
MAX_LENGTHS: dict[str, int] = {
    "nkk": 32, "nik": 32, "name": 200, "birth_place": 100, "birth_date": 40, "age": 10,
    "sex": 20, "marital_status": 20, "address": 255, "rt": 8, "rw": 8, "disability": 60,
    "remark": 120, "kecamatan": 120, "village": 120, "tps": 20, "tps_address": 255,
}  # fmt: skip

_ALIAS_TO_FIELD = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}
_HEADER_NOISE = re.compile(r"[\s._\-]+")


def header_key(header: str) -> str:
    """Fold a header for matching: case, spaces, dots, underscores and hyphens ignored."""
    return _HEADER_NOISE.sub("", header.replace("\ufeff", "")).upper()


@dataclass(frozen=True)
class ColumnMap:
    positions: dict[str, int]  # canonical field → column index in the row
    ignored: list[str]  # headers that name no known field
    width: int

    @property
    def fields(self) -> list[str]:
        return [f for f in COLUMN_LABELS if f in self.positions]

    @property
    def missing_required(self) -> list[str]:
        return [COLUMN_LABELS[f] for f in REQUIRED_FIELDS if f not in self.positions]


class DuplicateColumnError(ValueError):
    pass


def column_map(headers: Iterable[str]) -> ColumnMap:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    width = 0
    for index, header in enumerate(headers):
        width = index + 1
        field = _ALIAS_TO_FIELD.get(header_key(header))
        if field is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        if field in positions:
            raise DuplicateColumnError(
                f"kolom {COLUMN_LABELS[field]} muncul dua kali (kolom {positions[field] + 1} "
                f"dan {index + 1})"
            )
        positions[field] = index
    return ColumnMap(positions=positions, ignored=ignored, width=width)


# --- values -----------------------------------------------------------------------------

# A cell that a spreadsheet would run as a formula (OWASP "CSV injection"), signed numbers
# included ("-2+3+cmd|..." is a known payload; a voter list has no negative numbers). "-"
# and "--" (empty-cell markers) and "- text" are left alone.
_FORMULA_CELL = re.compile(r"(?:[=@\t\r]|[+\-][^\s\-])")


def formula_column(values: list[str]) -> int:
    """The index of the first cell that would run as a formula, or -1."""
    joined = "\x1f" + "\x1f".join(values)
    # Plain substring tests first: most rows have no cell starting with any of these, and
    # "in" runs in C, so the common row costs no regex at all.
    if not (
        "\x1f=" in joined
        or "\x1f@" in joined
        or "\x1f+" in joined
        or "\x1f-" in joined
        or "\x1f\t" in joined
        or "\x1f\r" in joined
    ):
        return -1
    for index, value in enumerate(values):
        if _FORMULA_CELL.match(value):
            return index
    return -1


_DATE_CACHE: dict[str, datetime.date | None] = {}


def parse_date(raw: str) -> datetime.date | None:
    """DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD (the forms KPU files use); None if not a date."""
    cached = _DATE_CACHE.get(raw, _DATE_CACHE)
    if cached is not _DATE_CACHE:
        return cached  # type: ignore[return-value]
    value: datetime.date | None = None
    text = raw.strip()
    try:
        if len(text) == 10 and text[2] in "-/" and text[5] == text[2]:
            value = datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
        elif len(text) == 10 and text[4] == "-" and text[7] == "-":
            value = datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        elif len(text) == 19 and text[4] == "-" and text[10] == " ":  # spreadsheet datetimes
            value = datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        value = None
    if len(_DATE_CACHE) < 200_000:
        _DATE_CACHE[raw] = value
    return value


SEX_VALUES = {
    "L": "L", "LK": "L", "LAKI-LAKI": "L", "LAKILAKI": "L", "LAKI": "L",
    "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P",
}  # fmt: skip
MARITAL_VALUES = {
    "B": "B", "BELUM KAWIN": "B", "BELUM": "B",
    "S": "S", "SUDAH KAWIN": "S", "KAWIN": "S", "SUDAH": "S",
    "P": "P", "PERNAH KAWIN": "P", "PERNAH": "P", "CERAI": "P", "CERAI HIDUP": "P",
    "CERAI MATI": "P",
}  # fmt: skip
# A "-" or similar stands for an empty cell in many KPU exports.
EMPTY_MARKERS = frozenset({"", "-", "--", "0000-00-00", "00-00-0000"})

_TPS_NUMBER = re.compile(r"^(?:TPS)?\s*0*(\d{1,4})$", re.IGNORECASE)


def parse_tps_number(raw: str) -> int | None:
    """ "001", "1", "TPS 001", "TPS1" → 1; None when it is not a TPS number."""
    match = _TPS_NUMBER.match(raw.strip())
    if match is None:
        return None
    number = int(match.group(1))
    return number if number > 0 else None


def clean_identifier(raw: str) -> str:
    """NIK/NKK as typed: spaces, dots and the apostrophe spreadsheets use to keep leading
    zeros are removed; anything else (letters, wrong length) is kept for the audit to flag."""
    text = raw.strip()
    if text.startswith("'"):
        text = text[1:]
    if "E+" in text.upper():  # a spreadsheet turned it into a float: digits are lost
        return text
    return text.replace(" ", "").replace(".", "").replace("-", "")
