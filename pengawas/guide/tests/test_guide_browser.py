"""The Panduan on a PTPS's phone without signal (Chromium, Playwright, service workers on).

One visit online, then the network is cut: the Buku Saku, a decision guide, a search answered
on the phone, and the checklist (a mark survives a reload offline and reaches the server once
the signal is back). Screenshots at 390 x 844 go to $PENGAWAS_SCREENSHOTS (default: the test's
tmp_path). A second test holds the phone's search (guide-search.js) to the server's.
"""

import datetime
import re
import tomllib
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
from pengawas.guide.checklist import form_a_paragraph
from pengawas.guide.models import ChecklistMark, Edition, Section
from pengawas.guide.search import index_search
from pengawas.guide.services import edition_publish

pytestmark = pytest.mark.browser

SERIES = "pilkada-2020"
QUESTIONS_DIR = Path(__file__).parent / "data"
READY = "Panduan siap dibaca tanpa sinyal."
OFFLINE = "Anda sedang luring — menampilkan salinan di ponsel."
SLOW = 30_000  # ms: the first visit keeps every page of the edition


@pytest.fixture
def published(transactional_db: None) -> Edition:
    edition, _created = edition_publish(series=SERIES)
    return edition


@pytest.fixture
def tps(election: Election) -> Tps:
    found, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=3)
    return found


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps, username="ptps-jaten-3")


@pytest.fixture
def phone(
    browser: Browser, live_server: Any, published: Edition
) -> Iterator[tuple[BrowserContext, Page, Problems]]:
    with closing(phone_context(browser)) as context:
        yield context, context.new_page(), Problems(context)


def _sign_in(page: Page, base: str) -> None:
    """The PTPS of TPS 003 Jaten signs in at the guide's start, which leads on to the series."""
    sign_in(page, url=f"{base}/panduan/", username="ptps-jaten-3", lands_on=f"**/panduan/{SERIES}/")


def _two_clicks_to_an_answer(section: Section) -> tuple[str, str, str]:
    """(first option's label, second option's label, answer node id) along a decision guide."""
    nodes = {node["id"]: node for node in section.data["nodes"]}
    for first in nodes[section.data["start"]]["options"]:
        middle = nodes[first["next"]]
        for second in middle.get("options", []):
            if not nodes[second["next"]].get("options"):
                return first["label"], second["label"], second["next"]
    raise AssertionError(f"{section.page_id}: no answer two clicks from the start")


