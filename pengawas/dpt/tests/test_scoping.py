"""Each role sees the voters of its own jurisdiction only, by every route into the list,
and every opening of a full record, NIK search and TPS list is in the audit trail."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt import rules
from pengawas.dpt.models import Voter
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

SEARCH = reverse("dpt-search")
JATEN, SALAM = "35.05.01.2001", "35.05.01.2002"  # Kecamatan Wonodadi
JATI = "35.05.02.2001"  # Kecamatan Udanawu
NIK_TPS2 = "3505014107800002"


@pytest.fixture
def voters(make_voter: Callable[..., Voter]) -> dict[str, Voter]:
    """One SITI in each place: Jaten TPS 1 and 2, Salam (same kecamatan), Jati (another)."""
    return {
        "jaten1": make_voter(name="SITI SATU", nik="3505014107800001", address="DUSUN A"),
        "jaten2": make_voter(name="SITI DUA", nik=NIK_TPS2, tps=2, address="DUSUN B"),
        "salam": make_voter(name="SITI TIGA", village=SALAM, nik="3505014107800003"),
        "jati": make_voter(name="SITI EMPAT", village=JATI, nik="3505024107800004"),
    }


@pytest.fixture
def as_role(
    client: Client, make_user: Callable[..., User], login: Callable[..., None]
) -> Callable[[str], Client]:
    def log_in(role: str) -> Client:
        login(client, make_user(role))
        return client

    return log_in


def names_found(client: Client, query: str = "siti") -> set[str]:
    html = client.post(SEARCH, {"q": query}).content.decode()
    return {name for name in ("SATU", "DUA", "TIGA", "EMPAT") if f"SITI {name}" in html}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMINISTRATOR, {"SATU", "DUA", "TIGA", "EMPAT"}),
        (Role.KOMISIONER, {"SATU", "DUA", "TIGA", "EMPAT"}),
        (Role.SEKRETARIAT, {"SATU", "DUA", "TIGA", "EMPAT"}),
        (Role.PANWASCAM, {"SATU", "DUA", "TIGA"}),
        (Role.PKD, {"SATU", "DUA"}),
        (Role.PTPS, {"SATU"}),
    ],
)
def test_the_name_search_stays_inside_the_jurisdiction(
    as_role: Callable[[str], Client], voters: dict[str, Voter], role: str, expected: set[str]
) -> None:
    client = as_role(role)
    assert names_found(client) == expected
    # Asking for another place by filter does not widen it: a PTPS asking for Jati's
    # kecamatan and a PKD asking for TPS 2 of Jati get nothing from outside.
    html = client.post(SEARCH, {"q": "siti", "kecamatan": "35.05.02", "desa": JATI}).content
    assert ("SITI EMPAT" in html.decode()) == ("EMPAT" in expected)


def test_the_search_form_offers_only_places_inside_the_jurisdiction(
    as_role: Callable[[str], Client], voters: dict[str, Voter]
) -> None:
    form = as_role(Role.PKD).get(SEARCH).context["form"]
    assert [code for code, _ in form.fields["kecamatan"].choices] == ["", "35.05.01"]
    # Without a chosen kecamatan the desa are grouped by kecamatan: [(group, [(code, name)])].
    desa = [code for _, group in form.fields["desa"].choices[1:] for code, _ in group]
    assert desa == [JATEN]


def test_a_nik_search_finds_only_voters_inside_the_jurisdiction_and_is_audited(
    as_role: Callable[[str], Client], voters: dict[str, Voter]
) -> None:
    client = as_role(Role.PTPS)
    html = client.post(SEARCH, {"nik": NIK_TPS2}).content.decode()
    assert "SITI DUA" not in html and "Tidak ada pemilih dengan NIK ini" in html
    entry = AuditEntry.objects.get(action=Action.VOTERS_SEARCHED)
    assert entry.detail["found"] == 0 and entry.detail["by"] == "nik"
    assert NIK_TPS2 not in str(entry.detail) + entry.target_label + entry.target_id


def test_result_cards_mask_the_nik_and_leave_the_full_record_to_its_own_page(
    as_role: Callable[[str], Client], voters: dict[str, Voter]
) -> None:
    html = as_role(Role.SEKRETARIAT).post(SEARCH, {"q": "siti satu"}).content.decode()
    assert "3505********0001" in html and "3505014107800001" not in html
    assert "DUSUN A" not in html
    assert reverse("dpt-voter-detail", args=[voters["jaten1"].pk]) in html
    # A name search shows no full record, so it writes nothing to the trail.
    voter_actions = [Action.VOTER_VIEWED, Action.VOTERS_SEARCHED, Action.VOTERS_EXPORTED]
    assert not AuditEntry.objects.filter(action__in=voter_actions).exists()


@pytest.mark.parametrize(
    ("role", "voter", "status"),
    [
        (Role.PTPS, "jaten1", 200),
        (Role.PTPS, "jaten2", 404),
        (Role.PKD, "jaten2", 200),
        (Role.PKD, "salam", 404),
        (Role.PANWASCAM, "salam", 200),
        (Role.PANWASCAM, "jati", 404),
        (Role.KOMISIONER, "jati", 200),
    ],
)
def test_a_full_record_opens_only_inside_the_jurisdiction(
    as_role: Callable[[str], Client],
    voters: dict[str, Voter],
    role: str,
    voter: str,
    status: int,
) -> None:
    target = voters[voter]
    response = as_role(role).get(reverse("dpt-voter-detail", args=[target.pk]))
    assert response.status_code == status
    opened = AuditEntry.objects.filter(action=Action.VOTER_VIEWED, target_id=str(target.pk))
    assert opened.exists() == (status == 200)
    if status == 200:
        html = response.content.decode()
        assert target.nik in html and target.name in html
        entry = opened.get()
        assert entry.actor_label.startswith(role) and target.nik not in str(entry.detail)


@pytest.mark.parametrize(
    ("role", "place", "status"),
    [
        (Role.PTPS, (JATEN, 1), 200),
        (Role.PTPS, (JATEN, 2), 404),
        (Role.PKD, (JATEN, 2), 200),
        (Role.PKD, (SALAM, 1), 404),
        (Role.PANWASCAM, (JATI, 1), 404),
        (Role.SEKRETARIAT, (JATI, 1), 200),
    ],
)
def test_a_tps_list_opens_only_inside_the_jurisdiction(
    as_role: Callable[[str], Client],
    voters: dict[str, Voter],
    role: str,
    place: tuple[str, int],
    status: int,
) -> None:
    tps = Tps.objects.get(village_id=place[0], number=place[1])
    response = as_role(role).get(reverse("dpt-tps-list", args=[tps.pk]))
    assert response.status_code == status
    exported = AuditEntry.objects.filter(action=Action.VOTERS_EXPORTED, target_id=str(tps.pk))
    assert exported.exists() == (status == 200)


def test_a_user_without_a_current_role_is_refused(
    client: Client, voters: dict[str, Voter], login: Callable[..., None], blitar: Region
) -> None:
    former = User.objects.create_user("mantan-ptps")
    login(client, former)
    assert client.get(SEARCH).status_code == 403
    assert client.get(reverse("dpt-voter-detail", args=[voters["jaten1"].pk])).status_code == 403


def test_anonymous_users_are_sent_to_the_login(client: Client, voters: dict[str, Voter]) -> None:
    response = client.get(reverse("dpt-voter-detail", args=[voters["jaten1"].pk]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


class TestRules:
    """The predicates themselves, on querysets (SQL), for each shape of jurisdiction."""

    def test_elections_visible(self, election: Election, blitar: Region) -> None:
        kota = Region.objects.create(code="35.72", name="Kota Blitar", level="kota", parent_id="35")
        other = Election.objects.create(
            code="pilwali-blitar-2020", name="Pilwali", kind="pilkada", region=kota,
            voting_day=election.voting_day, max_voters_per_tps=500,
        )  # fmt: skip
        everything = Election.objects.all()

        def visible(j: Jurisdiction) -> set[str]:
            return set(rules.elections_visible(j, everything).values_list("code", flat=True))

        assert visible(Jurisdiction(role=Role.ADMINISTRATOR, region_code=None)) == {
            election.code, other.code
        }  # fmt: skip
        assert visible(Jurisdiction(role=Role.PANWASCAM, region_code="35.05.01")) == {election.code}
        assert visible(Jurisdiction(role=Role.KOMISIONER, region_code="35.72")) == {other.code}
        # A province-wide election touches every kabupaten in it.
        assert visible(Jurisdiction(role=Role.KOMISIONER, region_code="35")) == {
            election.code, other.code
        }  # fmt: skip

    def test_search_tps_allowed(self, voters: dict[str, Voter], election: Election) -> None:
        whole: Any = rules.search_tps_allowed(
            Jurisdiction(role=Role.KOMISIONER, region_code="35.05"), election
        )
        assert whole is None  # the whole election: the search keeps its fastest plan
        desa = rules.search_tps_allowed(Jurisdiction(role=Role.PKD, region_code=JATEN), election)
        assert desa is not None
        assert set(Tps.objects.filter(pk__in=desa).values_list("village_id", flat=True)) == {JATEN}
        tps = voters["jaten2"].tps
        ptps = Jurisdiction(
            role=Role.PTPS, region_code=JATEN, tps_id=tps.pk, election_id=election.pk
        )
        assert rules.search_tps_allowed(ptps, election) == [tps.pk]
