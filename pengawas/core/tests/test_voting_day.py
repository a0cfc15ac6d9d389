"""The voting-day page leads each supervisor to their own work."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.guide.services import edition_publish

pytestmark = pytest.mark.django_db


def link(name: str) -> str:
    return f'href="{reverse(name)}"'


def test_a_ptps_is_led_to_their_tps_work(
    make_user: Callable[..., User], login: Callable[..., None], client: Client
) -> None:
    edition_publish(series="pilkada-2020")
    login(client, make_user(Role.PTPS))
    html = client.get(reverse("voting-day")).content.decode()
    for name in ("tally-sheet", "incidents-own", "form-a-own"):
        assert link(name) in html
    assert f'href="{reverse("guide-checklist", args=["pilkada-2020"])}"' in html
    assert link("form-a-review-list") not in html
    assert link("overview-board") not in html


def test_a_panwascam_is_led_to_review_and_the_overview(
    make_user: Callable[..., User], login: Callable[..., None], client: Client
) -> None:
    login(client, make_user(Role.PANWASCAM))
    html = client.get(reverse("voting-day")).content.decode()
    assert link("form-a-review-list") in html and link("overview-board") in html
    assert link("tally-sheet") not in html and link("form-a-own") not in html


def test_the_public_and_users_without_a_role_are_refused(
    client: Client, login: Callable[..., None]
) -> None:
    assert client.get(reverse("voting-day"))["Location"].startswith(reverse("login"))
    login(client, User.objects.create_user("tanpa-peran"))
    assert client.get(reverse("voting-day")).status_code == 403
