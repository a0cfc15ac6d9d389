"""What the browser tests (pytest.mark.browser) share, so that every page is tried on the same
phone and held to the same rules: a phone's screen, what the pages complained about, the login
form, a page that fits its screen. The browser is the `browser` fixture and the screenshot folder
the `screenshots` fixture (pengawas/conftest.py)."""

from collections.abc import Collection
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    WebError,
)

from pengawas.conftest import TEST_PASSWORD

# The phone the field staff carry (390 x 844 CSS pixels) and an office screen.
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1280, "height": 900}
LOCALE = "id-ID"
# Screenshots kept in the checkout (git ignores it), for the pages reviewed by eye.
ARTIFACTS = Path(settings.BASE_DIR).parent / "test-artifacts"


def phone_context(browser: Browser, **extra: Any) -> BrowserContext:
    """A new browser context as a field officer's phone, in Indonesian, with a phone's dense
    screen. Service workers are allowed (Playwright's default), which the offline pages need."""
    return browser.new_context(viewport=PHONE, device_scale_factor=2, locale=LOCALE, **extra)


class Problems:
    """What the pages of one browser context complained about, for a test to assert there is
    nothing: uncaught script errors and Content Security Policy refusals (a refused script or
    style only says so in the console), plus console messages of the types in `console`."""

    def __init__(self, context: BrowserContext, *, console: Collection[str] = ()) -> None:
        self.found: list[str] = []
        # Every console message, to explain a failure that shows no problem by itself.
        self.printed: list[str] = []
        self._console = console
        context.on("console", self._message)
        context.on("weberror", self._error)

    def _message(self, message: ConsoleMessage) -> None:
        self.printed.append(f"{message.type}: {message.text}")
        if "Content Security Policy" in message.text or message.type in self._console:
            self.found.append(message.text)

    def _error(self, error: WebError) -> None:
        self.found.append(f"pageerror: {error.error}")


def sign_in(
    page: Page,
    *,
    url: str,
    username: str,
    password: str = TEST_PASSWORD,
    lands_on: str | None = None,
) -> None:
    """Open `url` signed out, answer the login form it leads to, and wait until the browser is
    on `lands_on` (a URL or a glob), by default back on `url`.

    Wait for the whole URL rather than a glob such as "**/path/": the login page's own address
    ends in ?next=/path/ and would match it before the form is answered."""
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lands_on or url)


def session_hand_over(context: BrowserContext, client: Client, url: str) -> None:
    """Give the browser the session of a test client (see the `login` fixture): signed in past
    the second factor without typing a code, for tests about what comes after the login."""
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": url}])


def no_horizontal_scroll(page: Page) -> None:
    """The page fits its screen: nothing to scroll sideways, the first thing a phone shows."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{page.url} is wider than the screen"
    )


def shot(page: Page, folder: Path, name: str) -> None:
    """Check that the page fits its screen, then keep a full-page screenshot folder/name.png."""
    no_horizontal_scroll(page)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
