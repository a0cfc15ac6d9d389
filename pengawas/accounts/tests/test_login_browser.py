"""Login with TOTP and enrolment in a real browser (Chromium), on a 390-px-wide phone."""

from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page

from pengawas.accounts.roles import Role
from pengawas.accounts.tests.twofactor import authenticator_for, code_now
from pengawas.core.tests.browser import ARTIFACTS, phone_context, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    with closing(phone_context(browser)) as context:
        yield context.new_page()


def test_a_komisioner_logs_in_with_password_then_a_totp_code(
    phone: Page, live_server: Any, make_user: Callable[..., User], snapshot: Any
) -> None:
    user = make_user(Role.KOMISIONER, username="komisioner-blitar")
    device = authenticator_for(user)
    sign_in(
        phone,
        url=f"{live_server.url}/dpt/cari/",
        username="komisioner-blitar",
        lands_on="**/masuk/kode/",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shot(phone, ARTIFACTS, "login-totp-code")
    phone.get_by_label("Kode dari aplikasi autentikator, atau kode pemulihan").fill(
        code_now(device)
    )
    phone.get_by_role("button", name="Lanjut").click()
    phone.wait_for_url("**/dpt/cari/")
    # The voter search itself, not the code page again.
    assert phone.get_by_label("Nama", exact=True).is_visible()
    shot(phone, ARTIFACTS, "login-totp")


def test_a_komisioner_without_authenticator_is_walked_through_enrolment(
    phone: Page, live_server: Any, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.KOMISIONER, username="komisioner-baru")
    sign_in(
        phone,
        url=f"{live_server.url}/dpt/cari/",
        username="komisioner-baru",
        lands_on="**/akun/dua-faktor/**",
    )
    qr = phone.locator("svg.qr")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box is not None and 180 <= box["width"] <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    shot(phone, ARTIFACTS, "totp-enrol-qr")
    # The manual key, for a phone that cannot scan.
    phone.get_by_text("Tidak dapat memindai? Ketik kunci ini").click()
    assert phone.locator(".secret").is_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    phone.get_by_label("Masukkan kode 6 angka yang muncul di aplikasi").fill(code_now(device))
    phone.get_by_role("button", name="Aktifkan").click()
    phone.wait_for_selector("text=Kode pemulihan Anda")
    assert phone.locator("ol.codes li").count() == 10
    # The print button appears (accounts.js), with no inline script on the page.
    assert phone.get_by_role("button", name="Cetak").is_visible()
    shot(phone, ARTIFACTS, "totp-recovery-codes")
    phone.get_by_role("link", name="Sudah saya simpan, lanjut").click()
    phone.wait_for_url("**/dpt/cari/")
