"""Fixtures of the voter-list tests: one known voter, and the browser (Debian's Chromium)."""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from pengawas.dpt.models import Voter
from pengawas.dpt.tests.factories import KNOWN, NKK

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # A missing browser is a failure, never a skip.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def siti(make_voter: Callable[..., Voter]) -> Voter:
    """The voter whose NIK is KNOWN, in Kepanjen Lor (Srengat), TPS 003."""
    return make_voter(
        name="SITI AMINAH",
        nik=KNOWN,
        nkk=NKK,
        village="35.05.03.1004",
        tps=3,
        birth_date=datetime.date(1980, 1, 1),
        birth_place="BLITAR",
        address="JL. MAWAR NO. 7",
    )
