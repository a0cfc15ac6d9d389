"""Who may manage whose account: the pure predicates, and users_visible in SQL."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pengawas.accounts.models import Assignment
from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.accounts.rules import (
    can_grant_in_region,
    can_grant_role,
    can_manage_accounts,
    can_manage_user,
    users_visible,
)
from pengawas.accounts.services import assignment_create, assignment_end
from pengawas.regions.models import Region

ADMIN = Jurisdiction(role=Role.ADMINISTRATOR, region_code=None)
SEKRETARIAT = Jurisdiction(role=Role.SEKRETARIAT, region_code="35.05")
KOMISIONER = Jurisdiction(role=Role.KOMISIONER, region_code="35.05")
PANWASCAM = Jurisdiction(role=Role.PANWASCAM, region_code="35.05.01")
PKD = Jurisdiction(role=Role.PKD, region_code="35.05.01.2001")
PTPS = Jurisdiction(role=Role.PTPS, region_code="35.05.01.2001", tps_id=1, election_id=1)
KEDIRI_SEKRETARIAT = Jurisdiction(role=Role.SEKRETARIAT, region_code="35.06")


def held(role: str, region: str | None, tps: int | None = None) -> Assignment:
    """An unsaved assignment: the predicates read only role, region_id and tps_id."""
    return Assignment(role=role, region_id=region, tps_id=tps, starts=datetime.date(2020, 1, 1))


# --- pure predicates (no database) ---


def test_only_administrator_and_sekretariat_manage_accounts() -> None:
    assert can_manage_accounts(ADMIN)
    assert can_manage_accounts(SEKRETARIAT)
    for j in (KOMISIONER, PANWASCAM, PKD, PTPS, None):
        assert not can_manage_accounts(j)


def test_administrator_grants_every_role() -> None:
    assert all(can_grant_role(ADMIN, role) for role in Role.values)


def test_sekretariat_grants_only_ad_hoc_roles() -> None:
    assert {r for r in Role.values if can_grant_role(SEKRETARIAT, r)} == {
        Role.PANWASCAM,
        Role.PKD,
        Role.PTPS,
    }


@pytest.mark.parametrize("j", [KOMISIONER, PANWASCAM, PKD, PTPS, None])
def test_others_grant_nothing(j: Jurisdiction | None) -> None:
    assert not any(can_grant_role(j, role) for role in Role.values)


def test_unknown_role_is_never_granted() -> None:
    assert not can_grant_role(ADMIN, "raja")


def test_grant_in_region_needs_the_place_within_the_jurisdiction() -> None:
    assert can_grant_in_region(SEKRETARIAT, Role.PKD, "35.05.01.2001")
    assert not can_grant_in_region(SEKRETARIAT, Role.PKD, "35.06.01.2001")
    assert not can_grant_in_region(SEKRETARIAT, Role.PKD, "35.050")
    assert not can_grant_in_region(SEKRETARIAT, Role.ADMINISTRATOR, None)
    assert can_grant_in_region(ADMIN, Role.ADMINISTRATOR, None)
    assert can_grant_in_region(ADMIN, Role.PKD, "35.06.01.2001")


def test_administrator_manages_everyone_even_without_assignment() -> None:
    assert can_manage_user(ADMIN, None)
    assert can_manage_user(ADMIN, held(Role.SEKRETARIAT, "35.06"))
    assert can_manage_user(ADMIN, held(Role.ADMINISTRATOR, None))


def test_sekretariat_manages_ad_hoc_users_in_its_region() -> None:
    assert can_manage_user(SEKRETARIAT, held(Role.PANWASCAM, "35.05.01"))
    assert can_manage_user(SEKRETARIAT, held(Role.PKD, "35.05.01.2001"))
    assert can_manage_user(SEKRETARIAT, held(Role.PTPS, "35.05.01.2001", tps=7))


def test_sekretariat_denied_outside_region_roles_and_without_assignment() -> None:
    assert not can_manage_user(SEKRETARIAT, held(Role.PKD, "35.06.01.2001"))
    assert not can_manage_user(KEDIRI_SEKRETARIAT, held(Role.PKD, "35.05.01.2001"))
    assert not can_manage_user(SEKRETARIAT, held(Role.KOMISIONER, "35.05"))
    assert not can_manage_user(SEKRETARIAT, held(Role.SEKRETARIAT, "35.05"))
    assert not can_manage_user(SEKRETARIAT, held(Role.ADMINISTRATOR, None))
    assert not can_manage_user(SEKRETARIAT, None)


@pytest.mark.parametrize("j", [KOMISIONER, PANWASCAM, PKD, PTPS, None])
def test_others_manage_nobody(j: Jurisdiction | None) -> None:
    assert not can_manage_user(j, held(Role.PTPS, "35.05.01.2001", tps=1))
    assert not can_manage_user(j, None)


# --- users_visible (SQL) ---


@pytest.fixture
def kediri(blitar: Region) -> Region:
    kabupaten = Region.objects.create(
        code="35.06", name="Kabupaten Kediri", level="kabupaten", name_key="KEDIRI"
    )
    kecamatan = Region.objects.create(
        code="35.06.01", name="Mojo", level="kecamatan", parent=kabupaten, name_key="MOJO"
    )
    Region.objects.create(
        code="35.06.01.2001", name="Ngetrep", level="desa", parent=kecamatan, name_key="NGETREP"
    )
    return kabupaten


@pytest.fixture
def people(make_user: Callable[..., User], kediri: Region) -> dict[str, User]:
    people = {
        "admin": make_user(Role.ADMINISTRATOR, username="admin"),
        "sekretariat": make_user(Role.SEKRETARIAT, username="sek-blitar"),
        "panwascam": make_user(Role.PANWASCAM, username="panwascam"),
        "pkd": make_user(Role.PKD, username="pkd"),
        "ptps": make_user(Role.PTPS, username="ptps"),
        "kediri": make_user(Role.PKD, region_code="35.06.01.2001", username="pkd-kediri"),
        "kediri-sek": make_user(Role.SEKRETARIAT, region_code="35.06", username="sek-kediri"),
    }
    people["nobody"] = User.objects.create_user("tanpa-peran")
    ended = make_user(Role.PKD, username="pkd-lama")
    assignment_end(assignment=ended.assignments.get(), on=datetime.date(2020, 6, 1))
    people["ended"] = ended
    return people


def visible(j: Jurisdiction) -> set[str]:
    return set(users_visible(j, User.objects.all()).values_list("username", flat=True))


def test_administrator_sees_everyone(people: dict[str, User]) -> None:
    assert visible(ADMIN) == {user.username for user in people.values()}


def test_sekretariat_sees_current_users_of_its_kabupaten(people: dict[str, User]) -> None:
    assert visible(SEKRETARIAT) == {"admin", "sek-blitar", "panwascam", "pkd", "ptps"} - {"admin"}
    assert visible(KEDIRI_SEKRETARIAT) == {"pkd-kediri", "sek-kediri"}


def test_region_prefix_is_a_whole_code(people: dict[str, User], kediri: Region) -> None:
    # 35.0 is not a prefix of 35.05: a jurisdiction of "35.0" sees nobody in 35.05.
    assert visible(Jurisdiction(role=Role.SEKRETARIAT, region_code="35.0")) == set()


def test_a_new_assignment_moves_the_user(people: dict[str, User]) -> None:
    moved = people["pkd"]
    assignment_create(user=moved, role=Role.PKD, region=Region.objects.get(code="35.06.01.2001"))
    assert "pkd" not in visible(SEKRETARIAT)
    assert "pkd" in visible(KEDIRI_SEKRETARIAT)


def test_others_see_nobody(people: dict[str, User]) -> None:
    for j in (KOMISIONER, PANWASCAM, PKD, PTPS):
        assert visible(j) == set()


def test_users_visible_is_one_query(people: dict[str, User]) -> None:
    with CaptureQueriesContext(connection) as queries:
        list(users_visible(SEKRETARIAT, User.objects.all()))
    assert len(queries) == 1
    assert "EXISTS" in queries[0]["sql"].upper()
