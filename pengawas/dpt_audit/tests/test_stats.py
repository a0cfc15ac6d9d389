"""Voter-list statistics: the age thresholds (pure) and the SQL counts (database)."""

import datetime
import io
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from openpyxl import load_workbook

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit.stats import (
    age_limits,
    birth_date_latest,
    disability_codes,
    statistics_compute,
    tps_statistics,
)
from pengawas.dpt_audit.stats_xlsx import statistics_xlsx
from pengawas.elections.models import Election

VOTING_DAY = datetime.date(2020, 12, 9)  # the `election` fixture's


def _born(years: int, days: int = 0) -> datetime.date:
    """The birth date of someone who turns `years` on voting day, `days` later."""
    return birth_date_latest(voting_day=VOTING_DAY, age=years) + datetime.timedelta(days=days)


def test_birth_date_thresholds() -> None:
    assert birth_date_latest(voting_day=VOTING_DAY, age=17) == datetime.date(2003, 12, 9)
    # Voting day on 29 February: 17 years earlier there was none.
    assert birth_date_latest(voting_day=datetime.date(2024, 2, 29), age=17) == datetime.date(
        2007, 2, 28
    )
    assert birth_date_latest(voting_day=datetime.date(2024, 2, 29), age=20) == datetime.date(
        2004, 2, 29
    )
    limits = age_limits(voting_day=VOTING_DAY)
    assert limits.voting_age_born_by == datetime.date(2003, 12, 9)
    assert limits.first_time_born_after == datetime.date(1998, 12, 9)  # 22 on voting day
    assert limits.elderly_born_by == datetime.date(1960, 12, 9)


@pytest.fixture
def voters(make_voter: Callable[..., Voter]) -> None:
    """Jaten (Wonodadi) TPS 1 and 2, Salam (Wonodadi), Udanawu: each case at its edge."""
    first_time: list[dict[str, object]] = [
        {"birth_date": _born(17)},  # 17 on voting day itself
        {"birth_date": _born(16), "marital_status": "S"},  # married at 16
        {"birth_date": _born(22, days=1)},  # turns 22 the day after
        {"age": 21},  # no birth date: the list's age
        {"age": 16, "marital_status": "P"},
    ]
    neither: list[dict[str, object]] = [
        {"birth_date": _born(16)},  # under 17, unmarried: an audit finding, not a first-timer
        {"birth_date": _born(22)},
        {"birth_date": _born(60, days=1)},  # 59
        {"age": 59},
        {},  # no age at all
    ]
    elderly: list[dict[str, object]] = [
        {"birth_date": _born(60)},
        {"age": 75},
        {"birth_date": _born(90)},
    ]
    for n, fields in enumerate(first_time + neither + elderly):
        make_voter(name=f"JATEN {n}", sex="L" if n % 2 else "P", **fields)
    make_voter(name="DIFABEL", sex="P", tps=2, disability="2", birth_date=_born(30))
    make_voter(name="TANPA JK", tps=2, birth_date=_born(30))
    make_voter(name="SALAM", village="35.05.01.2002", sex="L", disability="1")
    make_voter(name="UDANAWU", village="35.05.02.2001", sex="P", disability="2")


def test_counts_per_tps(snapshot: Snapshot, voters: None) -> None:
    result = statistics_compute(snapshot=snapshot, level="tps", region_code="35.05.01.2001")
    tps1, tps2 = result.rows
    assert (tps1.name, tps1.total, tps1.first_time, tps1.elderly, tps1.disabled) == (
        "TPS 001",
        13,
        5,
        3,
        0,
    )
    assert (tps1.male, tps1.female) == (6, 7)
    assert (tps2.total, tps2.male, tps2.female, tps2.sex_unknown, tps2.disabled) == (2, 0, 1, 1, 1)
    assert tps2.parent_name == "Jaten"
    assert result.totals.total == 15


