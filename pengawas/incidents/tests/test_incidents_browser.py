"""The incidents page on a PTPS's phone (Chromium, 390 x 844): the answer appears while
choosing (htmx), the incident is saved, the drafts are shown. Screenshots go to
$PENGAWAS_SCREENSHOTS (default: the test's tmp_path)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import Problems, phone_context, shot, sign_in
from pengawas.elections.models import Election, Tps
from pengawas.incidents.models import Incident

pytestmark = pytest.mark.browser


def test_the_ptps_sees_the_answer_and_saves_on_a_phone(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    election: Election,
    make_user: Callable[..., User],
    screenshots: Path,
) -> None:
    tps = Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)
    make_user(Role.PTPS, tps=tps, username="ptps-jaten-1")
    context = phone_context(browser)
    problems = Problems(context, console={"error", "warning"})
    page = context.new_page()
    sign_in(page, url=f"{live_server.url}/hari-h/kejadian/", username="ptps-jaten-1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TPS 001 Desa Jaten")

    page.get_by_label("Pemilih menggunakan hak pilih lebih dari satu kali").check()
    page.locator("#id_count").fill("2")
    page.locator("#id_count").blur()
    answer = page.locator("#jawaban-isi")
    expect(answer).to_contain_text("Termasuk kejadian yang sedang dipilih")
    expect(answer).to_contain_text("Pasal 112 ayat (2) huruf d")
    assert not Incident.objects.exists()
    shot(page, screenshots, "kejadian-pilih")

    page.get_by_role("button", name="Simpan kejadian").click()
    # Sent to the JSON endpoint (incidents.js), then the page shows the saved answer.
    expect(page.locator("#teks-rekomendasi")).to_contain_text(
        "merekomendasikan pemungutan suara ulang di TPS 001"
    )
    assert Incident.objects.count() == 1
    shot(page, screenshots, "kejadian-tersimpan")

    # No signal: the next incident stays on the phone, survives a reload, and arrives once
    # when the signal returns.
    context.set_offline(True)
    page.get_by_label("Penghitungan suara dilakukan secara tertutup").check()
    page.get_by_label("Keterangan").fill("Pintu ditutup saat penghitungan")
    page.get_by_role("button", name="Simpan kejadian").click()
    status = page.locator("[data-incidents-status]")
    expect(status).to_contain_text("1 kejadian tersimpan di ponsel")
    page.screenshot(path=str(screenshots / "kejadian-luring.png"), full_page=True)
    assert Incident.objects.count() == 1
    context.set_offline(False)
    expect(page.locator("#jawaban-isi")).to_contain_text("Pasal 113 ayat (2) huruf a")
    assert Incident.objects.count() == 2
    page.reload()
    expect(page.locator(".incidents-list li")).to_have_count(2)
    assert Incident.objects.count() == 2
    assert Incident.objects.get(code="COUNT_CLOSED").note == "Pintu ditutup saat penghitungan"
    context.close()
    # Offline, the answer while choosing cannot be fetched (htmx says so); nothing else failed.
    offline = ("ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    assert not [p for p in problems.found if not p.startswith(offline) and offline[0] not in p]
