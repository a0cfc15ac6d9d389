"""The second factor: a TOTP authenticator app and single-use recovery codes (django-otp).

Every user has at most one confirmed TOTP device (named "aplikasi") and one static device
holding their recovery codes ("kode-pemulihan"). Enrolment creates an unconfirmed device,
shows its secret once as a QR code, and confirms it when the user types a code from the app.
The secret lives in the database (django-otp's TOTPDevice.key), readable by the server only.
"""

import base64
import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record, audit_user_event

TOTP_DEVICE_NAME = "aplikasi"
PENDING_DEVICE_NAME = "pendaftaran"
RECOVERY_DEVICE_NAME = "kode-pemulihan"
RECOVERY_CODE_COUNT = 10
_TOTP_CODE = re.compile(r"^\d{6}$")


def user_has_second_factor(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user has a confirmed authenticator app."""
    if not user.is_authenticated:
        return False
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


def user_is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this request's user gave a code in this session (django-otp's OTPMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (the same one on every reload, so
    a secret already scanned stays valid)."""
    device = (
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False, name=PENDING_DEVICE_NAME)
        .order_by("-pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=PENDING_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_grouped(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def recovery_code_display(token: str) -> str:
    """A recovery code as shown and printed: two groups of characters (xxxxx-xxxxx)."""
    half = (len(token) + 1) // 2
    return f"{token[:half]}-{token[half:]}"


def recovery_codes_create(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes by RECOVERY_CODE_COUNT new ones; returns them for
    showing once (they are stored as they are, as django-otp does, inside the database)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user_id=user.pk, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [recovery_code_display(t) for t in tokens]


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    return int(
        StaticToken.objects.filter(
            device__user_id=user.pk, device__name=RECOVERY_DEVICE_NAME
        ).count()
    )


def totp_enrol_confirm(
    *, user: AbstractBaseUser, device: TOTPDevice, code: str, request: HttpRequest | None
) -> list[str] | None:
    """Confirm an enrolment with a code from the app. On success the new device replaces any
    earlier one and new recovery codes are made (returned, to be shown once); None when the
    code is wrong."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user_id=user.pk)
        code = _normalise(code)
        if locked.confirmed or not _TOTP_CODE.match(code) or not locked.verify_token(code):
            ok = False
        else:
            ok = True
            TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=locked.pk).delete()
            locked.confirmed = True
            locked.name = TOTP_DEVICE_NAME
            locked.save(update_fields=["confirmed", "name"])
    if not ok:
        audit_user_event(
            action=Action.TOTP_FAILURE,
            user=user,
            request=request,
            actor=user,
            detail={"step": "enrolment"},
        )
        return None
    codes = recovery_codes_create(user=user)
    audit_user_event(
        action=Action.TOTP_ENROLLED,
        user=user,
        request=request,
        actor=user,
    )
    return codes


@dataclass
class SecondFactorCheck:
    """The outcome of checking a code: the device that accepted it, or why none did."""

    device: Device | None = None
    recovery: bool = False
    wait_until: datetime.datetime | None = field(default=None)


def second_factor_verify(
    *, user: AbstractBaseUser, code: str, request: HttpRequest | None, app_only: bool = False
) -> SecondFactorCheck:
    """Check a 6-digit code from the app, or (unless app_only) a recovery code, which this
    check uses up.

    django-otp's throttling stays on: after each wrong code the device refuses every code
    for 1, 2, 4 … seconds (wait_until), and a failure is written to the audit trail.
    """
    code = _normalise(code)
    is_totp = bool(_TOTP_CODE.match(code))
    if app_only and not is_totp:
        return SecondFactorCheck()
    with transaction.atomic():
        devices: list[Device] = [
            d
            for d in devices_for_user(user, confirmed=True, for_verify=True)
            if isinstance(d, TOTPDevice if is_totp else StaticDevice)
        ]
        for device in devices:
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = (info or {}).get("locked_until") or timezone.now()
                return SecondFactorCheck(wait_until=wait)
        accepted = next((d for d in devices if d.verify_token(code)), None)
    label = user.get_username()
    if accepted is None:
        audit_record(
            action=Action.TOTP_FAILURE,
            request=request,
            actor=user,
            target_type="user",
            target_id=str(user.pk),
            target_label=label,
            detail={"kind": "totp" if is_totp else "recovery"},
        )
        return SecondFactorCheck()
    if isinstance(accepted, StaticDevice):
        audit_record(
            action=Action.RECOVERY_CODE_USED,
            request=request,
            actor=user,
            target_type="user",
            target_id=str(user.pk),
            target_label=label,
            detail={"left": recovery_codes_left(user=user)},
        )
        return SecondFactorCheck(device=accepted, recovery=True)
    return SecondFactorCheck(device=accepted)


def totp_reset(
    *,
    user: AbstractBaseUser,
    actor: AbstractBaseUser | AnonymousUser | None,
    request: HttpRequest | None = None,
) -> None:
    """Remove a user's authenticator and recovery codes (an administrator's act, for a lost
    phone without recovery codes). A role that needs the second factor is sent to enrolment
    at the next login; the user's sessions verified by the old device lose that verification."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()
        audit_user_event(
            action=Action.TOTP_RESET,
            user=user,
            request=request,
            actor=actor,
        )
