"""Login with TOTP and enrolment in a real browser (Chromium), on a 390-px-wide phone."""

import os

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# from it. The test process is the only user of its database, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page

from pengawas.accounts.roles import Role
from pengawas.accounts.tests.twofactor import authenticator_for, code_now
from pengawas.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(django_settings.BASE_DIR).parent / "test-artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="id-ID", device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def _password_step(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/dpt/cari/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_komisioner_logs_in_with_password_then_a_totp_code(
    phone: Page, live_server: Any, make_user: Callable[..., User], snapshot: Any
) -> None:
    user = make_user(Role.KOMISIONER, username="komisioner-blitar")
    device = authenticator_for(user)
    _password_step(phone, live_server.url, "komisioner-blitar")
    phone.wait_for_url("**/masuk/kode/")
    _no_horizontal_scroll(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "login-totp-code.png"), full_page=True)
    phone.get_by_label("Kode dari aplikasi autentikator, atau kode pemulihan").fill(
        code_now(device)
    )
    phone.get_by_role("button", name="Lanjut").click()
    phone.wait_for_url("**/dpt/cari/")
    # The voter search itself, not the code page again.
    assert phone.get_by_label("Nama", exact=True).is_visible()
    _no_horizontal_scroll(phone)
    phone.screenshot(path=str(ARTIFACTS / "login-totp.png"), full_page=True)


def test_a_komisioner_without_authenticator_is_walked_through_enrolment(
    phone: Page, live_server: Any, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.KOMISIONER, username="komisioner-baru")
    _password_step(phone, live_server.url, "komisioner-baru")
    phone.wait_for_url("**/akun/dua-faktor/**")
    qr = phone.locator("svg.qr")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box is not None and 180 <= box["width"] <= 390
    _no_horizontal_scroll(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "totp-enrol-qr.png"), full_page=True)
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
    _no_horizontal_scroll(phone)
    phone.screenshot(path=str(ARTIFACTS / "totp-recovery-codes.png"), full_page=True)
    phone.get_by_role("link", name="Sudah saya simpan, lanjut").click()
    phone.wait_for_url("**/dpt/cari/")
