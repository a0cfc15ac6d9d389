"""Test helpers for the second factor: a confirmed authenticator, the code it shows now."""

from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.services_totp import TOTP_DEVICE_NAME


def authenticator_for(user: User) -> TOTPDevice:
    """A confirmed authenticator app for the user (as after enrolment)."""
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)


def code_now(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or in a later 30-second step: a code can be used once,
    and the device accepts one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"
