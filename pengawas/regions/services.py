"""Loading the Kemendagri region table."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from pengawas.regions.models import Level, Region
from pengawas.regions.rules import (
    LEVEL_DEPTH,
    PROVINCES,
    region_depth,
    region_name_key,
    region_parent_code,
)

BLITAR_REGIONS_FILE = Path(__file__).parent / "data" / "wilayah-blitar.csv"
REQUIRED_COLUMNS = ("kode", "nama", "tingkat", "induk")


class RegionFileError(Exception):
    """The region file cannot be loaded; nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RegionLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    provinces_added: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise RegionFileError([f"Kolom wajib tidak ada: {', '.join(missing)}"])
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except UnicodeDecodeError as exc:
        raise RegionFileError([f"Berkas bukan teks UTF-8: {exc.reason}"]) from None
    except csv.Error as exc:
        raise RegionFileError([f"Berkas CSV rusak: {exc}"]) from None


def region_load(*, path: Path) -> RegionLoadResult:
    """Load a `kode,nama,tingkat,induk` file; loading the same file twice changes nothing.

    A province that the file names only as a parent (as the Blitar file names 35) is added
    from the built-in province table.
    """
    rows = _read_rows(path)
    errors: list[str] = []
    incoming: dict[str, Region] = {}
    for line, row in enumerate(rows, start=2):
        code, name, level = row["kode"], row["nama"], row["tingkat"].lower()
        depth = region_depth(code)
        if depth is None:
            errors.append(f"baris {line}: kode {code!r} bukan kode Kemendagri")
            continue
        if level not in LEVEL_DEPTH or LEVEL_DEPTH[Level(level)] != depth:
            errors.append(f"baris {line}: tingkat {level!r} tidak cocok dengan kode {code}")
            continue
        if not name:
            errors.append(f"baris {line}: nama kosong")
            continue
        parent = row["induk"] or None
        if parent != region_parent_code(code):
            errors.append(f"baris {line}: induk {parent!r} bukan induk dari kode {code}")
            continue
        if code in incoming:
            errors.append(f"baris {line}: kode {code} muncul dua kali")
            continue
        incoming[code] = Region(
            code=code, name=name, level=level, parent_id=parent, name_key=region_name_key(name)
        )
    if errors:
        raise RegionFileError(errors)

    existing = {r.code: r for r in Region.objects.all().only("code", "name", "level", "parent")}
    result = RegionLoadResult()
    for code in sorted({r.parent_id for r in incoming.values() if r.parent_id}):
        if code in incoming or code in existing:
            continue
        if region_depth(code) == 1 and code in PROVINCES:
            incoming[code] = Region(
                code=code,
                name=PROVINCES[code],
                level=Level.PROVINSI,
                parent_id=None,
                name_key=region_name_key(PROVINCES[code]),
            )
            result.provinces_added.append(code)
        else:
            errors.append(f"induk {code} tidak ada di berkas maupun di basis data")
    if errors:
        raise RegionFileError(errors)

    to_create, to_update = [], []
    for code, region in incoming.items():
        old = existing.get(code)
        if old is None:
            to_create.append(region)
        elif (old.name, old.level, old.parent_id) != (region.name, region.level, region.parent_id):
            to_update.append(region)
        else:
            result.unchanged += 1
    # Parents before children, so foreign keys hold at every insert.
    to_create.sort(key=lambda r: (len(r.code), r.code))
    with transaction.atomic():
        Region.objects.bulk_create(to_create, batch_size=2000)
        Region.objects.bulk_update(to_update, ["name", "level", "parent", "name_key"], 2000)
    result.created, result.updated = len(to_create), len(to_update)
    return result
