from pathlib import Path

import pytest

from pengawas.regions.models import Level, Region
from pengawas.regions.services import BLITAR_REGIONS_FILE, RegionFileError, region_load

NATIONAL = (
    Path(__file__).resolve().parents[3].parent / "shared/domain/wilayah-indonesia-kecamatan.csv"
)


def test_it_loads_blitar_with_its_province(db: None) -> None:
    result = region_load(path=BLITAR_REGIONS_FILE)
    assert result.created == 272
    assert result.provinces_added == ["35"]
    assert Region.objects.filter(level=Level.KECAMATAN).count() == 22
    assert Region.objects.filter(level__in=[Level.DESA, Level.KELURAHAN]).count() == 248
    assert Region.objects.get(code="35.05.01.2001").parent_id == "35.05.01"


def test_loading_twice_changes_nothing(db: None) -> None:
    region_load(path=BLITAR_REGIONS_FILE)
    before = list(Region.objects.values_list("code", "name", "level", "parent_id"))
    again = region_load(path=BLITAR_REGIONS_FILE)
    assert (again.created, again.updated) == (0, 0)
    assert list(Region.objects.values_list("code", "name", "level", "parent_id")) == before


def test_a_renamed_region_is_updated(db: None, tmp_path: Path) -> None:
    region_load(path=BLITAR_REGIONS_FILE)
    changed = tmp_path / "w.csv"
    changed.write_text("kode,nama,tingkat,induk\n35.05.01,Wonodadi Baru,kecamatan,35.05\n")
    result = region_load(path=changed)
    assert result.updated == 1
    assert Region.objects.get(code="35.05.01").name == "Wonodadi Baru"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("35.5.01,X,kecamatan,35.05", "bukan kode Kemendagri"),
        ("35.05.01,X,desa,35.05", "tidak cocok"),
        ("35.05.01,X,kecamatan,35.06", "bukan induk"),
        ("35.05.01,,kecamatan,35.05", "nama kosong"),
    ],
)
def test_bad_rows_are_refused_whole(db: None, tmp_path: Path, row: str, reason: str) -> None:
    bad = tmp_path / "w.csv"
    bad.write_text(f"kode,nama,tingkat,induk\n35.05,Kabupaten Blitar,kabupaten,35\n{row}\n")
    with pytest.raises(RegionFileError, match=reason):
        region_load(path=bad)
    assert not Region.objects.exists()


def test_the_national_table_loads(db: None) -> None:
    result = region_load(path=NATIONAL)
    assert Region.objects.filter(level=Level.PROVINSI).count() == 38
    assert Region.objects.filter(level=Level.KECAMATAN).count() == 7285
    assert result.provinces_added == []
