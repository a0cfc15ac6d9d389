"""The PTPS's C.Hasil page on a phone (Chromium, Playwright, 390 x 844): findings appear while
typing (htmx), the photo is shrunk on the phone before it is sent, the sheet is stored once.
Screenshots go to $PENGAWAS_SCREENSHOTS (default: the test's tmp_path)."""

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from PIL import Image
from playwright.sync_api import Browser, expect

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import Problems, no_horizontal_scroll, phone_context, shot, sign_in
from pengawas.elections.models import Election, Tps
from pengawas.tally.models import Candidate, ResultSheet
from pengawas.tally.services import sheet_save, sheet_status
from pengawas.tally.tests.sheets import sheet
from pengawas.tally.tests.test_views import flat

pytestmark = pytest.mark.browser


@pytest.fixture
def tps(transactional_db: None, election: Election) -> Tps:
    """TPS 001 of Desa Jaten, in an election with two paslon."""
    Candidate.objects.create(election=election, number=1, name="RIJANTO - MARHAENIS")
    Candidate.objects.create(election=election, number=2, name="RINI - RAHMAT")
    return Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps, username="ptps-jaten-1")


def camera_photo(path: Path) -> Path:
    """A photo as a phone camera makes it: 4000 x 3000, noisy, several MB."""
    image = Image.effect_noise((4000, 3000), 80).convert("RGB")
    image.save(path, format="JPEG", quality=95)
    return path


def test_ptps_enters_the_sheet_on_a_phone(
    browser: Browser,
    live_server: Any,
    tps: Tps,
    ptps: User,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    context = phone_context(browser)
    problems = Problems(context)
    page = context.new_page()
    sign_in(page, url=f"{live_server.url}/hari-h/c-hasil/", username="ptps-jaten-1")

    # Typing the figures, one paslon wrong: the check answers before the sheet is sent.
    for name, value in flat(sheet(suara__paslon__1=101)).items():
        page.locator(f'input[name="{name}"]').fill(value)
    findings = page.locator("#tally-findings")
    expect(findings).to_contain_text("VOTES_SUM")
    expect(findings).to_contain_text("Pemeriksaan sementara")
    assert not ResultSheet.objects.exists()
    page.screenshot(path=str(screenshots / "tally-typing.png"), full_page=True)
    page.locator('input[name="suara.paslon.1"]').fill("100")
    expect(findings).to_contain_text("Tidak ada temuan")

    original = camera_photo(tmp_path / "kamera.jpg")
    page.locator('input[name="photo"]').set_input_files(str(original))
    expect(page.locator("[data-photo-note]")).to_contain_text("KB →")
    # What will travel is the phone's shrunk copy, not the camera's file.
    to_send = page.evaluate("document.querySelector('input[name=photo]').files[0].size")
    assert 0 < to_send < original.stat().st_size // 4
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Simpan lembar C.Hasil").click()
    expect(page.get_by_text("Lembar C.Hasil tersimpan.")).to_be_visible()
    page.screenshot(path=str(screenshots / "tally-stored.png"), full_page=True)

    saved = ResultSheet.objects.get()
    assert (saved.result, saved.version) == ("ok", 1)
    with Image.open(Path(settings.MEDIA_ROOT) / saved.photo) as stored:
        assert max(stored.size) == 1600
    assert problems.found == []
    context.close()


def test_pkd_sees_the_differences_side_by_side(
    browser: Browser,
    live_server: Any,
    tps: Tps,
    ptps: User,
    make_user: Callable[..., User],
    screenshots: Path,
) -> None:
    sheet_save(user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=uuid.uuid4())
    make_user(Role.PKD, username="pkd-jaten")
    context = phone_context(browser)
    page = context.new_page()
    sign_in(page, url=f"{live_server.url}/hari-h/c-hasil/tps/{tps.pk}/", username="pkd-jaten")
    for name, value in flat(sheet(pengguna__dpt__l=81)).items():
        page.locator(f'input[name="{name}"]').fill(value)
    page.get_by_role("button", name="Simpan lembar C.Hasil").click()
    expect(page.get_by_text("Isian ganda berbeda")).to_be_visible()
    row = page.locator(".tally-differences tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Pengguna hak pilih DPT laki-laki")
    shot(page, screenshots, "tally-double-entry")
    page.locator('input[name="pengguna.dpt.l"]').fill("80")
    page.get_by_role("button", name="Simpan lembar C.Hasil").click()
    expect(page.get_by_text("Isian PTPS dan PKD sama.")).to_be_visible()
    assert sheet_status(tps=tps) == "ok"
    context.close()


def test_without_signal_the_sheet_waits_on_the_phone_and_arrives_once(
    browser: Browser,
    live_server: Any,
    tps: Tps,
    ptps: User,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    context = phone_context(browser)
    page = context.new_page()
    base = live_server.url
    sign_in(page, url=f"{base}/hari-h/c-hasil/", username="ptps-jaten-1")

    # The first sheet is filled with no signal and the browser is closed.
    context.set_offline(True)
    for name, value in flat(sheet()).items():
        page.locator(f'input[name="{name}"]').fill(value)
    page.locator('input[name="photo"]').set_input_files(str(camera_photo(tmp_path / "k.jpg")))
    expect(page.locator("[data-photo-note]")).to_contain_text("KB →")
    page.get_by_role("button", name="Simpan lembar C.Hasil").click()
    expect(page.locator("[data-tally-sync]")).to_contain_text("disimpan di ponsel")
    page.screenshot(path=str(screenshots / "tally-offline.png"), full_page=True)
    assert not ResultSheet.objects.exists()
    page.close()

    # Opened again with signal: the kept sheet is sent, once, with its photo.
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{base}/hari-h/c-hasil/")
    expect(page.get_by_text("Lembar C.Hasil tersimpan.")).to_be_visible()
    saved = ResultSheet.objects.get()
    assert (saved.version, saved.result, saved.revisions.count()) == (1, "ok", 1)
    assert saved.photo

    # A correction without signal, sent when the signal returns while the page is open.
    context.set_offline(True)
    page.locator('input[name="suara.tidak_sah"]').fill("9")
    page.get_by_role("button", name="Simpan lembar C.Hasil").click()
    expect(page.locator("[data-tally-sync]")).to_contain_text("disimpan di ponsel")
    # The page still shows the first sheet's "tersimpan": wait for the page the sent
    # correction leads to (tally.js opens it), not for words already there.
    with page.expect_event("load"):
        context.set_offline(False)
    expect(page.get_by_text("Lembar C.Hasil tersimpan.")).to_be_visible()
    page.reload()
    saved.refresh_from_db()
    assert (saved.version, saved.result) == (2, "errors")
    assert ResultSheet.objects.count() == 1
    context.close()
