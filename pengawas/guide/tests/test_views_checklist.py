"""The PTPS's checklist over the web and its sync endpoint."""

import datetime
import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps
from pengawas.guide.models import ChecklistMark, Edition

pytestmark = pytest.mark.django_db
API = "/api/v1/panduan/daftar-periksa/pilkada-2020"


@pytest.fixture
def phone(ptps: User, login: Callable[..., None], client: Client) -> Client:
    login(client, ptps)
    return client


def _first_check(edition: Edition) -> str:
    section = edition.sections.filter(type="langkah").order_by("order").first()
    assert section is not None
    return str(section.data["checks"][0]["id"])


def _sync(client: Client, marks: list[object]) -> dict[str, object]:
    response = client.post(API, json.dumps({"marks": marks}), content_type="application/json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_the_page_lists_every_step_and_item_of_the_day(edition: Edition, phone: Client) -> None:
    response = phone.get(reverse("guide-checklist", args=["pilkada-2020"]))
    html = response.content.decode()
    assert "TPS 001 Desa Jaten" in html
    for section in edition.sections.filter(type="langkah"):
        assert f'id="langkah-{section.page_id}"' in html
        for check in section.data["checks"]:
            assert f'data-check="{check["id"]}"' in html
    assert 'id="checklist-state"' in html


def test_without_javascript_a_mark_is_saved_and_drafts_form_a(
    edition: Edition, phone: Client
) -> None:
    check_id = _first_check(edition)
    url = reverse("guide-checklist", args=["pilkada-2020"])
    response = phone.post(url, {"check_id": check_id, "mark": "tidak_sesuai", "note": "terlambat"})
    assert response["Location"] == f"{url}#c-{check_id}"
    mark = ChecklistMark.objects.get(check_id=check_id)
    assert (mark.mark, mark.note) == ("tidak_sesuai", "terlambat")
    html = phone.get(url).content.decode()
    drafts = html.split("<div data-drafts>", 1)[1].split("</div>", 1)[0]
    assert "Belum ada butir yang ditandai tidak sesuai" not in drafts
    assert "terlambat" in drafts


def test_without_javascript_a_bad_mark_is_explained(edition: Edition, phone: Client) -> None:
    url = reverse("guide-checklist", args=["pilkada-2020"])
    response = phone.post(url, {"check_id": "tidak-ada", "mark": "sesuai"}, follow=True)
    assert "Tanda tidak disimpan: butir periksa tidak dikenal" in response.content.decode()
    assert not ChecklistMark.objects.exists()


def test_sync_keeps_the_latest_mark_and_ignores_a_late_older_one(
    edition: Edition, phone: Client
) -> None:
    check_id = _first_check(edition)
    newer = {
        "check_id": check_id,
        "mark": "tidak_sesuai",
        "note": "b",
        "marked_at": "2020-12-09T07:30:00+07:00",
    }
    older = {
        "check_id": check_id,
        "mark": "sesuai",
        "note": "a",
        "marked_at": "2020-12-09T07:10:00+07:00",
    }
    assert _sync(phone, [newer])["applied"] == 1
    body = _sync(phone, [older, newer])  # a second phone, offline longer; and a resend
    assert body["applied"] == 0
    mark = ChecklistMark.objects.get()
    assert (mark.mark, mark.note) == ("tidak_sesuai", "b")
    assert mark.marked_at == datetime.datetime(2020, 12, 9, 0, 30, tzinfo=datetime.UTC)


def test_sync_applies_the_good_marks_and_reports_the_refused(
    edition: Edition, phone: Client
) -> None:
    good = {
        "check_id": _first_check(edition),
        "mark": "sesuai",
        "marked_at": "2020-12-09T07:00:00+07:00",
    }
    body = _sync(phone, [good, {"check_id": "dari-edisi-lama", "mark": "sesuai"}])
    assert body["applied"] == 1
    assert body["refused"] == [
        {"check_id": "dari-edisi-lama", "reason": "butir periksa tidak dikenal: 'dari-edisi-lama'"}
    ]


def test_sync_answers_state_and_a_fresh_token(edition: Edition, phone: Client) -> None:
    body = phone.get(API).json()
    assert body["marks"] == [] and body["csrf"]


def test_sync_refuses_malformed_bodies(edition: Edition, phone: Client) -> None:
    assert phone.post(API, "{", content_type="application/json").status_code == 400
    response = phone.post(API, json.dumps({"marks": 1}), content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.PKD, Role.PANWASCAM, Role.KOMISIONER])
def test_only_the_ptps_keeps_the_checklist(
    edition: Edition, make_user: Callable[..., User], login: Callable[..., None], role: str
) -> None:
    client = Client()
    login(client, make_user(role))
    assert client.get(reverse("guide-checklist", args=["pilkada-2020"])).status_code == 403
    assert client.get(API).status_code == 403
    assert client.post(API, "{}", content_type="application/json").status_code == 403


def test_the_public_cannot_sync(edition: Edition, client: Client) -> None:
    assert client.get(API).status_code == 401


def test_a_ptps_writes_only_to_their_own_tps(
    edition: Edition,
    ptps: User,
    make_user: Callable[..., User],
    login: Callable[..., None],
    election: Election,
) -> None:
    other_tps = Tps.objects.create(election=election, village_id="35.05.01.2001", number=2)
    client = Client()
    login(client, make_user(Role.PTPS, tps=other_tps))
    check = {
        "check_id": _first_check(edition),
        "mark": "sesuai",
        "marked_at": "2020-12-09T07:00:00+07:00",
    }
    _sync(client, [check])
    assert list(ChecklistMark.objects.values_list("tps_id", flat=True)) == [other_tps.pk]
