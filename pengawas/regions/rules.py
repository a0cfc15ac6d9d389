"""Pure rules about Kemendagri region codes and names (no database)."""

import re
import unicodedata

from pengawas.regions.models import Level

# Kepmendagri 300.2.2-2430/2025: the 38 provinces.
PROVINCES: dict[str, str] = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung",
    "19": "Kepulauan Bangka Belitung", "21": "Kepulauan Riau",
    "31": "Daerah Khusus Ibukota Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "Daerah Istimewa Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali",
    "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah", "63": "Kalimantan Selatan", "64": "Kalimantan Timur",
    "65": "Kalimantan Utara", "71": "Sulawesi Utara", "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo",
    "76": "Sulawesi Barat", "81": "Maluku", "82": "Maluku Utara", "91": "Papua",
    "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}  # fmt: skip

_CODE_SHAPES = {
    1: re.compile(r"^\d{2}$"),
    2: re.compile(r"^\d{2}\.\d{2}$"),
    3: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    4: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}
LEVEL_DEPTH = {
    Level.PROVINSI: 1,
    Level.KABUPATEN: 2,
    Level.KOTA: 2,
    Level.KECAMATAN: 3,
    Level.DESA: 4,
    Level.KELURAHAN: 4,
}
# Prefixes that people write before a region's name but that are not part of it.
_NAME_PREFIXES = re.compile(r"^(KABUPATEN|KAB|KOTA|KECAMATAN|KEC|KELURAHAN|KEL|DESA|DS)\b\.?\s*")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def region_depth(code: str) -> int | None:
    """1 for a province … 4 for a village, or None when the code is malformed."""
    for depth, shape in _CODE_SHAPES.items():
        if shape.match(code):
            return depth
    return None


def region_parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def region_name_key(name: str) -> str:
    """Fold a region name for matching: case, spaces, punctuation and accents ignored."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper().strip()
    text = _NAME_PREFIXES.sub("", text)
    return _NOT_ALNUM.sub("", text)
