"""A PKD on a 390-px phone files a record with a PDF and a photo, opens it, and finds it again
by a word that is only inside the PDF (Chromium, Playwright). Screenshots: test-artifacts/."""

import re
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from pengawas.accounts.roles import Role
from pengawas.archive.models import Record, StoredFile
from pengawas.archive.tests.files import jpeg_bytes, pdf_bytes
from pengawas.core.tests.browser import ARTIFACTS, phone_context, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    with closing(phone_context(browser)) as context:
        yield context.new_page()


def test_a_pkd_files_a_record_with_two_files_and_finds_it_by_a_word_in_the_pdf(
    phone: Page,
    live_server: Any,
    make_user: Callable[..., User],
    election: Any,
    archive_key: str,
    tmp_path: Path,
) -> None:
    make_user(Role.PKD, username="pkd-jaten")
    pdf = tmp_path / "laporan-patroli.pdf"
    pdf.write_bytes(pdf_bytes("Temuan baliho paslon terpasang di jembatan Desa Jaten"))
    photo = tmp_path / "foto-baliho.jpg"
    photo.write_bytes(jpeg_bytes((40, 90, 160), (640, 480)))
    ARTIFACTS.mkdir(exist_ok=True)

    sign_in(phone, url=f"{live_server.url}/arsip/baru/", username="pkd-jaten")

    phone.get_by_label("Fungsi").select_option("pengawasan")
    phone.get_by_label("Judul").fill("Patroli pengawasan APK masa tenang")
    phone.get_by_label("Pemilihan").select_option(label=election.name)
    phone.get_by_label("Tahapan").fill("Masa tenang")
    phone.get_by_label("Label").fill("APK, masa tenang")
    phone.locator("#id_files").set_input_files([str(pdf), str(photo)])
    expect(phone.locator("#file-list li")).to_have_count(2)
    shot(phone, ARTIFACTS, "arsip-baru")
    phone.get_by_role("button", name="Simpan arsip").click()

    phone.wait_for_url(re.compile(r".*/arsip/\d+/$"))
    record = Record.objects.get()
    assert StoredFile.objects.filter(record=record).count() == 2
    expect(phone.get_by_role("heading", name="Patroli pengawasan APK masa tenang")).to_be_visible()
    expect(phone.get_by_text("2 berkas tersimpan.")).to_be_visible()
    expect(phone.locator(".archive-file-name", has_text="laporan-patroli.pdf")).to_be_visible()
    # The previews (the photo, the PDF's first page) are drawn and shown.
    previews = phone.locator(".archive-preview img")
    expect(previews).to_have_count(2)
    for index in range(2):
        previews.nth(index).scroll_into_view_if_needed()
        phone.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=previews.nth(index).element_handle()
        )
    shot(phone, ARTIFACTS, "arsip-record")

    phone.goto(f"{live_server.url}/arsip/cari/")
    phone.get_by_label("Kata yang dicari").fill("jembatan")
    phone.get_by_label("Kata yang dicari").press("Enter")
    result = phone.get_by_role("link", name="Patroli pengawasan APK masa tenang")
    expect(result).to_be_visible()
    shot(phone, ARTIFACTS, "arsip-cari")
    result.click()
    phone.wait_for_url(f"**/arsip/{record.pk}/")
