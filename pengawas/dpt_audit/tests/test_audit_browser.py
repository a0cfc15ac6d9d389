"""The DPT audit in a real browser (Chromium, Playwright): a Panwascam starts an audit of
their kecamatan from the page, a running audit's progress bar is followed to the end (htmx
polling), the findings are filtered by category and the XLSX is downloaded. Screenshots at
390 x 844 and 1280 wide go to $PENGAWAS_SCREENSHOTS (default: the test's tmp_path)."""

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, ViewportSize, expect

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import DESK, LOCALE, PHONE, Problems, session_hand_over, shot
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import AuditRun, Status
from pengawas.dpt_audit.tests.runs_factory import NIK_A, NKK_A, SALAM, run_done
from pengawas.regions.models import Region

pytestmark = pytest.mark.browser

POLL_WAIT = 15_000  # ms: the page asks every 2 s


def _context(
    browser: Browser,
    live_server: Any,
    user: User,
    login: Callable[..., None],
    viewport: ViewportSize,
) -> tuple[BrowserContext, Problems]:
    """A browser logged in as the user past the second factor (the test client's session)."""
    client = Client()
    login(client, user)
    context = browser.new_context(viewport=viewport, locale=LOCALE, accept_downloads=True)
    session_hand_over(context, client, live_server.url)
    return context, Problems(context, console={"error"})


def test_a_panwascam_audits_their_kecamatan(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    login: Callable[..., None],
    screenshots: Path,
) -> None:
    born = datetime.date(1980, 1, 1)
    for village in ("35.05.01.2001", SALAM):
        make_voter(name="SITI AMINAH", nik=NIK_A, nkk=NKK_A, village=village, birth_date=born,
                   sex="P", marital_status="S", address="JL. MAWAR 7")  # fmt: skip
    make_voter(name="BAYU", nik="3505990101080002", nkk=NKK_A, village="35.05.01.2001",
               birth_date=datetime.date(2008, 1, 1), sex="L", marital_status="B", address="JL. MAWAR 7")  # fmt: skip
    panwascam = make_user(Role.PANWASCAM, username="panwascam-wonodadi")
    context, problems = _context(browser, live_server, panwascam, login, PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/dpt/audit/")
    expect(page.get_by_text("Kecamatan Wonodadi (wilayah Anda)")).to_be_visible()
    shot(page, screenshots, "audit-dpt-daftar-ponsel")
    page.get_by_role("button", name="Jalankan audit").click()
    page.wait_for_url(re.compile(r"/dpt/audit/\d+/$"))
    expect(page.locator(".audit-done")).to_be_visible(timeout=POLL_WAIT)
    run = AuditRun.objects.get()
    assert (run.region_id, run.status) == ("35.05.01", Status.DONE)
    expect(page.locator("table.audit-summary")).to_contain_text("NIK ganda")
    shot(page, screenshots, "audit-dpt-hasil-ponsel")
    page.get_by_label("Kategori").select_option("DUPLICATE_NIK")
    page.get_by_role("button", name="Saring", exact=True).click()
    page.wait_for_url(re.compile(r"category=DUPLICATE_NIK"))
    expect(page.locator('input[name="finding"]')).to_have_count(2)
    expect(page.locator("table.audit-findings")).to_contain_text("3505********0001")
    shot(page, screenshots, "audit-dpt-saringan-ponsel")
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX (lembar kerja)").click()
    download = info.value
    assert download.suggested_filename == f"audit-dpt-pilbup-blitar-2020-{run.pk}.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    assert NIK_A in {row[1] for row in book["Temuan"].iter_rows(min_row=2, values_only=True)}
    context.close()
    assert problems.found == []


def test_the_progress_bar_follows_a_running_audit(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    login: Callable[..., None],
    screenshots: Path,
) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter, extra_underage=60)
    AuditRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, progress=35, progress_note="Memeriksa baris 35.000 dari 100.000"
    )
    komisioner = make_user(Role.KOMISIONER, username="komisioner-blitar")
    context, problems = _context(browser, live_server, komisioner, login, DESK)
    page = context.new_page()
    page.goto(f"{live_server.url}/dpt/audit/{run.pk}/")
    bar = page.locator("#audit-progress-bar")
    expect(bar).to_have_attribute("value", "35")
    shot(page, screenshots, "audit-dpt-berjalan")
    # The worker moves on, then finishes: the page follows without being reloaded.
    AuditRun.objects.filter(pk=run.pk).update(progress=80, progress_note="Mencari pemilih ganda")
    expect(bar).to_have_attribute("value", "80", timeout=POLL_WAIT)
    expect(page.get_by_text("Mencari pemilih ganda")).to_be_visible()
    AuditRun.objects.filter(pk=run.pk).update(status=Status.DONE, progress=100)
    expect(page.locator(".audit-done")).to_be_visible(timeout=POLL_WAIT)
    expect(bar).to_have_count(0)
    assert page.locator("[hx-trigger]").count() == 0  # polling stopped
    expect(page.locator('input[name="finding"]')).to_have_count(50)
    shot(page, screenshots, "audit-dpt-hasil")
    page.get_by_role("link", name=re.compile("^Berikutnya")).click()
    expect(page.locator('input[name="finding"]')).to_have_count(65 - 50)
    page.goto(f"{live_server.url}/dpt/audit/")
    shot(page, screenshots, "audit-dpt-daftar")
    context.close()
    assert problems.found == []
    assert Region.objects.filter(code="35.05.01").exists()
