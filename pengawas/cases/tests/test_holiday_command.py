"""case_holiday keeps the holidays that Pemilu working days skip, and the deadlines use them."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from pengawas.accounts.roles import Role
from pengawas.cases.deadlines import FILING
from pengawas.cases.models import Case, PublicHoliday
from pengawas.cases.services import case_deadlines_of
from pengawas.elections.models import Election

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("case_holiday", *args, stdout=out)
    return out.getvalue()


def test_add_list_remove() -> None:
    _run("add", "2024-02-14", "Pemungutan suara Pemilu 2024")
    _run("add", "2024-02-08", "Isra Mikraj")
    _run("add", "2024-02-08", "Isra Mikraj Nabi Muhammad SAW")  # renamed, not doubled
    assert PublicHoliday.objects.count() == 2
    assert _run("list", "--year", "2024").splitlines() == [
        "2024-02-08  Isra Mikraj Nabi Muhammad SAW",
        "2024-02-14  Pemungutan suara Pemilu 2024",
    ]
    assert _run("list", "--year", "2023") == ""
    _run("remove", "2024-02-08")
    assert list(PublicHoliday.objects.values_list("date", flat=True)) == [
        datetime.date(2024, 2, 14)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add",), "wajib"),
        (("add", "14-02-2024", "x"), "tidak dikenal"),
        (("add", "2024-02-14"), "Nama"),
        (("remove", "2024-02-15"), "Tidak ada"),
    ],
)
def test_refusals(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_pemilu_deadlines_skip_the_listed_holidays(
    election: Election,
    make_user: Callable[..., User],
    make_case: Callable[..., Case],
    settings: object,
) -> None:
    Election.objects.filter(pk=election.pk).update(kind="pemilu")
    case = make_case(
        make_user(Role.SEKRETARIAT),
        known_on=datetime.date(2024, 2, 5),  # Monday
        received_at=datetime.datetime(2024, 2, 6, 9, 0, tzinfo=datetime.UTC),
    )
    case.election.refresh_from_db()

    def due() -> datetime.date:
        return next(d for d in case_deadlines_of(case=case) if d.code == FILING).due_date

    assert due() == datetime.date(2024, 2, 14)  # 7 working days
    _run("add", "2024-02-08", "Isra Mikraj")
    _run("add", "2024-02-09", "Cuti bersama")
    assert due() == datetime.date(2024, 2, 16)
    settings.PENGAWAS_PEMILU_WORKING_DAYS = {"filing": 3, "verified": True}  # type: ignore[attr-defined]
    deadline = next(d for d in case_deadlines_of(case=case) if d.code == FILING)
    assert (deadline.due_date, deadline.verified) == (datetime.date(2024, 2, 12), True)
