"""Services behind the own-account pages: sessions everywhere, recovery codes, QR codes."""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client

from pengawas.accounts.models import Account
from pengawas.accounts.qr import qr_svg
from pengawas.accounts.roles import Role
from pengawas.accounts.services_sessions import account_logout_everywhere
from pengawas.accounts.services_totp import (
    recovery_code_display,
    recovery_codes_create,
    recovery_codes_left,
    totp_device_pending,
    totp_secret_grouped,
)
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry


def test_an_administrator_ends_every_session_of_another_user(
    client: Client, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    ptps = make_user(Role.PTPS)
    admin = make_user(Role.ADMINISTRATOR)
    login(client, ptps)
    epoch = account_logout_everywhere(user=ptps, actor=admin)
    assert epoch == 1 == Account.objects.get(user=ptps).session_epoch
    assert client.get("/akun/").status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGOUT_EVERYWHERE)
    assert entry.actor == admin and entry.target_id == str(ptps.pk)


def test_it_creates_the_account_row_when_missing(db: None) -> None:
    user = User.objects.create_user("tanpa-akun")
    assert account_logout_everywhere(user=user, actor=None) == 1


def test_recovery_codes_replace_the_old_ones(db: None) -> None:
    user = User.objects.create_user("pemilik")
    first = recovery_codes_create(user=user)
    second = recovery_codes_create(user=user)
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert recovery_codes_left(user=user) == 10
    assert all(len(code) == 9 and code[4] == "-" for code in second)
    assert recovery_code_display("abcdefgh") == "abcd-efgh"


def test_the_secret_is_grouped_for_typing(db: None) -> None:
    device = totp_device_pending(user=User.objects.create_user("pemilik"))
    grouped = totp_secret_grouped(device)
    assert all(len(group) == 4 for group in grouped.split(" "))
    assert "Pengawas" in device.config_url


def test_the_qr_code_is_plain_svg_without_style() -> None:
    svg = qr_svg("otpauth://totp/Pengawas:x?secret=ABC", title="Kode QR")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "style=" not in svg and "<script" not in svg
    assert 'aria-label="Kode QR"' in svg


def test_an_administrator_resets_the_second_factor(
    client: Client, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pengawas.accounts.services_totp import totp_reset

    komisioner = make_user(Role.KOMISIONER)
    admin = make_user(Role.ADMINISTRATOR)
    login(client, komisioner)
    recovery_codes_create(user=komisioner)
    totp_reset(user=komisioner, actor=admin)
    assert not TOTPDevice.objects.filter(user=komisioner).exists()
    assert not StaticDevice.objects.filter(user=komisioner).exists()
    # The session verified by the removed device must set up a new one.
    assert client.get("/akun/").url.startswith("/akun/dua-faktor/")
    entry = AuditEntry.objects.get(action=Action.TOTP_RESET)
    assert entry.actor == admin and entry.target_id == str(komisioner.pk)
