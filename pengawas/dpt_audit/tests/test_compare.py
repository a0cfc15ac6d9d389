"""Comparing two snapshots: voters added, removed, changed; findings fixed, open, new."""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit import compare
from pengawas.dpt_audit.models import Category, Finding
from pengawas.dpt_audit.tests.saran_factories import finding_for, run_done
from pengawas.elections.models import Election

BORN = datetime.date(1980, 7, 1)


def _pair(election: Election, fields: list[str] | None = None) -> tuple[Snapshot, Snapshot]:
    return (
        snapshot_for_test(election, stage="DPS", fields=fields),
        snapshot_for_test(election, stage="DPT", fields=fields),
    )


def _lists(election: Election, make_voter: Callable[..., Voter]) -> tuple[Snapshot, Snapshot]:
    dps, dpt = _pair(election)
    same: dict[str, Any] = {"birth_date": BORN, "sex": "P", "address": "DUSUN KRAJAN"}
    for snap in (dps, dpt):  # unchanged
        make_voter(name="SITI AMINAH", nik="3505014107800001", snapshot=snap, **same)
    make_voter(name="ADI", nik="3505010101800002", snapshot=dps, **same)  # removed
    make_voter(name="BUDI", nik="3505010101800003", snapshot=dpt, **same)  # added
    make_voter(name="CITRA", nik="3505014101800004", snapshot=dps, **same)  # moved TPS
    make_voter(name="CITRA", nik="3505014101800004", snapshot=dpt, tps=2, **same)
    make_voter(name="DEWI", nik="3505014101800005", snapshot=dps, **same)  # new address
    make_voter(name="DEWI", nik="3505014101800005", snapshot=dpt, **{**same, "address": "RT 2"})
    for snap in (dps, dpt):  # no NIK, matched on name, birth date and desa
        make_voter(name="EKO", nik="", snapshot=snap, **same)
    make_voter(name="FAJAR", village="35.05.02.2001", nik="3505020101800006", snapshot=dps, **same)
    return dps, dpt


def test_added_removed_changed_by_nik(election: Election, make_voter: Callable[..., Voter]) -> None:
    dps, dpt = _lists(election, make_voter)
    comparison = compare.Comparison(before=dps, after=dpt, region_code=None)
    assert comparison.by_nik
    assert sorted(comparison.removed().values_list("name", flat=True)) == ["ADI", "FAJAR"]
    assert list(comparison.added().values_list("name", flat=True)) == ["BUDI"]
    assert sorted(comparison.changed().values_list("name", flat=True)) == ["CITRA", "DEWI"]
    page = compare.page_of(comparison, "ubah", 1, 2)
    changes = {line.name: line.changes for line in page.lines}
    assert changes["CITRA"] == [("TPS", "TPS 001 Jaten", "TPS 002 Jaten")]
    assert changes["DEWI"] == [("Alamat", "", "")]  # named, its value not shown
    assert page.lines[0].nik_masked.startswith("3505") and "*" in page.lines[0].nik_masked


def test_scoped_to_a_kecamatan(election: Election, make_voter: Callable[..., Voter]) -> None:
    dps, dpt = _lists(election, make_voter)
    counts = compare.Comparison(before=dps, after=dpt, region_code="35.05.01").counts()
    assert counts == {"tambah": 1, "hapus": 1, "ubah": 2}  # FAJAR (Udanawu) out of scope


def test_lists_without_nik_match_on_identity(
    election: Election, make_voter: Callable[..., Voter]
) -> None:
    fields = ["name", "birth_date", "sex", "address", "rt", "rw"]
    dps, dpt = _pair(election, fields)
    make_voter(name="SITI AMINAH", birth_date=BORN, snapshot=dps, address="A")
    make_voter(name="SITI AMINAH", birth_date=BORN, snapshot=dpt, address="B")
    make_voter(name="SITI AMINAH", birth_date=datetime.date(1990, 1, 1), snapshot=dpt)
    comparison = compare.Comparison(before=dps, after=dpt, region_code=None)
    assert not comparison.by_nik
    assert comparison.counts() == {"tambah": 1, "hapus": 0, "ubah": 1}
    assert "name" not in comparison.fields_compared and "nkk" not in comparison.fields_compared


def test_counts_are_sql_not_python(election: Election, make_voter: Callable[..., Voter]) -> None:
    dps, dpt = _lists(election, make_voter)
    comparison = compare.Comparison(before=dps, after=dpt, region_code=None)
    with CaptureQueriesContext(connection) as queries:
        comparison.counts()
    assert len(queries) == 3
    assert all("EXISTS" in q["sql"].upper() and "COUNT" in q["sql"].upper() for q in queries)


def test_finding_key_rules() -> None:
    base: dict[str, Any] = {
        "nkk": "",
        "tps_id": 7,
        "name_key": "siti",
        "birth_date": BORN,
        "village_id": "35.05.01.2001",
    }
    assert compare.finding_key(Category.TPS_OVER_CAPACITY, nik=None, **base) == (
        Category.TPS_OVER_CAPACITY,
        "tps",
        7,
    )
    assert compare.finding_key(Category.UNDERAGE, nik="123", **base) == (
        Category.UNDERAGE,
        "nik",
        "123",
    )
    assert compare.finding_key(Category.NIK_FORMAT, nik="", **base)[1] == "id"
    family = compare.finding_key(Category.FAMILY_SPLIT, nik=None, **{**base, "nkk": "99"})
    assert family == (Category.FAMILY_SPLIT, "nkk", "99")


def test_follow_up_of_findings(election: Election, make_voter: Callable[..., Voter]) -> None:
    dps, dpt = _lists(election, make_voter)
    before_run, after_run = run_done(dps), run_done(dpt)
    old = {v.name: v for v in Voter.objects.filter(snapshot=dps)}
    new = {v.name: v for v in Voter.objects.filter(snapshot=dpt)}
    finding_for(before_run, old["ADI"], Category.UNDERAGE)  # ADI removed: fixed
    finding_for(before_run, old["CITRA"], Category.INCOMPLETE)  # still open
    finding_for(after_run, new["CITRA"], Category.INCOMPLETE)
    finding_for(after_run, new["BUDI"], Category.NIK_SEX)  # new
    for run in (before_run, after_run):
        Finding.objects.create(
            run=run, category=Category.TPS_OVER_CAPACITY, tps=old["ADI"].tps, detail="-"
        )
    follow = compare.follow_up(dps, dpt, None)
    assert follow.before_run == before_run and follow.after_run == after_run
    assert follow.counts[Category.UNDERAGE] == {"selesai": 1, "tetap": 0, "baru": 0}
    assert follow.counts[Category.INCOMPLETE] == {"selesai": 0, "tetap": 1, "baru": 0}
    assert follow.counts[Category.NIK_SEX] == {"selesai": 0, "tetap": 0, "baru": 1}
    assert follow.counts[Category.TPS_OVER_CAPACITY]["tetap"] == 1
    assert follow.totals == {"selesai": 1, "tetap": 2, "baru": 1}
    assert compare.follow_up(dps, dpt, "35.05.01").before_run is None  # no run over the kecamatan
