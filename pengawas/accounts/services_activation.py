"""Activation codes: how an account created by Bawaslu gets its first password.

A new account never gets a password from anyone: it gets a one-time activation code, printed
on a slip, with which its holder chooses their own password (see the activation page). The
code is kept only as a keyed hash, expires after ACTIVATION_CODE_DAYS, and is consumed on use.
"""

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.accounts.models import Account
from pengawas.accounts.services import account_for
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_user_event

# --- activation codes ------------------------------------------------------------------------

# 32 symbols without the look-alikes 0/O and 1/I: ten of them carry 50 bits.
ACTIVATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ACTIVATION_CODE_LENGTH = 10


def activation_code_new() -> str:
    return "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_CODE_LENGTH))


def activation_code_clean(raw: str) -> str:
    """What the user typed, as a code: capitals, without spaces or dashes."""
    return re.sub(r"[\s\-.]", "", raw).upper()


def activation_code_hash(*, username: str, code: str) -> str:
    """HMAC-SHA256 of the code, keyed with SECRET_KEY and bound to the username.

    Why not argon2 like passwords: a slow hash protects *guessable* secrets (passwords
    people choose) from a stolen database. An activation code is 50 random bits that live
    for days: a thief without SECRET_KEY cannot test guesses at all, and online guessing is
    throttled by the activation page. A keyed hash is enough, and it lets an import of
    2,278 accounts hash its codes in milliseconds instead of minutes.
    """
    key = hashlib.sha256(f"pengawas-activation:{settings.SECRET_KEY}".encode()).digest()
    message = f"{username}\n{code}".encode()
    return "hmac-sha256$" + hmac.new(key, message, hashlib.sha256).hexdigest()


def activation_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=settings.ACTIVATION_CODE_DAYS)


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires: datetime.datetime


def activation_issue(
    *, user: User, actor: User | None, request: HttpRequest | None = None
) -> IssuedCode:
    """A new activation code for the user; any earlier one stops working."""
    code = activation_code_new()
    expires = activation_expiry()
    account = account_for(user=user)
    account.activation_code_hash = activation_code_hash(username=user.username, code=code)
    account.activation_expires = expires
    account.save(update_fields=["activation_code_hash", "activation_expires"])
    audit_user_event(
        action=Action.ACTIVATION_ISSUED,
        user=user,
        request=request,
        actor=actor,
    )
    return IssuedCode(code=code, expires=expires)


class ActivationInvalid(Exception):
    """The username and code do not open an activation; the message says why (Indonesian)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def activation_check(*, username: str, code: str) -> User:
    """The user an unexpired code belongs to; ActivationInvalid otherwise.

    A wrong username and a wrong code get the same answer, so the page does not tell
    which usernames exist.
    """
    wrong = ActivationInvalid(
        _("Nama pengguna atau kode aktivasi salah. Periksa lagi slip aktivasi Anda.")
    )
    user = User.objects.filter(username=username.strip()).select_related("account").first()
    account: Account | None = getattr(user, "account", None) if user is not None else None
    if user is None or account is None or not account.activation_code_hash:
        raise wrong
    expected = activation_code_hash(username=user.username, code=activation_code_clean(code))
    if not hmac.compare_digest(expected, account.activation_code_hash):
        raise wrong
    if not user.is_active:
        raise ActivationInvalid(
            _("Akun ini telah dinonaktifkan. Hubungi sekretariat Bawaslu Kabupaten/Kota.")
        )
    if account.activation_expires is None or account.activation_expires <= timezone.now():
        raise ActivationInvalid(
            _(
                "Kode aktivasi ini sudah kedaluwarsa. Mintalah kode baru kepada sekretariat "
                "Bawaslu Kabupaten/Kota."
            )
        )
    return user


def account_activate(
    *, user: User, code_hash: str, password: str, request: HttpRequest | None = None
) -> None:
    """Set the password the user chose and consume the code (which must still be `code_hash`:
    a code reissued or used meanwhile no longer counts)."""
    with transaction.atomic():
        account = Account.objects.select_for_update().get(user=user)
        if not account.activation_code_hash or not hmac.compare_digest(
            account.activation_code_hash, code_hash
        ):
            raise ActivationInvalid(
                _("Kode aktivasi ini sudah dipakai atau diganti. Mulai lagi dari awal.")
            )
        if account.activation_expires is None or account.activation_expires <= timezone.now():
            raise ActivationInvalid(_("Kode aktivasi ini sudah kedaluwarsa."))
        user.set_password(password)
        user.save(update_fields=["password"])
        account.activation_code_hash = ""
        account.activation_expires = None
        account.must_change_password = False
        account.save(
            update_fields=["activation_code_hash", "activation_expires", "must_change_password"]
        )
        audit_user_event(
            action=Action.ACCOUNT_ACTIVATED,
            user=user,
            request=request,
            actor=user,
        )
