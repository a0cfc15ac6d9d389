"""Cek DPT in a real browser: a phone-sized headless Chromium against the live server."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

from pengawas.core.services import rate_hit
from pengawas.core.tests.browser import ARTIFACTS, PHONE, phone_context
from pengawas.dpt.models import Voter
from pengawas.dpt.tests.factories import KNOWN, UNKNOWN

# The live server answers from another thread, so the data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASH = "\N{EN DASH}"


class Session:
    """One browser tab on a phone, with a record of what it asked for and complained about."""

    def __init__(self, browser: Browser, base_url: str, *, javascript: bool = True) -> None:
        self.base_url = base_url
        self.context = phone_context(
            browser, is_mobile=javascript, has_touch=True, java_script_enabled=javascript
        )
        self.requests: list[Request] = []
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        # The app must never load anything from the internet: refuse and record it.
        self.context.route("**/*", self._only_live_server)
        self.page: Page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)

    def _only_live_server(self, route: Route) -> None:
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _request(self, request: Request) -> None:
        self.requests.append(request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def check(self, nik: str) -> None:
        self.page.goto(f"{self.base_url}/cek-dpt/")
        self.page.get_by_label("Nomor Induk Kependudukan (NIK)").fill(nik)
        self.page.get_by_role("button", name="Cek sekarang").click()

    def assert_private(self, nik: str) -> None:
        page = self.page
        assert nik not in page.url and page.url == f"{self.base_url}/cek-dpt/"
        assert nik not in page.content()
        assert nik not in page.inner_text("body")
        assert all(nik not in request.url for request in self.requests)
        assert self.outside == []
        assert self.console_errors == []  # among others: no Content-Security-Policy refusals

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: Browser, live_server: Any) -> Iterator[Session]:
    ARTIFACTS.mkdir(exist_ok=True)
    session = Session(browser, live_server.url)
    yield session
    session.close()


def test_found_on_a_phone(session: Session, siti: Voter) -> None:
    session.check(KNOWN)

    result = session.page.locator("#cek-dpt-hasil")
    result.get_by_text("SIT* AMI***").wait_for()
    text = result.inner_text()
    for shown in ("Terdaftar", "TPS 003", "Togogan", "Srengat", "3505********0001"):
        assert shown in text
    assert "Pemilihan Bupati dan Wakil Bupati Blitar 2020" in text
    # htmx swapped the answer in: one POST to the page's own URL, no reload.
    posts = [r for r in session.requests if r.method == "POST"]
    assert [(r.url, r.headers.get("hx-request")) for r in posts] == [
        (f"{session.base_url}/cek-dpt/", "true")
    ]
    assert f"nik={KNOWN}" in (posts[0].post_data or "")  # in the body, not the URL
    session.assert_private(KNOWN)
    # The page fits the phone: nothing wider than the screen.
    width = session.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    session.page.screenshot(path=str(ARTIFACTS / "cek-dpt.png"), full_page=True)


def test_not_found_on_a_phone(session: Session, siti: Voter) -> None:
    session.check(UNKNOWN)

    result = session.page.locator("#cek-dpt-hasil")
    result.get_by_text("Tidak ditemukan", exact=True).wait_for()
    text = result.inner_text()
    assert "Yang dapat Anda lakukan" in text
    assert f"12.00{DASH}13.00" in text and "DPTb" in text
    assert "SIT*" not in text
    session.assert_private(UNKNOWN)
    session.page.screenshot(path=str(ARTIFACTS / "cek-dpt-tidak-ditemukan.png"), full_page=True)


def test_input_error_is_explained(session: Session, siti: Voter) -> None:
    session.check("3505 9941 0180")

    alert = session.page.get_by_role("alert")
    alert.get_by_text("NIK belum benar").wait_for()
    assert "yang Anda ketik 12 digit" in alert.inner_text()
    session.assert_private("350599410180")


def test_wait_message_is_shown_when_rate_limited(
    session: Session, siti: Voter, settings: Any
) -> None:
    settings.CEK_DPT_RATE_PER_MINUTE = 1
    session.check(UNKNOWN)
    session.page.get_by_text("Tidak ditemukan", exact=True).wait_for()
    # The limit counts per minute window; the first check may have fallen in the window
    # before this one. Count a hit for this client now, so the click below lands in a
    # window that is already full (only a window ending in these milliseconds would not be).
    rate_hit(key="cek-dpt:127.0.0.1", limit=1)

    session.page.get_by_role("button", name="Cek sekarang").click()

    alert = session.page.get_by_role("alert").filter(has_text="Mohon tunggu sebentar")
    alert.wait_for()
    assert "detik lalu coba lagi" in alert.inner_text()
    assert session.page.locator("#cekdpt-offline").is_hidden()
    session.console_errors = [e for e in session.console_errors if "429" not in e]
    session.assert_private(UNKNOWN)


def test_works_without_javascript(browser: Browser, live_server: Any, siti: Voter) -> None:
    session = Session(browser, live_server.url, javascript=False)
    try:
        session.check(KNOWN)
        session.page.get_by_text("SIT* AMI***").wait_for()
        assert "TPS 003" in session.page.inner_text("#cek-dpt-hasil")
        session.assert_private(KNOWN)
    finally:
        session.close()
