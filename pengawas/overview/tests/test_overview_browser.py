"""The overview in a real browser (Chromium, Playwright), as a komisioner of Bawaslu (logged in
past the second factor) on a phone (390 x 844) and a desk (1280): counts, the state filter,
the recap upload with a refused line then a good file, the differences. Screenshots go to
$PENGAWAS_SCREENSHOTS (default: the test's tmp_path)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, ViewportSize, expect

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import DESK, LOCALE, PHONE, Problems, session_hand_over, shot
from pengawas.elections.models import Election, Tps
from pengawas.incidents.models import Incident
from pengawas.overview.models import KpuRecap
from pengawas.overview.tests.factories import paslon_add, sheet_add

pytestmark = pytest.mark.browser

GOOD = (
    "kode_desa;kecamatan;desa;tps;paslon_1;paslon_2;sah;tidak_sah\n"
    "35.05.01.2001;;;1;100;70;170;8\n"
    ";Wonodadi;Jaten;2;90;60;150;4\n"
)


@pytest.mark.parametrize(("size", "viewport"), [("ponsel", PHONE), ("meja", DESK)])
def test_a_komisioner_watches_and_imports_the_recap(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    election: Election,
    places: dict[str, Tps],
    make_user: Callable[..., User],
    login: Callable[..., None],
    screenshots: Path,
    tmp_path: Path,
    size: str,
    viewport: ViewportSize,
) -> None:
    paslon_add(election)
    ptps = make_user(Role.PTPS)
    sheet_add(places["jaten1"], by=ptps, paslon={"1": 100, "2": 70})
    sheet_add(places["jaten2"], by=ptps, paslon={"1": 95, "2": 60}, tidak_sah=4, result="errors")
    Incident.objects.create(tps=places["jaten2"], code="VOTED_MORE_THAN_ONCE", count=2,
                            recorded_by=ptps)  # fmt: skip
    client = Client()
    login(client, make_user(Role.KOMISIONER))
    context = browser.new_context(viewport=viewport, locale=LOCALE)
    session_hand_over(context, client, live_server.url)
    problems = Problems(context, console={"error"})
    page = context.new_page()
    page.clock.install()  # the poll's 30 s pass at the test's command, not in real time
    page.goto(f"{live_server.url}/pantauan/")
    expect(page.locator(".overview-title")).to_contain_text("4 TPS")
    expect(page.locator(".is-dasar-psu .overview-number")).to_have_text("1")
    expect(page.locator("table.overview-table tbody tr")).to_have_count(4)
    shot(page, screenshots, f"pantauan-{size}")
    page.get_by_label("Keadaan").select_option("ada-kesalahan")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**keadaan=ada-kesalahan**")
    expect(page.locator("table.overview-table tbody tr")).to_have_count(1)
    expect(page.locator("table.overview-table tbody")).to_contain_text("TPS 002")
    shot(page, screenshots, f"pantauan-kesalahan-{size}")
    # Nothing new: the poll brings only the time of the check; the table is not drawn again.
    page.evaluate("document.querySelector('table.overview-table').dataset.kept = 'yes'")
    with page.expect_response(lambda response: "versi=" in response.url) as polled:
        page.clock.run_for(31_000)
    assert polled.value.headers["hx-reswap"] == "none"
    expect(page.locator("table.overview-table")).to_have_attribute("data-kept", "yes")
    # A sheet with errors arrives from Salam: the next poll shows it, the filter kept.
    sheet_add(places["salam1"], by=ptps, result="errors")
    page.evaluate("window.scrollTo(0, 200)")
    page.clock.run_for(31_000)
    expect(page.locator("table.overview-table tbody tr")).to_have_count(2)
    expect(page.locator("table.overview-table")).not_to_have_attribute("data-kept", "yes")
    expect(page.locator(".is-ada-kesalahan .overview-number")).to_have_text("2")
    assert "keadaan=ada-kesalahan" in page.url
    assert page.evaluate("window.scrollY") == 200 or viewport["height"] >= page.evaluate(
        "document.body.scrollHeight"
    )
    page.goto(f"{live_server.url}/pantauan/rekap/")
    bad = tmp_path / "salah.csv"
    bad.write_text(GOOD + "35.05.01.2001;;;9;1;1;2;0\n", encoding="utf-8")
    page.get_by_label("Berkas rekap KPU (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_role("alert")).to_contain_text("Baris 4: TPS 009")
    shot(page, screenshots, f"rekap-ditolak-{size}")
    good = tmp_path / "rekap.csv"
    good.write_text(GOOD, encoding="utf-8")
    page.get_by_label("Berkas rekap KPU (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Impor").click()
    expect(page.locator(".messages")).to_contain_text("2 TPS diimpor")
    assert KpuRecap.objects.count() == 2
    differences = page.locator("table.recap-differences tbody tr")
    expect(differences).to_have_count(1)
    expect(differences).to_contain_text("TPS 002")
    expect(differences.locator("td.is-diff").first).to_have_text("-5")
    shot(page, screenshots, f"rekap-{size}")
    context.close()
    # The refused file answers 400 on purpose; nothing else may complain (CSP, scripts).
    assert [p for p in problems.found if "status of 400" not in p] == []
