"""Recording incidents, the TPS's answer, and the drafts."""

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from pengawas.accounts.roles import Role
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.elections.services import election_create
from pengawas.incidents.models import Incident
from pengawas.incidents.services import (
    WIB,
    IncidentRefused,
    drafts,
    incident_record,
    tps_grounds,
    tps_incidents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tps(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps)


def test_record_and_answer(ptps: User, tps: Tps) -> None:
    incident_record(user=ptps, tps=tps, code="VOTED_MORE_THAN_ONCE", count=1)
    assert tps_grounds(tps=tps)["revote"]["grounded"] is False
    incident_record(user=ptps, tps=tps, code="VOTED_MORE_THAN_ONCE", count=1, note="TPS 2 juga")
    answer = tps_grounds(tps=tps)
    assert answer["revote"]["grounded"] is True
    assert answer["revote"]["grounds"][0]["count"] == 2
    assert [i.recorded_by for i in tps_incidents(tps=tps)] == [ptps, ptps]
    entries = AuditEntry.objects.filter(action="incident.recorded")
    assert entries.count() == 2
    assert {entry.detail["code"] for entry in entries} == {"VOTED_MORE_THAN_ONCE"}


def test_the_answer_follows_the_elections_kind(
    ptps: User, tps: Tps, make_user: Callable[..., User]
) -> None:
    pemilu = election_create(
        code="pemilu-2024", name="Pemilu 2024", kind="pemilu", region_code="35.05",
        voting_day=datetime.date(2024, 2, 14),
    )  # fmt: skip
    pemilu_tps = Tps.objects.create(election=pemilu, village_id="35.05.01.2001", number=1)
    for place in (tps, pemilu_tps):
        incident_record(user=ptps, tps=place, code="NO_KTP_UNREGISTERED_VOTED", count=1)
    assert tps_grounds(tps=tps)["revote"]["grounded"] is False
    assert tps_grounds(tps=pemilu_tps)["revote"]["grounded"] is True


def test_the_same_client_uuid_records_once(ptps: User, tps: Tps) -> None:
    key = uuid.uuid4()
    first = incident_record(user=ptps, tps=tps, code="COUNT_CLOSED", client_uuid=key)
    again = incident_record(user=ptps, tps=tps, code="COUNT_CLOSED", client_uuid=key)
    assert first.created and not again.created
    assert again.incident.pk == first.incident.pk
    assert Incident.objects.count() == 1


def test_a_client_uuid_of_another_tps_is_refused(ptps: User, tps: Tps, election: Election) -> None:
    other = Tps.objects.create(election=election, village_id="35.05.01.2001", number=2)
    key = uuid.uuid4()
    incident_record(user=ptps, tps=tps, code="COUNT_CLOSED", client_uuid=key)
    with pytest.raises(IncidentRefused, match="TPS lain"):
        incident_record(user=ptps, tps=other, code="COUNT_CLOSED", client_uuid=key)


@pytest.mark.parametrize(
    ("code", "count", "message"),
    [
        ("RIOT", None, "tidak dikenal"),
        ("KPPS_DAMAGED_USED_BALLOTS", None, "perlu jumlah"),
        ("KPPS_DAMAGED_USED_BALLOTS", 0, "1 atau lebih"),
    ],
)
def test_refusals(ptps: User, tps: Tps, code: str, count: int | None, message: str) -> None:
    with pytest.raises(IncidentRefused, match=message):
        incident_record(user=ptps, tps=tps, code=code, count=count)
    assert not Incident.objects.exists()


def test_a_time_in_the_future_is_refused(ptps: User, tps: Tps) -> None:
    later = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(IncidentRefused, match="masa depan"):
        incident_record(user=ptps, tps=tps, code="COUNT_CLOSED", occurred_at=later)


def test_drafts_name_the_place_the_time_and_the_basis(ptps: User, tps: Tps) -> None:
    at = datetime.datetime(2020, 12, 9, 13, 40, tzinfo=WIB)
    incident_record(user=ptps, tps=tps, code="COUNT_POOR_LIGHT", occurred_at=at, note="Lampu padam")
    incidents = list(tps_incidents(tps=tps))
    texts = drafts(tps=tps, incidents=incidents, answer=tps_grounds(tps=tps))
    assert "TPS 001 Desa Jaten, Kecamatan Wonodadi" in texts["kejadian"]
    assert "09-12-2020 pukul 13.40 WIB" in texts["kejadian"]
    assert "Lampu padam" in texts["kejadian"]
    assert "UU 1/2015 Pasal 113 ayat (2) huruf b" in texts["kejadian"]
    assert texts["rekomendasi"].startswith("Kepada Yth. Ketua PPK Kecamatan Wonodadi")
    assert "merekomendasikan penghitungan suara ulang di TPS 001" in texts["rekomendasi"]
    assert "pemungutan suara ulang" not in texts["rekomendasi"].split("TPS 001", 2)[-1]


def test_no_recommendation_without_a_ground(ptps: User, tps: Tps) -> None:
    incident_record(user=ptps, tps=tps, code="VOTED_MORE_THAN_ONCE", count=1)
    texts = drafts(tps=tps, incidents=list(tps_incidents(tps=tps)), answer=tps_grounds(tps=tps))
    assert texts["kejadian"] and texts["rekomendasi"] == ""
    assert drafts(tps=tps, incidents=[], answer=tps_grounds(tps=tps)) == {
        "kejadian": "",
        "rekomendasi": "",
    }
