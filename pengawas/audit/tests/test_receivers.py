"""Logins, logouts, failed logins and lock-outs reach the audit trail (signal receivers)."""

import json

import pytest
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.conftest import TEST_PASSWORD

WRONG = "salah-Sandi-99!"


def _request(address: str = "10.0.0.7") -> HttpRequest:
    request = RequestFactory().post("/masuk/", REMOTE_ADDR=address)
    request.session = SessionStore()
    return request


@pytest.fixture
def ptps(db: None) -> User:
    return User.objects.create_user("ptps-3505012001-001", password=TEST_PASSWORD)


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def _no_password_anywhere() -> None:
    text = json.dumps([entry.chain_payload() for entry in AuditEntry.objects.all()])
    assert TEST_PASSWORD not in text and WRONG not in text


def test_a_login_is_recorded(ptps: User) -> None:
    request = _request()
    user = authenticate(request, username=ptps.username, password=TEST_PASSWORD)
    assert user is not None
    login(request, user)
    (entry,) = _entries(Action.LOGIN_SUCCESS)
    assert (entry.actor, entry.actor_label, entry.address) == (ptps, ptps.username, "10.0.0.7")
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "user",
        str(ptps.pk),
        ptps.username,
    )
    _no_password_anywhere()


def test_a_logout_is_recorded(ptps: User) -> None:
    request = _request()
    request.user = AnonymousUser()
    login(request, ptps, backend="django.contrib.auth.backends.ModelBackend")
    logout(request)
    (entry,) = _entries(Action.LOGOUT)
    assert (entry.actor, entry.target_id, entry.address) == (ptps, str(ptps.pk), "10.0.0.7")


def test_logging_out_when_not_logged_in_records_nothing(db: None) -> None:
    request = _request()
    request.user = AnonymousUser()
    logout(request)
    assert not AuditEntry.objects.exists()


def test_a_failed_login_names_the_account_but_never_the_password(ptps: User) -> None:
    assert authenticate(_request(), username=ptps.username, password=WRONG) is None
    (entry,) = _entries(Action.LOGIN_FAILURE)
    assert entry.actor is None and entry.actor_label == ""
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "user",
        str(ptps.pk),
        ptps.username,
    )
    assert entry.address == "10.0.0.7"
    assert entry.detail == {}
    _no_password_anywhere()


def test_an_unknown_username_is_kept_only_as_a_keyed_hash(db: None) -> None:
    # It may be a password typed into the wrong box, or a phone number.
    for _ in range(2):
        authenticate(_request(), username="Rahasia-Sandi-Ku", password=WRONG)
    first, second = _entries(Action.LOGIN_FAILURE)
    assert first.target_id == ""
    assert first.target_label.startswith("?") and len(first.target_label) == 17
    assert first.target_label == second.target_label  # repeated attempts still match
    assert "Rahasia" not in json.dumps(first.chain_payload())


def test_a_long_username_is_cut_to_150_characters(db: None) -> None:
    long_name = "u" * 200
    User.objects.create_user("u" * 150, password=TEST_PASSWORD)
    authenticate(_request(), username=long_name, password=WRONG)
    (entry,) = _entries(Action.LOGIN_FAILURE)
    assert entry.target_label == "u" * 150


def test_a_lockout_is_recorded_once_when_it_begins(ptps: User, settings: object) -> None:
    limit = settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]
    for _ in range(limit + 2):
        authenticate(_request("10.9.9.9"), username=ptps.username, password=WRONG)
    (locked,) = _entries(Action.LOGIN_LOCKED)
    assert (locked.target_id, locked.target_label) == (str(ptps.pk), ptps.username)
    assert locked.address == "10.9.9.9"
    assert locked.detail == {"failures": limit}
    failures = _entries(Action.LOGIN_FAILURE)
    assert len(failures) == limit + 2
    # The attempts refused by the lock-out (the password unchecked) say so.
    assert [entry.detail.get("locked_out", False) for entry in failures[-2:]] == [True, True]
    assert not failures[0].detail
    _no_password_anywhere()


def test_a_wrong_password_on_the_login_page_is_recorded(ptps: User, client: Client) -> None:
    response = client.post(
        reverse("login"), {"username": ptps.username, "password": WRONG}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 200
    (entry,) = _entries(Action.LOGIN_FAILURE)
    assert (entry.target_label, entry.address) == (ptps.username, "10.0.0.8")
    _no_password_anywhere()
