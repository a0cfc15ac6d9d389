"""The case register in a real browser: a PKD files a temuan on a phone, the secretariat
sees it on the dashboard and moves it on (screenshots in test-artifacts/)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser

from pengawas.accounts.roles import Role
from pengawas.cases.models import Case
from pengawas.cases.states import Status
from pengawas.core.tests.browser import ARTIFACTS, DESK, LOCALE, PHONE, session_hand_over, sign_in

pytestmark = pytest.mark.browser


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
    phone = browser.new_context(viewport=PHONE, locale=LOCALE)
    page = phone.new_page()
    sign_in(page, url=f"{live_server.url}/penindakan/baru/", username="pkd-jaten")
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
    desk = browser.new_context(viewport=DESK, locale=LOCALE)
    session_hand_over(desk, client, live_server.url)
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
