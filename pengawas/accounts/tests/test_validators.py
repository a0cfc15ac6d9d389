"""Password rules for field staff (AUTH_PASSWORD_VALIDATORS), with Django's Indonesian messages."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation


def _errors(password: str, user: User | None = None) -> list[str]:
    with translation.override("id"):
        try:
            validate_password(password, user)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    return []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Blitar2020", ""),
        ("kopi tubruk pagi", ""),
        ("sandiku12", "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."),
        ("3505012001", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("1234567890", "Kata sandi ini terlalu umum."),
        ("password123", "Kata sandi ini terlalu umum."),
    ],
)
def test_the_rules_and_their_indonesian_messages(password: str, message: str) -> None:
    errors = _errors(password)
    if message:
        assert message in errors
    else:
        assert errors == []


def test_a_password_like_the_username_is_refused(db: None) -> None:
    user = User(username="ptps-3505012001-001")
    assert any("terlalu mirip" in e for e in _errors("ptps-3505012001-001", user))


def test_the_help_texts_are_indonesian() -> None:
    with translation.override("id"):
        texts = " ".join(password_validators_help_texts())
    assert "10" in texts and "numerik" in texts


def test_argon2_hashes_new_passwords() -> None:
    assert identify_hasher(make_password("kopi tubruk pagi")).algorithm == "argon2"
