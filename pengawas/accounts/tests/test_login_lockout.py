"""Brute force: django-axes locks out per account and per address, in the database."""

from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from pengawas.accounts.roles import Role
from pengawas.accounts.services_sessions import (
    login_lockout_lift,
    login_lockout_lift_address,
    login_lockouts_current,
)
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.conftest import TEST_PASSWORD

HOME = "10.0.0.1"
OTHER = "10.0.0.2"


def _try(client: Client, username: str, password: str, address: str = HOME) -> Any:
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client: Client, username: str, times: int, address: str = HOME) -> Any:
    response = None
    for i in range(times):
        response = _try(client, username, f"salah-sandi-{i}", address)
    return response


@pytest.fixture
def ptps(make_user: Callable[..., User]) -> User:
    return make_user(Role.PTPS, username="ptps-jaten-1")


@pytest.fixture
def pkd(make_user: Callable[..., User]) -> User:
    return make_user(Role.PKD, username="pkd-jaten")


def test_five_wrong_passwords_lock_the_account_from_every_address(
    client: Client, ptps: User
) -> None:
    assert _fail(client, "ptps-jaten-1", 4).status_code == 200
    locked = _fail(client, "ptps-jaten-1", 1)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Terlalu banyak percobaan masuk" in page and "Coba lagi pukul" in page
    assert "administrator" in page
    # The right password, even from another address, is refused while the lock holds.
    response = _try(Client(), "ptps-jaten-1", TEST_PASSWORD, OTHER)
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session
    assert AuditEntry.objects.filter(action=Action.LOGIN_LOCKED).count() == 1


def test_five_wrong_passwords_from_one_address_lock_it_for_other_accounts(
    client: Client, ptps: User, pkd: User
) -> None:
    for i in range(5):
        _try(client, f"tebakan-{i}", "salah-sandi-sekali")
    response = _try(Client(), "pkd-jaten", TEST_PASSWORD, HOME)
    assert response.status_code == 429
    # The same account from another address is not locked.
    response = _try(Client(), "pkd-jaten", TEST_PASSWORD, OTHER)
    assert response.status_code == 302


def test_the_lock_holds_in_the_database_for_a_fresh_client(client: Client, ptps: User) -> None:
    _fail(client, "ptps-jaten-1", 5)
    assert AccessAttempt.objects.filter(username="ptps-jaten-1").exists()
    assert _try(Client(), "ptps-jaten-1", TEST_PASSWORD, OTHER).status_code == 429


def test_the_lock_ends_after_the_cool_off(client: Client, ptps: User) -> None:
    _fail(client, "ptps-jaten-1", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert _try(Client(), "ptps-jaten-1", TEST_PASSWORD).status_code == 302


def test_tries_during_the_lock_do_not_push_its_end(client: Client, ptps: User) -> None:
    _fail(client, "ptps-jaten-1", 5)
    before = AccessAttempt.objects.get().attempt_time
    assert _fail(client, "ptps-jaten-1", 3).status_code == 429
    assert AccessAttempt.objects.get().attempt_time == before


def test_a_lifted_lock_out_lets_the_user_in(
    client: Client, ptps: User, make_user: Callable[..., User]
) -> None:
    _fail(client, "ptps-jaten-1", 5, address=OTHER)
    admin = make_user(Role.ADMINISTRATOR, username="admin")
    assert [lo.value for lo in login_lockouts_current() if lo.kind == "username"] == [
        "ptps-jaten-1"
    ]
    assert login_lockout_lift(username="ptps-jaten-1", actor=admin) == 1
    assert login_lockouts_current() == []
    assert _try(Client(), "ptps-jaten-1", TEST_PASSWORD).status_code == 302
    lifted = AuditEntry.objects.get(action=Action.LOCKOUT_LIFTED)
    assert lifted.actor == admin and lifted.target_label == "ptps-jaten-1"
    assert lifted.target_id == str(ptps.pk) and lifted.detail == {"attempts": 1}


def test_an_address_lock_out_can_be_lifted(
    client: Client, pkd: User, make_user: Callable[..., User]
) -> None:
    for i in range(5):
        _try(client, f"tebakan-{i}", "salah-sandi-sekali")
    locked = login_lockouts_current()
    assert [(lo.kind, lo.value) for lo in locked] == [("address", HOME)]
    login_lockout_lift_address(ip_address=HOME, actor=make_user(Role.ADMINISTRATOR))
    assert _try(Client(), "pkd-jaten", TEST_PASSWORD, HOME).status_code == 302


def test_success_forgets_only_this_accounts_failures_from_this_address(
    client: Client, ptps: User, pkd: User
) -> None:
    _fail(client, "ptps-jaten-1", 2)
    _fail(client, "pkd-jaten", 2)
    assert _try(Client(), "ptps-jaten-1", TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="ptps-jaten-1").exists()
    # Someone with a valid account cannot wipe what was counted against others.
    assert AccessAttempt.objects.get(username="pkd-jaten").failures_since_start == 2


def test_the_client_address_behind_a_proxy_is_the_apps_own(
    client: Client, ptps: User, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/masuk/",
        {"username": "ptps-jaten-1", "password": "salah-sandi"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_axes_never_keeps_the_password(client: Client, ptps: User) -> None:
    _try(client, "ptps-jaten-1", "rahasia-sekali-123")
    attempt = AccessAttempt.objects.get()
    assert "rahasia-sekali-123" not in attempt.post_data


def test_client_login_in_tests_still_works(client: Client, ptps: User) -> None:
    # Django's test login passes no request, which axes needs; force_login is the way.
    client.force_login(ptps, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/akun/").status_code == 200
