"""The recording page, the htmx answer, the JSON endpoint, and who may use them."""

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps
from pengawas.incidents.models import Incident

pytestmark = pytest.mark.django_db
FAR_DESA = "35.05.02.2001"  # Kecamatan Udanawu


@pytest.fixture
def tps(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)


@pytest.fixture
def as_user(make_user: Callable[..., User], login: Callable[..., None]) -> Callable[..., Client]:
    def make(role: str, **kwargs: Any) -> Client:
        client = Client()
        login(client, make_user(role, **kwargs))
        return client

    return make


def post_incident(client: Client, url: str, **data: Any) -> Any:
    data.setdefault("client_uuid", str(uuid.uuid4()))
    return client.post(url, data)


def test_the_ptps_records_at_their_own_tps(as_user: Callable[..., Client], tps: Tps) -> None:
    client = as_user(Role.PTPS, tps=tps)
    page = client.get(reverse("incidents-own"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "TPS 001 Desa Jaten, Kecamatan Wonodadi" in body
    assert 'value="COUNT_UNREST"' in body and 'value="KPPS_DAMAGED_USED_BALLOTS"' in body
    key = str(uuid.uuid4())
    done = post_incident(
        client, reverse("incidents-own"), code="VOTED_MORE_THAN_ONCE", count="2", client_uuid=key
    )
    assert done.status_code == 302 and done.url.endswith("#jawaban")
    page = client.get(done.url).content.decode()
    assert "Kejadian dicatat." in page
    assert "Pasal 112 ayat (2) huruf d" in page
    assert "Draf isian C.Kejadian Khusus dan/atau Keberatan-KWK" in page
    assert "Draf rekomendasi Panwaslu Kecamatan" in page
    assert "merekomendasikan pemungutan suara ulang di TPS 001" in page
    # The same form sent again (a double tap, a resend): still one incident.
    again = post_incident(
        client, reverse("incidents-own"), code="VOTED_MORE_THAN_ONCE", count="2", client_uuid=key
    )
    assert again.status_code == 302
    assert "sudah tercatat sebelumnya" in client.get(again.url).content.decode()
    assert Incident.objects.count() == 1


def test_a_counted_incident_needs_its_count(as_user: Callable[..., Client], tps: Tps) -> None:
    client = as_user(Role.PTPS, tps=tps)
    response = post_incident(client, reverse("incidents-own"), code="KPPS_DAMAGED_USED_BALLOTS")
    assert response.status_code == 400
    assert "perlu jumlah (jumlah surat suara)" in response.content.decode()
    assert not Incident.objects.exists()


def test_one_ballot_is_not_enough_in_pilkada(as_user: Callable[..., Client], tps: Tps) -> None:
    client = as_user(Role.PTPS, tps=tps)
    post_incident(client, reverse("incidents-own"), code="KPPS_DAMAGED_USED_BALLOTS", count="1")
    page = client.get(reverse("incidents-own")).content.decode()
    assert "Tercatat 1; syarat paling sedikit 2." in page
    assert "Draf rekomendasi" not in page


def test_the_answer_while_choosing_is_not_saved(as_user: Callable[..., Client], tps: Tps) -> None:
    client = as_user(Role.PTPS, tps=tps)
    url = reverse("incidents-preview", args=[tps.pk])
    response = client.post(url, {"code": "COUNT_UNREST"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="jawaban-isi"' in body and "<html" not in body
    assert "tidak menyebut kerusuhan" in body and "Pasal 112 ayat (1)" in body
    body = client.post(url, {"code": "VOTED_MORE_THAN_ONCE", "count": "2"}).content.decode()
    assert "ada dasar hukum" in body and "Pasal 112 ayat (2) huruf d" in body
    assert not Incident.objects.exists()


def test_panwascam_and_pkd_record_at_a_tps_of_their_area(
    as_user: Callable[..., Client], tps: Tps
) -> None:
    url = reverse("incidents-tps", args=[tps.pk])
    for role in (Role.PANWASCAM, Role.PKD, Role.KOMISIONER):
        client = as_user(role)
        assert client.get(url).status_code == 200
        assert post_incident(client, url, code="COUNT_CLOSED").status_code == 302
    assert Incident.objects.filter(tps=tps).count() == 3
    listing = as_user(Role.PANWASCAM).get(reverse("incidents-own")).content.decode()
    assert reverse("incidents-tps", args=[tps.pk]) in listing and "3 kejadian" in listing


def test_outside_the_area_the_tps_does_not_exist(
    as_user: Callable[..., Client], tps: Tps, election: Election
) -> None:
    other = Tps.objects.create(election=election, village_id="35.05.01.2001", number=2)
    far = Tps.objects.create(election=election, village_id=FAR_DESA, number=1)
    ptps = as_user(Role.PTPS, tps=other)
    assert ptps.get(reverse("incidents-tps", args=[tps.pk])).status_code == 404
    assert post_incident(ptps, reverse("incidents-tps", args=[tps.pk]), code="COUNT_CLOSED").status_code == 404  # fmt: skip
    assert ptps.post(reverse("incidents-preview", args=[tps.pk])).status_code == 404
    pkd_far = as_user(Role.PKD, region_code=FAR_DESA)
    assert pkd_far.get(reverse("incidents-tps", args=[tps.pk])).status_code == 404
    assert pkd_far.get(reverse("incidents-tps", args=[far.pk])).status_code == 200
    panwascam = as_user(Role.PANWASCAM)
    assert panwascam.get(reverse("incidents-tps", args=[far.pk])).status_code == 404
    assert not Incident.objects.exists()


def test_the_public_is_sent_to_the_login(client: Client, tps: Tps) -> None:
    for url in (reverse("incidents-own"), reverse("incidents-tps", args=[tps.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL) + "?next=")


def api_post(client: Client, body: Any) -> Any:
    return client.post(reverse("incidents-api"), json.dumps(body), content_type="application/json")


def test_api_resend_records_once(as_user: Callable[..., Client], tps: Tps) -> None:
    client = as_user(Role.PTPS, tps=tps)
    body = {
        "client_uuid": str(uuid.uuid4()),
        "code": "NO_KTP_UNREGISTERED_VOTED",
        "count": 1,
        "note": "tanpa KTP-el",
        "occurred_at": "2020-12-09T10:15:00+07:00",
    }
    first = api_post(client, body)
    assert first.status_code == 201
    assert first.json()["recorded"]["client_uuid"] == body["client_uuid"]
    assert first.json()["answer"]["revote"]["grounded"] is False  # Pilkada: one is not enough
    again = api_post(client, body)
    assert again.status_code == 200
    assert len(again.json()["incidents"]) == 1
    assert Incident.objects.count() == 1
    listed = client.get(reverse("incidents-api")).json()
    assert listed["tps"] == tps.pk and listed["incidents"][0]["code"] == body["code"]
    assert listed["csrf"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"code": "COUNT_CLOSED"}, "client_uuid"),
        ({"code": "COUNT_CLOSED", "client_uuid": "x"}, "client_uuid"),
        ({"code": "X", "client_uuid": str(uuid.uuid4())}, "tidak dikenal"),
        (
            {"code": "COUNT_CLOSED", "client_uuid": str(uuid.uuid4()), "occurred_at": "kemarin"},
            "ISO 8601",
        ),
        ([], "satu objek"),
    ],
)
def test_api_refusals(as_user: Callable[..., Client], tps: Tps, body: Any, message: str) -> None:
    response = api_post(as_user(Role.PTPS, tps=tps), body)
    assert response.status_code == 400 and message in response.json()["error"]


def test_api_scoping(
    as_user: Callable[..., Client], tps: Tps, election: Election, client: Client
) -> None:
    far = Tps.objects.create(election=election, village_id=FAR_DESA, number=1)
    body = {"tps": far.pk, "code": "COUNT_CLOSED", "client_uuid": str(uuid.uuid4())}
    assert api_post(as_user(Role.PTPS, tps=tps), body).status_code == 404
    assert api_post(as_user(Role.PANWASCAM), body).status_code == 404
    assert api_post(as_user(Role.PKD, region_code=FAR_DESA), body).status_code == 201
    assert as_user(Role.PANWASCAM).get(reverse("incidents-api")).status_code == 400
    assert client.get(reverse("incidents-api")).status_code == 401
