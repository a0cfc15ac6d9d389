"""The user's own account pages: overview, authenticator, recovery codes, password, sessions."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.models import Account
from pengawas.accounts.roles import Role
from pengawas.accounts.services_sessions import SESSION_EPOCH_KEY
from pengawas.accounts.services_totp import recovery_codes_create
from pengawas.accounts.tests.twofactor import authenticator_for, code_now
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.conftest import TEST_PASSWORD

NEW_PASSWORD = "kopi tubruk pagi hari"


@pytest.fixture
def komisioner(make_user: Callable[..., User]) -> User:
    return make_user(Role.KOMISIONER, username="komisioner-blitar")


def _password_login(client: Client, username: str = "komisioner-blitar") -> None:
    client.post("/masuk/", {"username": username, "password": TEST_PASSWORD})


# --- Overview --------------------------------------------------------------------------


def test_the_account_page_shows_role_and_second_factor(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    page = client.get("/akun/").content.decode()
    assert "komisioner-blitar" in page and "Komisioner" in page
    assert "Keluar dari semua perangkat lain" in page


def test_a_user_without_assignment_still_reaches_their_own_account(
    client: Client, db: None
) -> None:
    user = User.objects.create_user("tanpa-tugas", password=TEST_PASSWORD)
    _password_login(client, "tanpa-tugas")
    assert client.get("/akun/").status_code == 200
    assert client.get("/akun/sandi/").status_code == 200
    assert client.get("/akun/dua-faktor/").status_code == 200
    assert user.pk


@pytest.mark.parametrize(
    "path",
    ["/akun/", "/akun/dua-faktor/", "/akun/dua-faktor/kode-pemulihan/", "/akun/sandi/"],
)
def test_own_pages_need_a_login(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/masuk/?next=")


# --- Enrolment -------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_and_keeps_them_on_reload(
    client: Client, komisioner: User
) -> None:
    _password_login(client)
    page = client.get("/akun/dua-faktor/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert (
        "<svg" in html
        and 'class="qr"' in html
        and "<script" not in html.split("<main")[1].split("</main>")[0]
    )
    device = TOTPDevice.objects.get(user=komisioner, confirmed=False)
    secret = re.search(r'class="secret mono"[^>]*>([A-Z2-7 ]+)<', html)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32
    client.get("/akun/dua-faktor/")
    assert TOTPDevice.objects.get(user=komisioner, confirmed=False).pk == device.pk


def test_enrolment_confirms_with_a_code_and_shows_recovery_codes_once(
    client: Client, komisioner: User
) -> None:
    _password_login(client)
    client.get("/akun/dua-faktor/?next=/dpt/cari/")
    device = TOTPDevice.objects.get(user=komisioner, confirmed=False)
    response = client.post("/akun/dua-faktor/?next=/dpt/cari/", {"code": code_now(device)})
    assert response.status_code == 200
    html = response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", html)
    assert len(codes) == 10
    assert 'href="/dpt/cari/"' in html
    device.refresh_from_db()
    assert device.confirmed and device.name == "aplikasi"
    # The session now counts as verified by the new device.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/dpt/cari/").status_code == 200
    assert StaticToken.objects.filter(device__user=komisioner).count() == 10
    entry = AuditEntry.objects.get(action=Action.TOTP_ENROLLED)
    assert entry.target_id == str(komisioner.pk) and not any(c in str(entry.detail) for c in codes)
    # The codes are not shown again.
    assert not re.findall(
        r"<li>[a-z2-7]{4}-[a-z2-7]{4}</li>", client.get("/akun/").content.decode()
    )


def test_a_wrong_enrolment_code_is_refused_and_recorded(client: Client, komisioner: User) -> None:
    _password_login(client)
    client.get("/akun/dua-faktor/")
    response = client.post("/akun/dua-faktor/", {"code": "000000"})
    assert response.status_code == 200 and "Kode tidak cocok" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=komisioner, confirmed=True).exists()
    assert AuditEntry.objects.get(action=Action.TOTP_FAILURE).detail == {"step": "enrolment"}


def test_a_password_only_session_cannot_replace_an_existing_authenticator(
    client: Client, komisioner: User
) -> None:
    authenticator_for(komisioner)
    _password_login(client)
    response = client.get("/akun/dua-faktor/")
    assert response.status_code == 302 and response.url == "/masuk/kode/"
    assert not TOTPDevice.objects.filter(user=komisioner, confirmed=False).exists()


def test_a_verified_user_replaces_the_authenticator_and_the_old_one_stops(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    old = authenticator_for(komisioner)
    login(client, komisioner)
    assert "Ganti aplikasi" in client.get("/akun/dua-faktor/").content.decode()
    new = TOTPDevice.objects.get(user=komisioner, confirmed=False)
    client.post("/akun/dua-faktor/", {"code": code_now(new)})
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert list(TOTPDevice.objects.filter(user=komisioner).values_list("pk", flat=True)) == [new.pk]


# --- Recovery codes --------------------------------------------------------------------


def test_new_recovery_codes_need_a_current_code(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    device = authenticator_for(komisioner)
    old_codes = recovery_codes_create(user=komisioner)
    # login() verifies the session with a device named "uji"; use the real one.
    login(client, komisioner)
    TOTPDevice.objects.filter(user=komisioner).exclude(pk=device.pk).delete()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get("/akun/dua-faktor/kode-pemulihan/")
    assert page.status_code == 200 and "10 kode pemulihan" in page.content.decode()
    wrong = client.post("/akun/dua-faktor/kode-pemulihan/", {"code": "000000"})
    assert "Kode salah" in wrong.content.decode() or "Tunggu" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    # A recovery code is not a current code from the app.
    refused = client.post("/akun/dua-faktor/kode-pemulihan/", {"code": old_codes[0]})
    assert not re.findall(r"<li>[a-z2-7]{4}-[a-z2-7]{4}</li>", refused.content.decode())
    assert StaticToken.objects.filter(device__user=komisioner).count() == 10  # not used up
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/akun/dua-faktor/kode-pemulihan/", {"code": code_now(device)})
    new_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert 'href="/akun/"' in response.content.decode()
    renewed = AuditEntry.objects.get(action=Action.RECOVERY_CODES_RENEWED)
    assert renewed.actor == komisioner and not any(c in str(renewed.detail) for c in new_codes)


def test_recovery_codes_page_needs_a_verified_session(
    client: Client, komisioner: User, login: Callable[..., None], settings: Any
) -> None:
    settings.TWO_FACTOR_FIELD_ROLES = False
    login(client, komisioner, verified=False)
    response = client.get("/akun/dua-faktor/kode-pemulihan/")
    assert response.status_code == 302


# --- Password --------------------------------------------------------------------------


def test_changing_the_password(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    other = Client()
    login(other, komisioner)
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    komisioner.refresh_from_db()
    assert komisioner.check_password(NEW_PASSWORD)
    assert komisioner.password.startswith("argon2")
    # This session stays; the other one ends (its password hash no longer matches).
    assert client.get("/akun/").status_code == 200
    assert other.get("/akun/").status_code == 302
    entry = AuditEntry.objects.get(action=Action.PASSWORD_CHANGED)
    assert entry.detail == {"forced": False} and NEW_PASSWORD not in str(entry.detail)


def test_the_old_password_is_required_even_when_forced(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    Account.objects.filter(user=komisioner).update(must_change_password=True)
    login(client, komisioner, verified=False)
    page = client.get("/akun/sandi/")
    assert "disetel oleh administrator" in page.content.decode()
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": "bukan-sandinya",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah" in response.content.decode()
    response = client.post(
        "/akun/sandi/?next=/dpt/cari/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == "/dpt/cari/"
    assert not Account.objects.get(user=komisioner).must_change_password
    # Then the second factor is due.
    assert client.get("/dpt/cari/").url.startswith("/akun/dua-faktor/")
    assert AuditEntry.objects.get(action=Action.PASSWORD_CHANGED).detail == {"forced": True}


def test_a_password_only_session_of_a_user_with_an_authenticator_cannot_change_the_password(
    client: Client, komisioner: User
) -> None:
    authenticator_for(komisioner)
    _password_login(client)
    response = client.get("/akun/sandi/")
    assert response.status_code == 302 and response.url == "/masuk/kode/"


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("pendek1", "terlalu pendek"),
        ("3505012001123", "seluruhnya terdiri dari angka"),
        ("password123", "terlalu umum"),
        ("komisioner-blitar1", "terlalu mirip"),
    ],
)
def test_weak_passwords_are_refused_in_indonesian(
    client: Client, komisioner: User, login: Callable[..., None], new: str, message: str
) -> None:
    login(client, komisioner)
    response = client.post(
        "/akun/sandi/", {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


# --- Log out everywhere ----------------------------------------------------------------


def test_logout_everywhere_ends_the_other_sessions_but_not_this_one(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    phone = Client()
    login(phone, komisioner)
    response = client.post("/akun/keluar-semua/")
    assert response.status_code == 302 and response.url == "/akun/"
    assert client.session[SESSION_EPOCH_KEY] == 1
    assert client.get("/akun/").status_code == 200
    assert phone.get("/akun/").status_code == 302
    assert "_auth_user_id" not in phone.session
    assert Account.objects.get(user=komisioner).session_epoch == 1
    entry = AuditEntry.objects.get(action=Action.LOGOUT_EVERYWHERE)
    assert entry.actor == komisioner and entry.target_id == str(komisioner.pk)


def test_logout_everywhere_is_post_only(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner)
    assert client.get("/akun/keluar-semua/").status_code == 405
    assert Account.objects.get(user=komisioner).session_epoch == 0


def test_logout_everywhere_needs_the_second_factor(
    client: Client, komisioner: User, login: Callable[..., None]
) -> None:
    login(client, komisioner, verified=False)
    assert client.post("/akun/keluar-semua/").status_code == 302
    assert Account.objects.get(user=komisioner).session_epoch == 0