def test_after_one_visit_the_guide_works_without_signal(
    phone: tuple[BrowserContext, Page, Problems],
    live_server: Any,
    ptps: User,
    tps: Tps,
    published: Edition,
    screenshots: Path,
) -> None:
    context, page, problems = phone
    base = live_server.url
    _sign_in(page, base)

    # One visit: the worker keeps the edition on the phone and says so.
    status = page.locator("[data-offline-status]")
    expect(status).to_have_attribute("data-state", re.compile("^(ready|partial)$"), timeout=SLOW)
    assert status.text_content() == READY, problems.printed
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    shot(page, screenshots, "01-panduan-siap-luring")

    context.set_offline(True)

    # The installed app's start (the manifest's start_url) leads to the kept series page.
    page.goto(f"{base}/panduan/")
    page.wait_for_url(f"**/panduan/{SERIES}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
    # A page never kept says so in words, with the way back to what is kept.
    page.goto(f"{base}/panduan/{SERIES}/edisi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tanpa sinyal")
    expect(page.get_by_role("link", name="Buka panduan yang tersimpan")).to_be_visible()

    # The handbook: a Buku Saku chapter.
    chapter = published.sections.filter(book="buku-saku").order_by("order").first()
    assert chapter is not None
    page.goto(f"{base}/panduan/{SERIES}/{chapter.page_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(chapter.title)
    expect(status).to_have_text(OFFLINE)
    shot(page, screenshots, "02-buku-saku-luring")

    # A decision guide: two answers lead to the guide's answer.
    guide = published.sections.filter(type="keputusan").order_by("order", "page_id").first()
    assert guide is not None
    first, second, answer = _two_clicks_to_an_answer(guide)
    page.goto(f"{base}/panduan/{SERIES}/{guide.page_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(guide.title)
    page.locator(".guide-node:visible").get_by_role("link", name=first, exact=True).click()
    page.locator(".guide-node:visible").get_by_role("link", name=second, exact=True).click()
    answer_node = page.locator(f"#n-{answer}")
    expect(answer_node).to_be_visible()
    expect(answer_node.locator(".guide-answer")).to_be_visible()
    expect(page.locator(".guide-node:visible")).to_have_count(1)
    shot(page, screenshots, "03-panduan-keputusan-luring")

    # Search, answered on the phone from the kept index.
    query = "suhu 38 boleh milih"
    expected = index_search(published.search_index, query, limit=10)
    page.get_by_label("Cari di panduan").fill(query)
    page.get_by_label("Cari di panduan").press("Enter")
    page.wait_for_url(re.compile(r".*/panduan/cari\?q=.*"))
    # Answered on the phone (guide-search.js), not by the server.
    expect(page.locator("[data-search-results][data-offline-results]")).to_be_attached()
    results = page.locator("[data-search-results] .guide-results > li")
    expect(results.first).to_be_visible()
    expect(results).to_have_count(len(expected))
    expect(results.first.locator(".guide-result-title")).to_have_text(expected[0]["title"])
    expect(results.first.locator(".guide-result-snippet")).to_have_text(expected[0]["snippet"])
    expect(page.get_by_label("Cari di panduan")).to_have_value(query)
    shot(page, screenshots, "04-cari-luring")
    results.first.get_by_role("link").click()
    page.wait_for_url(f"{base}{expected[0]['url']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(expected[0]["title"])
    shot(page, screenshots, "05-hasil-cari-luring")

    # The checklist: a step marked not compliant drafts its Form A paragraph.
    page.goto(f"{base}/panduan/{SERIES}/daftar-periksa/")
    item = page.locator("form[data-check]").first
    check_id = item.get_attribute("data-check")
    assert check_id
    note = "KPPS baru membuka TPS pukul 07.40, menunggu saksi."
    item.get_by_label("Tidak sesuai").check()
    item.get_by_label("Catatan").fill(note)
    item.get_by_role("button", name="Simpan").click()
    draft = item.locator("[data-draft]")
    expect(draft).to_be_visible()
    expect(draft).to_contain_text("TPS 003 Desa Jaten")
    expect(draft).to_contain_text(note)
    expect(item).to_have_class(re.compile(r"\bguide-item-tidak_sesuai\b"))
    sync = page.locator("[data-sync-status]")
    expect(sync).to_contain_text("belum terkirim (1)")
    expect(sync).to_contain_text("Luring")
    expect(page.locator("[data-progress]")).to_have_text(
        f"1 dari {page.locator('form[data-check]').count()} butir sudah ditandai"
    )
    kept = page.evaluate(
        "key => JSON.parse(localStorage.getItem(key)).marks",
        f"pengawas.checklist.{SERIES}.{tps.pk}",
    )
    paragraph = form_a_paragraph(
        template=_form_a_template(published, check_id),
        tps_label="TPS 003 Desa Jaten",
        marked_at=datetime.datetime.fromisoformat(kept[check_id]["marked_at"]),
        note=note,
    )
    expect(draft).to_have_text(paragraph)
    expect(page.locator("[data-drafts]")).to_contain_text(paragraph)
    shot(page, screenshots, "06-daftar-periksa-luring")

    # Closed and opened again without signal: the mark and the note are still there.
    page.reload()
    item = page.locator(f"form[data-check='{check_id}']")
    expect(item.get_by_label("Tidak sesuai")).to_be_checked()
    expect(item.get_by_label("Catatan")).to_have_value(note)
    expect(item.locator("[data-draft]")).to_have_text(paragraph)
    assert not ChecklistMark.objects.filter(check_id=check_id).exists()
    shot(page, screenshots, "07-daftar-periksa-dibuka-lagi-luring")

    # "Keluar" with the mark still on the phone: the phone says so first, and the PTPS who
    # answers "Batal" stays signed in, the mark kept.
    # A dialog blocks the page until it is answered, so it is answered as it opens.
    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Keluar").click()
    assert "1 tanda daftar periksa yang belum terkirim" in asked.value.message
    expect(item.get_by_label("Tidak sesuai")).to_be_checked()

    # Signal again: the mark goes to the server by itself.
    context.set_offline(False)
    expect(sync).to_have_text("Semua tanda terkirim", timeout=SLOW)
    mark = ChecklistMark.objects.get(check_id=check_id)
    assert (mark.mark, mark.note, mark.marked_by_id) == ("tidak_sesuai", note, ptps.pk)
    expect(status).not_to_have_text(OFFLINE)
    shot(page, screenshots, "08-daftar-periksa-terkirim")

    # Everything sent: "Keluar" asks nothing.
    page.on("dialog", lambda dialog: problems.found.append(f"dialog: {dialog.message}"))
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()

    assert problems.found == []


def _form_a_template(edition: Edition, check_id: str) -> str:
    for section in edition.sections.filter(type="langkah"):
        for check in section.data["checks"]:
            if check["id"] == check_id:
                return str(check["form_a"])
    raise AssertionError(check_id)


def _questions() -> list[str]:
    questions = []
    for file in sorted(QUESTIONS_DIR.glob("questions-*.toml")):
        questions += [item["q"] for item in tomllib.loads(file.read_text("utf-8"))["questions"]]
    return questions


def test_the_phone_finds_what_the_server_finds_for_every_question(
    phone: tuple[BrowserContext, Page, Problems],
    live_server: Any,
    ptps: User,
    published: Edition,
) -> None:
    _context, page, problems = phone
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/panduan/cari")
    questions = _questions()
    assert len(questions) >= 30
    found: list[list[dict[str, str]]] = page.evaluate(
        """async ([url, questions]) => {
            const index = await (await fetch(url, {credentials: "same-origin"})).json();
            return questions.map(q => window.pengawasGuideSearch.search(index, q, 10));
        }""",
        [f"/panduan/{SERIES}/indeks.json", questions],
    )
    for question, phone_hits in zip(questions, found, strict=True):
        server_hits = index_search(published.search_index, question, limit=10)
        assert [hit["id"] for hit in phone_hits[:3]] == [hit["id"] for hit in server_hits[:3]], (
            question
        )
        # Not only the order: the same part of the page and the same snippet.
        assert phone_hits == server_hits, question
    assert problems.found == []
