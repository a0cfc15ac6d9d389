"""Retention: the due rule (pure, no database), the same rule in SQL, the report and the
archive_retention command."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from pengawas.accounts.roles import Role
from pengawas.archive.models import Classification, RetentionOutcome
from pengawas.archive.services_retention import (
    records_due,
    retention_due_date,
    retention_is_due,
    retention_report,
)
from pengawas.archive.tests.test_custody_support import make_record

D = datetime.date


# --- The rule, without a database ----------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "years", "due"),
    [
        (D(2020, 3, 15), 5, D(2026, 1, 1)),
        (D(2020, 12, 31), 5, D(2026, 1, 1)),
        (D(2020, 1, 1), 5, D(2026, 1, 1)),
        (D(2020, 6, 1), 0, D(2021, 1, 1)),
        (D(2020, 6, 1), None, None),
        (D(9990, 6, 1), 20, None),
    ],
)
def test_due_on_1_january_after_full_years(
    made: datetime.date, years: int | None, due: datetime.date | None
) -> None:
    assert retention_due_date(record_date=made, retention_years=years) == due


def test_is_due_from_that_day_on() -> None:
    made = D(2020, 3, 15)
    assert not retention_is_due(record_date=made, retention_years=5, as_of=D(2025, 12, 31))
    assert retention_is_due(record_date=made, retention_years=5, as_of=D(2026, 1, 1))
    assert retention_is_due(record_date=made, retention_years=5, as_of=D(2030, 7, 1))
    assert not retention_is_due(record_date=made, retention_years=None, as_of=D(2999, 1, 1))


# --- In SQL, and the report ------------------------------------------------------------------


@pytest.fixture
def table(db: None) -> dict[str, Classification]:
    lines = {
        "musnah": Classification.objects.create(
            code="T.MUSNAH", name="Uji musnah", retention_years=2, retention_outcome="musnah"
        ),
        "nilai": Classification.objects.create(
            code="T.NILAI",
            name="Uji dinilai kembali",
            retention_years=5,
            retention_outcome="dinilai_kembali",
        ),
        "permanen": Classification.objects.create(
            code="T.PERMANEN", name="Uji permanen", retention_years=10, retention_outcome="permanen"
        ),
        "kosong": Classification.objects.create(code="T.KOSONG", name="Tanpa masa simpan"),
    }
    return lines


def test_sql_agrees_with_the_pure_rule(
    make_user: Callable[..., User], table: dict[str, Classification]
) -> None:
    author = make_user(Role.SEKRETARIAT)
    records = [
        make_record(author, classification=line, date=made)
        for line in table.values()
        for made in (D(2010, 1, 1), D(2015, 12, 31), D(2018, 6, 30), D(2020, 12, 9))
    ]
    make_record(author, date=D(2000, 1, 1))  # no classification: never due
    for as_of in (D(2019, 12, 31), D(2021, 1, 1), D(2023, 1, 1), D(2026, 6, 1), D(2031, 1, 1)):
        expected = {
            record.pk
            for record in records
            if retention_is_due(
                record_date=record.date,
                retention_years=record.classification.retention_years
                if record.classification
                else None,
                as_of=as_of,
            )
        }
        assert set(records_due(as_of=as_of).values_list("pk", flat=True)) == expected, as_of


def test_report_groups_by_classification_and_year_and_keeps_held_apart(
    make_user: Callable[..., User], table: dict[str, Classification]
) -> None:
    author = make_user(Role.SEKRETARIAT)
    a = make_record(author, classification=table["musnah"], date=D(2018, 2, 1))
    b = make_record(author, classification=table["musnah"], date=D(2018, 9, 1))
    c = make_record(author, classification=table["musnah"], date=D(2019, 1, 5))
    held = make_record(
        author,
        classification=table["musnah"],
        date=D(2018, 5, 1),
        legal_hold=True,
        legal_hold_reason="Perkara 02/Reg/LP/PB/Kab/16.12/X/2020",
    )
    keep = make_record(author, classification=table["permanen"], date=D(2010, 1, 1))
    make_record(author, classification=table["musnah"], date=D(2023, 1, 1))  # not yet
    report = retention_report(as_of=D(2023, 1, 1))
    assert [(g.classification, g.year, [r.pk for r in g.records]) for g in report.groups] == [
        ("T.MUSNAH", 2018, [a.pk, b.pk]),
        ("T.MUSNAH", 2019, [c.pk]),
        ("T.PERMANEN", 2010, [keep.pk]),
    ]
    assert report.groups[0].outcome == RetentionOutcome.MUSNAH
    assert [record.pk for record in report.held] == [held.pk]
    assert report.due_count == 4
    assert report.count_by_outcome() == {"musnah": 3, "dinilai_kembali": 0, "permanen": 1}
    assert report.destroyable_ids == [a.pk, b.pk, c.pk]


def test_the_command_lists_due_held_and_a_summary(
    make_user: Callable[..., User],
    table: dict[str, Classification],
    capsys: pytest.CaptureFixture[str],
) -> None:
    author = make_user(Role.SEKRETARIAT)
    make_record(author, classification=table["musnah"], date=D(2018, 2, 1), number="01/X/2018")
    make_record(author, classification=table["nilai"], date=D(2012, 2, 1))
    make_record(author, classification=table["musnah"], date=D(2017, 2, 1), legal_hold=True)
    call_command("archive_retention", "--as-of", "2023-01-01")
    out = capsys.readouterr().out
    assert "per 2023-01-01" in out
    assert "T.MUSNAH Uji musnah · tahun 2018 · Musnah (1 arsip)" in out
    assert "01/X/2018" in out
    assert "T.NILAI Uji dinilai kembali · tahun 2012 · Dinilai kembali (1 arsip)" in out
    assert "Ditahan untuk proses hukum (1 arsip)" in out
    assert (
        "Ringkasan: 2 arsip jatuh tempo — 1 musnah, 1 dinilai kembali, 0 permanen; 1 ditahan."
        in out
    )
    with pytest.raises(CommandError):
        call_command("archive_retention", "--as-of", "kemarin")