def test_rollups_per_desa_and_kecamatan(snapshot: Snapshot, voters: None) -> None:
    desa = statistics_compute(snapshot=snapshot, level="desa", region_code="35.05.01")
    assert [(r.code, r.name, r.parent_name, r.total, r.tps_count) for r in desa.rows] == [
        ("35.05.01.2001", "Jaten", "Wonodadi", 15, 2),
        ("35.05.01.2002", "Salam", "Wonodadi", 1, 1),
    ]
    kecamatan = statistics_compute(snapshot=snapshot, level="kecamatan")
    assert [(r.name, r.total, r.disabled) for r in kecamatan.rows] == [
        ("Wonodadi", 16, 2),
        ("Udanawu", 1, 1),
    ]
    assert kecamatan.totals.total == 17
    assert sorted(kecamatan.tps_loads) == [1, 1, 2, 13]


def test_tps_load_against_the_maximum(election: Election, snapshot: Snapshot, voters: None) -> None:
    election.max_voters_per_tps = 10
    election.save()
    snapshot.refresh_from_db()
    result = statistics_compute(snapshot=snapshot, level="kecamatan", region_code="35.05.01")
    (wonodadi,) = result.rows
    assert (wonodadi.tps_count, wonodadi.tps_over, wonodadi.largest_tps) == (3, 1, 13)
    assert result.load_percent(wonodadi) == pytest.approx(130)
    tps = statistics_compute(snapshot=snapshot, level="tps", region_code="35.05.01.2001")
    assert [r.tps_over for r in tps.rows] == [1, 0]


def test_other_snapshots_do_not_count(
    election: Election, snapshot: Snapshot, voters: None, make_voter: Callable[..., Voter]
) -> None:
    other = snapshot_for_test(election, stage="DPS")
    make_voter(name="DI DPS", snapshot=other, sex="L")
    assert statistics_compute(snapshot=snapshot).totals.total == 17
    assert statistics_compute(snapshot=other).totals.total == 1


def test_disability_codes_as_the_list_gives_them(snapshot: Snapshot, voters: None) -> None:
    assert disability_codes(snapshot=snapshot) == [("2", 2), ("1", 1)]
    assert disability_codes(snapshot=snapshot, region_code="35.05.02") == [("2", 1)]


def test_a_list_without_ages_or_disability_says_so(
    election: Election, make_voter: Callable[..., Voter]
) -> None:
    short = snapshot_for_test(election, fields=["name", "sex", "address"])
    make_voter(name="A", snapshot=short, sex="L")
    result = statistics_compute(snapshot=short)
    assert not result.ages_known and not result.disability_known
    assert result.totals.total == 1


def test_one_query_over_the_voters(
    snapshot: Snapshot,
    voters: None,
    django_assert_max_num_queries: Callable[..., AbstractContextManager[object]],
) -> None:
    with django_assert_max_num_queries(3):  # the counts, the TPS, (no regions at TPS level)
        tps_statistics(snapshot=snapshot)


def test_spreadsheet_has_a_sheet_per_level(snapshot: Snapshot, voters: None) -> None:
    content = statistics_xlsx(
        snapshot=snapshot, region_code="35.05", region_label="Kabupaten Blitar",
        levels=["kecamatan", "desa", "tps"],
    )  # fmt: skip
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Keterangan", "Kecamatan", "Desa", "TPS"]
    kecamatan = [list(r) for r in book["Kecamatan"].iter_rows(values_only=True)]
    assert kecamatan[0][:6] == ["Kode", "Kecamatan", "L", "P", "Tanpa L/P", "Jumlah"]
    assert kecamatan[1][:6] == ["35.05.01", "Wonodadi", 7, 8, 1, 16]
    assert kecamatan[-1][0] == "Jumlah" and kecamatan[-1][5] == 17
    tps = [list(r) for r in book["TPS"].iter_rows(values_only=True)]
    assert tps[1][:3] == ["35.05.01.2001", "Jaten", "TPS 001"]
    assert tps[1][-3:] == [500, 2.6, "Tidak"]
    about = dict(book["Keterangan"].iter_rows(values_only=True))
    assert about["Wilayah"] == "Kabupaten Blitar"
    assert "60" in about["Lansia"]
