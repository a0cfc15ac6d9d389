"""AccountPolicyMiddleware: ended sessions, forced password change, the second factor, and the
inactivity limit of sessions."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from pengawas.accounts.models import Account
from pengawas.accounts.roles import Role
from pengawas.accounts.services_sessions import SESSION_EPOCH_KEY, account_logout_everywhere
from pengawas.accounts.tests.twofactor import authenticator_for

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/dpt/cari/?x=1"}


@pytest.fixture
def komisioner(make_user: Callable[..., User]) -> User:
    return make_user(Role.KOMISIONER, username="komisioner-blitar")


@pytest.fixture
def ptps(make_user: Callable[..., User]) -> User:
    return make_user(Role.PTPS, username="ptps-jaten-1")


# --- (c) the second factor -------------------------------------------------------------


def test_a_password_only_komisioner_is_refused_an_internal_page(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.get("/dpt/cari/")
    assert response.status_code == 302
    assert response.url == "/akun/dua-faktor/?next=%2Fdpt%2Fcari%2F"


def test_a_password_only_komisioner_cannot_search_by_post(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.post("/dpt/cari/", {"q": "SITI"})
    assert response.status_code == 302 and "SITI" not in response.url
    assert response.url.startswith("/akun/dua-faktor/")


def test_with_an_authenticator_the_komisioner_is_sent_to_the_code_page(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    authenticator_for(komisioner)
    login(client, komisioner, verified=False)
    assert client.get("/dpt/cari/").url == "/masuk/kode/?next=%2Fdpt%2Fcari%2F"


def test_a_verified_komisioner_passes(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    assert client.get("/akun/").status_code == 200


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SEKRETARIAT, Role.PANWASCAM])
def test_every_role_above_the_field_needs_the_second_factor(
    client: Client, make_user: Callable[..., User], login: Callable[..., None], role: str
) -> None:
    login(client, make_user(role), verified=False)
    assert client.get("/akun/").status_code == 302


@pytest.mark.parametrize("role", [Role.PKD, Role.PTPS])
def test_field_roles_follow_the_setting(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    settings: Any,
    role: str,
) -> None:
    user = make_user(role)
    login(client, user, verified=False)
    settings.TWO_FACTOR_FIELD_ROLES = False
    assert client.get("/akun/").status_code == 200
    settings.TWO_FACTOR_FIELD_ROLES = True
    response = client.get("/akun/")
    assert response.status_code == 302 and response.url.startswith("/akun/dua-faktor/")


def test_a_ptps_who_set_up_an_authenticator_must_use_it(client: Client, ptps: User) -> None:
    authenticator_for(ptps)
    response = client.post("/masuk/", {"username": "ptps-jaten-1", "password": "uji-Sandi-2020!"})
    assert response.url == "/masuk/kode/"
    assert client.get("/akun/").url.startswith("/masuk/kode/")


def test_htmx_requests_get_hx_redirect_back_to_the_page_not_the_fragment(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.post("/dpt/cari/", {"q": "SITI"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/akun/dua-faktor/?next=%2Fdpt%2Fcari%2F"


def test_internal_api_paths_get_json_instead_of_a_redirect(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.get("/api/v1/internal-anything")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/masuk/",
        "/masuk/kode/",
        "/akun/dua-faktor/",
        "/akun/sandi/",
        "/cek-dpt/",
        "/api/v1/openapi.json",
        "/healthz",
    ],
)
def test_exempt_paths_stay_reachable_without_the_second_factor(
    client: Client, komisioner: User, login: Callable[..., None], path: str
) -> None:
    login(client, komisioner, verified=False)
    response = client.get(path)
    # Not the middleware's redirect (which names the way back); a view may still redirect.
    assert "next=" not in response.get("Location", "")
    assert response.status_code in (200, 302)


def test_the_public_api_stays_reachable(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.get("/api/v1/cek-dpt", {"nik": "3505010101800001"})
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("application/json")


def test_the_language_switch_stays_reachable(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    response = client.post("/bahasa/", {"language": "en", "next": "/cek-dpt/"})
    assert response.status_code == 302 and response.url == "/cek-dpt/"


def test_anonymous_users_are_left_to_the_views(client: Client, db: None) -> None:
    response = client.get("/dpt/cari/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")


# --- (b) a password set by someone else ------------------------------------------------


def test_a_reset_password_must_be_changed_before_anything_else(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    Account.objects.filter(user=komisioner).update(must_change_password=True)
    login(client, komisioner, verified=False)
    # Before the second factor: the password page comes first.
    assert client.get("/dpt/cari/").url == "/akun/sandi/?next=%2Fdpt%2Fcari%2F"
    assert client.get("/akun/sandi/").status_code == 200
    response = client.get("/api/v1/internal-anything")
    assert response.status_code == 403


# --- (a) log out everywhere ------------------------------------------------------------


def test_a_session_older_than_the_epoch_is_ended(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    assert client.session[SESSION_EPOCH_KEY] == 0
    account_logout_everywhere(user=komisioner, actor=None)
    response = client.get("/akun/")
    assert response.status_code == 302 and response.url == "/masuk/?next=%2Fakun%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "Sesi Anda diakhiri" in page.content.decode()


def test_an_ended_session_on_a_public_page_just_becomes_anonymous(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    account_logout_everywhere(user=komisioner, actor=None)
    assert client.get("/cek-dpt/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_ended_session_gets_401_json_on_the_api(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    account_logout_everywhere(user=komisioner, actor=None)
    response = client.get("/api/v1/internal-anything")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"


def test_an_ended_session_gets_hx_redirect_on_htmx(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    account_logout_everywhere(user=komisioner, actor=None)
    response = client.post("/dpt/cari/", {"q": "SITI"}, **HTMX)
    assert response["HX-Redirect"] == "/masuk/?next=%2Fdpt%2Fcari%2F"


def test_a_session_without_an_epoch_is_not_trusted(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    session = client.session
    del session[SESSION_EPOCH_KEY]
    session.save()
    assert client.get("/akun/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- Inactivity ------------------------------------------------------------------------


def test_every_request_moves_the_end_of_the_session(
    client: Client, komisioner: User, login: Callable[..., None], settings: Any
) -> None:
    login(client, komisioner)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=1)
    )
    assert client.get("/akun/").status_code == 200
    expires = Session.objects.get(pk=client.session.session_key).expire_date
    assert expires > timezone.now() + timezone.timedelta(minutes=29)
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_idle_longer_than_the_limit_is_refused(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    key = client.session.session_key
    # As if the last request was 31 minutes ago: its 30 minutes ran out a minute ago.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timezone.timedelta(minutes=1)
    )
    response = client.get("/akun/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")
