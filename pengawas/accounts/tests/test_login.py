"""Login in two steps: password (axes-aware), then a code or a recovery code; logout."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.roles import Role
from pengawas.accounts.services_totp import recovery_codes_create
from pengawas.accounts.tests.twofactor import authenticator_for, code_now
from pengawas.accounts.views.login import next_path
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.conftest import TEST_PASSWORD

WRONG = "Nama pengguna atau kata sandi salah"


def _password(client: Client, username: str, password: str = TEST_PASSWORD, **extra: Any) -> Any:
    return client.post("/masuk/", {"username": username, "password": password, **extra})


@pytest.fixture
def komisioner(make_user: Callable[..., User]) -> User:
    return make_user(Role.KOMISIONER, username="komisioner-blitar")


def test_the_login_page_speaks_indonesian(client: Client, db: None) -> None:
    response = client.get("/masuk/")
    assert response.status_code == 200
    assert "Masuk untuk pengawas" in response.content.decode()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    client: Client, komisioner: User
) -> None:
    wrong_password = _password(client, "komisioner-blitar", "salah-sandi-sekali")
    unknown_user = _password(client, "tidak-ada-orangnya", "salah-sandi-sekali")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert WRONG in wrong_password.content.decode()
    assert WRONG in unknown_user.content.decode()
    assert "_auth_user_id" not in client.session
    # Recorded by the audit trail's receivers; the unknown name only as a keyed hash.
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILURE).order_by("seq")
    assert failures[0].target_label == "komisioner-blitar"
    assert "tidak-ada-orangnya" not in str(list(failures.values()))


def test_an_inactive_user_cannot_log_in(client: Client, komisioner: User) -> None:
    komisioner.is_active = False
    komisioner.save()
    assert WRONG in _password(client, "komisioner-blitar").content.decode()


def test_a_user_without_authenticator_is_logged_in_by_password_and_sent_to_enrolment(
    client: Client, komisioner: User
) -> None:
    response = _password(client, "komisioner-blitar", next="/dpt/cari/")
    assert response.status_code == 302 and response.url == "/dpt/cari/"
    # Komisioner need a second factor: the search sends them to set one up.
    response = client.get("/dpt/cari/")
    assert response.status_code == 302
    assert response.url == "/akun/dua-faktor/?next=%2Fdpt%2Fcari%2F"
    assert AuditEntry.objects.filter(action=Action.LOGIN_SUCCESS).count() == 1


def test_a_ptps_without_authenticator_goes_straight_in_by_default(
    client: Client, make_user: Callable[..., User]
) -> None:
    make_user(Role.PTPS, username="ptps-jaten-1")
    response = _password(client, "ptps-jaten-1")
    assert response.status_code == 302 and response.url == "/dpt/cari/"
    assert client.get("/akun/").status_code == 200


def test_the_second_step_with_a_code_from_the_app(client: Client, komisioner: User) -> None:
    device = authenticator_for(komisioner)
    response = _password(client, "komisioner-blitar", next="/dpt/cari/")
    assert response.status_code == 302 and response.url == "/masuk/kode/"
    # Half logged in: nothing but the code page.
    assert client.get("/akun/").url.startswith("/masuk/kode/")
    page = client.get("/masuk/kode/")
    assert page.status_code == 200 and "kode 6 angka" in page.content.decode()
    key_before = client.session.session_key
    response = client.post("/masuk/kode/", {"code": code_now(device)})
    assert response.status_code == 302 and response.url == "/dpt/cari/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != key_before
    assert client.get("/akun/").status_code == 200
    verified = AuditEntry.objects.filter(action=Action.LOGIN_SUCCESS).order_by("seq").last()
    assert verified is not None and verified.detail == {"second_factor": "totp"}


def test_a_code_with_spaces_is_accepted(client: Client, komisioner: User) -> None:
    device = authenticator_for(komisioner)
    _password(client, "komisioner-blitar")
    code = code_now(device)
    response = client.post("/masuk/kode/", {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_recorded_and_throttled(client: Client, komisioner: User) -> None:
    device = authenticator_for(komisioner)
    _password(client, "komisioner-blitar")
    good = code_now(device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/masuk/kode/", {"code": wrong})
    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.TOTP_FAILURE).count() == 1
    # django-otp's throttling: right after a failure even the right code must wait.
    response = client.post("/masuk/kode/", {"code": good})
    assert response.status_code == 200
    assert "Tunggu" in response.content.decode()
    assert not client.session.get(DEVICE_ID_SESSION_KEY)
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(minutes=5)
    )
    assert client.post("/masuk/kode/", {"code": good}).status_code == 302


def test_a_recovery_code_logs_in_once(client: Client, komisioner: User) -> None:
    authenticator_for(komisioner)
    codes = recovery_codes_create(user=komisioner)
    _password(client, "komisioner-blitar")
    response = client.post("/masuk/kode/", {"code": codes[0].upper()})
    assert response.status_code == 302
    used = AuditEntry.objects.get(action=Action.RECOVERY_CODE_USED)
    assert used.detail == {"left": 9} and used.target_label == "komisioner-blitar"
    assert codes[0] not in str(used.detail)
    # The same code does not work twice.
    other = Client()
    _password(other, "komisioner-blitar")
    response = other.post("/masuk/kode/", {"code": codes[0]})
    assert response.status_code == 200 and "Kode salah" in response.content.decode()


def test_the_code_page_needs_a_password_first(client: Client, db: None) -> None:
    response = client.get("/masuk/kode/")
    assert response.status_code == 302 and response.url == "/masuk/"


def test_the_code_page_sends_a_user_without_authenticator_to_enrolment(
    client: Client, komisioner: User
) -> None:
    _password(client, "komisioner-blitar")
    assert client.get("/masuk/kode/").url == "/akun/dua-faktor/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/dpt/cari/", "/dpt/cari/"),
        ("/dpt/cari/?q=SITI+AMINAH", "/dpt/cari/"),
        ("/dpt/tps/3/?snapshot=1#x", "/dpt/tps/3/"),
        ("https://evil.example/masuk/", ""),
        ("//evil.example/", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_the_way_back_stays_on_this_site_and_drops_its_query_string(
    rf: Any, value: str, expected: str
) -> None:
    assert next_path(rf.get("/masuk/"), value) == expected


def test_a_next_with_a_name_in_it_loses_the_name(client: Client, komisioner: User) -> None:
    response = _password(client, "komisioner-blitar", next="/dpt/cari/?q=SITI+AMINAH")
    assert response.url == "/dpt/cari/"
    response = client.get("/masuk/", {"next": "https://evil.example/"})
    assert response.url == "/dpt/cari/"


def test_an_unsafe_next_falls_back_to_the_search(client: Client, komisioner: User) -> None:
    response = _password(client, "komisioner-blitar", next="https://evil.example/")
    assert response.url == "/dpt/cari/"


def test_logout_is_post_only(client: Client, komisioner: User, login: Callable[..., None]) -> None:
    login(client, komisioner)
    assert client.get("/keluar/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/keluar/")
    assert response.status_code == 302 and response.url == "/"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.LOGOUT).count() == 1


def test_the_login_and_code_pages_are_never_cached(client: Client, komisioner: User) -> None:
    assert "no-store" in client.get("/masuk/")["Cache-Control"]
    authenticator_for(komisioner)
    _password(client, "komisioner-blitar")
    assert "no-store" in client.get("/masuk/kode/")["Cache-Control"]
