"""The case register in a real browser: a PKD files a temuan on a phone, the secretariat
sees it on the dashboard and moves it on (screenshots in test-artifacts/)."""

import os

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# from it. The test process is the only user of its database, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser

from pengawas.accounts.roles import Role
from pengawas.cases.models import Case
from pengawas.cases.states import Status
from pengawas.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(django_settings.BASE_DIR).parent / "test-artifacts"


def test_a_temuan_from_the_field_to_the_dashboard(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    election: Any,
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    make_user(Role.PKD, username="pkd-jaten")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = phone.new_page()
    page.goto(f"{live_server.url}/penindakan/baru/")
    page.get_by_label("Nama pengguna").fill("pkd-jaten")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/penindakan/baru/")
    assert page.get_by_label("Nama pelapor").count() == 0
    page.get_by_label("Diterima pada").fill("2020-12-09T13:30")
    page.get_by_label("Terlapor").fill("KPPS TPS 001 Jaten (fiktif)")
    page.get_by_label("Uraian kejadian").fill("Surat suara tidak ditandatangani Ketua KPPS.")
    page.get_by_label("Dugaan jenis pelanggaran").select_option("administrasi")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url("**/penindakan/*/")
    assert page.locator(".case-facts").get_by_text("Diterima", exact=True).is_visible()
    page.screenshot(path=str(ARTIFACTS / "penindakan-temuan-ponsel.png"), full_page=True)
    phone.close()
    case = Case.objects.get()
    assert (case.kind, case.region_id) == ("temuan", "35.05.01")

    # The secretariat (past the second factor: its session handed to the browser).
    staff = make_user(Role.SEKRETARIAT, username="staf")
    client = Client()
    login(client, staff)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    desk.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = desk.new_page()
    page.goto(f"{live_server.url}/penindakan/")
    page.get_by_role("link", name=f"perkara-{case.pk}").click()
    page.get_by_label("Status baru").select_option("kajian_awal")
    page.get_by_label("Tanggal keputusan").fill("2020-12-09T15:00")
    page.get_by_role("button", name="Simpan langkah").click()
    page.wait_for_url(f"**/penindakan/{case.pk}/")
    assert page.locator(".case-timeline li").count() == 2
    page.screenshot(path=str(ARTIFACTS / "penindakan-perkara.png"), full_page=True)
    page.goto(f"{live_server.url}/penindakan/")
    page.screenshot(path=str(ARTIFACTS / "penindakan-dasbor.png"), full_page=True)
    desk.close()
    case.refresh_from_db()
    assert case.status == Status.KAJIAN_AWAL
