"""The supervisors' search in a real browser: sign in, type, page through, open a TPS."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, Request

from pengawas.accounts.roles import Role
from pengawas.core.tests.browser import ARTIFACTS, DESK, LOCALE, sign_in
from pengawas.dpt.models import Voter

pytestmark = pytest.mark.browser

# 30 voters named SRI … (in the order the search lists them): two pages of results; plus
# one Muhammad spelled the old way.
SRI = [
    f"SRI {name}"
    for name in (
        "ADI AGUS ANI BAYU BUDI CANDRA CITRA DEWI DIAN EKA ELOK FAJAR FITRI GITA HADI INDAH "
        "IRMA JAYA KARTIKA LESTARI MEGA NINGSIH OKTA PUTRI RATNA SARI TUTI UTAMI WATI YANTI"
    ).split()
]


@pytest.fixture
def voters(transactional_db: None, make_voter: Callable[..., Voter]) -> None:
    for name in SRI:
        make_voter(name=name, sex="P")
    make_voter(name="MOCH. HIDAYAT", sex="L", tps=2)


@pytest.fixture
def page(
    browser: Browser, live_server: Any, voters: None, make_user: Callable[..., User]
) -> Iterator[Page]:
    # A PKD of Jaten, where the voters live: the field roles log in with a password alone
    # unless PENGAWAS_2FA_FIELD_ROLES asks for more (the TOTP login has its own test).
    make_user(Role.PKD, username="pengawas")
    context = browser.new_context(viewport=DESK, locale=LOCALE)
    page = context.new_page()
    sign_in(page, url=f"{live_server.url}/dpt/cari/", username="pengawas")
    yield page
    context.close()


def test_typing_finds_spelling_variants_without_the_name_in_any_url(page: Page) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    page.get_by_label("Nama", exact=True).fill("muhammad hid")
    page.wait_for_selector("text=MOCH. HIDAYAT")
    assert "SRI ADI" not in page.inner_text("#results")
    assert page.url.endswith("/dpt/cari/")
    assert not [r.url for r in requests if "hid" in r.url.lower() or "muhammad" in r.url.lower()]
    assert any(r.method == "POST" for r in requests)


def test_the_pager_pages_by_post(page: Page) -> None:
    page.get_by_label("Nama", exact=True).fill("sri")
    page.wait_for_selector("text=Halaman 1")
    assert page.locator("li.voter").count() == 25
    page.get_by_role("button", name="Berikutnya").click()
    page.wait_for_selector("text=Halaman 2")
    names = page.locator("li.voter .voter-name").all_inner_texts()
    assert names == SRI[25:]
    # The new page is shown from its top, not from where the pager button was.
    # (Within a pixel of the top: layout rounds to fractions of a pixel, e.g. -0.125.)
    top = page.evaluate("document.getElementById('results').getBoundingClientRect().top")
    assert -1 < top < 50
    assert page.url.endswith("/dpt/cari/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cari-pemilih-halaman-2.png"))
    page.get_by_role("button", name="Sebelumnya").click()
    page.wait_for_selector("text=Halaman 1")
    assert page.locator("li.voter .voter-name").first.inner_text() == SRI[0]


def test_a_result_opens_its_tps_list(page: Page) -> None:
    page.get_by_label("Nama", exact=True).fill("hidayat")
    page.wait_for_selector("text=MOCH. HIDAYAT")
    page.get_by_role("link", name="TPS 002").click()
    page.wait_for_url("**/dpt/tps/**")
    assert "MOCH. HIDAYAT" in page.inner_text("body")
    assert "SRI ADI" not in page.inner_text("body")
