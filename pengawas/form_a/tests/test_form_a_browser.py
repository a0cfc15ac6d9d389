"""Form A on a PTPS's phone without signal (Chromium, Playwright, service workers on).

One visit online keeps the page on the phone; then the network is cut: the PTPS fills the
report, attaches a photo (shrunk on the phone), closes and opens the page again (the draft is
still there), sends it (queued), and when the signal returns the report reaches the server
exactly once. Screenshots at 390 x 844 go to $PENGAWAS_SCREENSHOTS (default: tmp_path).
"""

from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import Problems, phone_context, shot, sign_in
from pengawas.elections.models import Election, Tps
from pengawas.form_a.models import FormA, FormAPhoto, Status
from pengawas.form_a.tests.conftest import photo_bytes

pytestmark = pytest.mark.browser

SLOW = 30_000  # ms
URAIAN = "Pukul 07.20 TPS 003 belum dibuka: kotak suara belum tiba. Dibuka pukul 08.00."


@pytest.fixture
def tps(transactional_db: None, election: Election) -> Tps:
    found, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=3)
    return found


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps, username="ptps-jaten-3")


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[tuple[BrowserContext, Page, Problems]]:
    with closing(phone_context(browser)) as context:
        yield context, context.new_page(), Problems(context)


def test_form_a_filled_offline_arrives_once(
    phone: tuple[BrowserContext, Page, Problems],
    live_server: Any,
    ptps: User,
    tps: Tps,
    screenshots: Path,
) -> None:
    context, page, problems = phone
    base = live_server.url
    sign_in(page, url=f"{base}/hari-h/form-a/", username="ptps-jaten-3")

    # One visit: the page is kept on the phone, and section I is filled from the assignment.
    expect(page.locator("[data-form-a-offline]")).to_have_attribute(
        "data-ready", "yes", timeout=SLOW
    )
    # A function, not an expression: the page's CSP forbids eval, which polling an
    # expression would use.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator("#f-pengawas-jabatan")).to_have_value("Pengawas TPS 003 Desa Jaten")
    shot(page, screenshots, "form-a-01-siap-luring")

    context.set_offline(True)
    page.locator("#f-pengawas-nomor_spt").fill("15/PTPS/XI/2020")
    page.locator("#f-uraian").fill(URAIAN)
    page.locator("#f-pelanggaran-peristiwa").scroll_into_view_if_needed()
    page.get_by_text("IV. Informasi dugaan pelanggaran").click()
    page.locator("#f-pelanggaran-peristiwa").fill("Saksi memakai atribut paslon")
    page.locator("#f-pelanggaran-uraian").fill("Saksi paslon 2 memakai kaus bergambar paslon.")
    page.locator("[data-photos-input]").set_input_files(
        [
            {
                "name": "kamera.jpg",
                "mimeType": "image/jpeg",
                "buffer": photo_bytes(width=2400, height=1800),
            }
        ]
    )
    expect(page.locator("[data-photos-count]")).to_have_attribute("data-count", "1")
    expect(page.locator("[data-form-a-status]")).to_have_text("Tersimpan di ponsel")
    shot(page, screenshots, "form-a-02-diisi-luring")

    # Closed and opened again without signal: the draft and the photo are still there.
    page.reload()
    expect(page.locator("#f-uraian")).to_have_value(URAIAN)
    expect(page.locator("#f-pengawas-nomor_spt")).to_have_value("15/PTPS/XI/2020")
    expect(page.locator("#f-pelanggaran-peristiwa")).to_have_value("Saksi memakai atribut paslon")
    expect(page.locator("[data-photos-count]")).to_have_attribute("data-count", "1")
    expect(page.locator("[data-photos-list] canvas")).to_have_count(1)
    shot(page, screenshots, "form-a-03-dibuka-lagi-luring")

    # Sent without signal: queued on the phone.
    page.get_by_role("button", name="Kirim Form A").click()
    expect(page.locator("[data-form-a-status]")).to_have_attribute("data-state", "queued")
    assert FormA.objects.count() == 0
    shot(page, screenshots, "form-a-04-antre-luring")
    # "Keluar" with the report still waiting: the phone says so first; "Batal" keeps it queued.
    # A dialog blocks the page until it is answered, so it is answered as it opens.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Keluar").click()
    assert "1 laporan Form A yang belum terkirim" in asked.value.message
    expect(page.locator("[data-form-a-status]")).to_have_attribute("data-state", "queued")

    # Signal again: the report goes by itself, once.
    context.set_offline(False)
    expect(page.locator("[data-form-a-status]")).to_have_attribute(
        "data-state", "sent", timeout=SLOW
    )
    expect(page.locator("[data-form-a-status]")).to_contain_text("Terkirim")
    shot(page, screenshots, "form-a-05-terkirim")
    form = FormA.objects.get()
    assert form.status == Status.SUBMITTED and form.author == ptps
    assert form.data["uraian"] == URAIAN and form.data["pelanggaran"]["peristiwa"]
    photo = FormAPhoto.objects.get()
    assert (photo.width, photo.height) == (1600, 1200)  # shrunk on the phone

    # Opened again online: a new report starts, the sent one is listed, nothing is sent twice.
    page.reload()
    expect(page.locator(f"#laporan-{form.pk}")).to_contain_text("Terkirim, menunggu tinjauan")
    expect(page.locator("#f-uraian")).to_have_value("")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    shot(page, screenshots, "form-a-06-laporan-baru")
    assert FormA.objects.count() == 1 and FormAPhoto.objects.count() == 1
    assert problems.found == []


def test_pkd_reviews_on_the_phone(
    phone: tuple[BrowserContext, Page, Problems],
    live_server: Any,
    ptps: User,
    tps: Tps,
    make_user: Callable[..., User],
    screenshots: Path,
    settings: Any,
) -> None:
    import io
    import uuid

    from pengawas.form_a.services import form_a_upsert
    from pengawas.form_a.tests.conftest import VIOLATION, report_data

    settings.ARCHIVE_KEY = ""
    settings.ARCHIVE_KEY_OLD = ""
    make_user(Role.PKD, username="pkd-jaten")
    form = form_a_upsert(
        user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(pelanggaran=VIOLATION),
        photos=[io.BytesIO(photo_bytes())],
    ).form  # fmt: skip
    _context, page, problems = phone
    base = live_server.url
    sign_in(page, url=f"{base}/hari-h/form-a/tinjau/", username="pkd-jaten")
    expect(page.locator(".form-a-list li")).to_have_count(1)
    expect(page.locator(".form-a-flag")).to_have_text("dugaan pelanggaran")
    shot(page, screenshots, "form-a-07-tinjau-daftar")
    page.locator(".form-a-list a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A · TPS 003 Desa Jaten")
    expect(page.locator(".form-a-thumbs img")).to_have_count(1)
    page.locator(".form-a-thumbs img").scroll_into_view_if_needed()
    expect(page.locator(".form-a-thumbs img")).to_have_js_property("naturalWidth", 800)
    shot(page, screenshots, "form-a-08-tinjau-laporan")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator("[data-archive-error]")).to_contain_text("PENGAWAS_ARCHIVE_KEY")
    shot(page, screenshots, "form-a-09-dikonfirmasi-tanpa-kunci-arsip")
    form.refresh_from_db()
    assert form.status == Status.CONFIRMED and form.record is None
    assert problems.found == []
