"""The English catalogue: complete, compiled, and used by the pages and the API.

No GNU gettext needed: the .po is read by the small parser below, the .mo by the stdlib.
scripts/check_translations.sh (CI, with xgettext) checks that no string in the code is
missing from the catalogue; the template check here is its cheap, always-run cousin.
"""

import datetime
import gettext
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from pengawas.dpt.models import Voter

LOCALE = Path(django_settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
UNKNOWN = "3505995202900002"
EN = {"Accept-Language": "en"}
LANGUAGE_COOKIE = django_settings.LANGUAGE_COOKIE_NAME


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index → text; 0 alone
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")


def _unquote(text: str, line: int) -> str:
    match = _QUOTED.match(text.strip())
    if match is None:
        raise ValueError(f"django.po line {line}: not a quoted string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), match.group(1))


def po_parse(text: str) -> list[Entry]:
    """The entries of a .po file, header included (msgid ""), obsolete ones marked."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # the keyword that continuation lines extend

    def close() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            close()
            continue
        if line.startswith("#,"):
            if target is not None and target[0] != "flags":
                close()
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            if target is not None:
                close()
            continue
        keyword = _KEYWORD.match(line)
        if keyword is not None:
            name, index, value = keyword.group(1), keyword.group(2), keyword.group(3)
            if name in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                close()  # a new entry without a blank line before it
            entry.obsolete = entry.obsolete or obsolete
            entry.line = entry.line or number
            text_value = _unquote(value, number)
            if name == "msgctxt":
                entry.msgctxt, target = text_value, ("msgctxt", 0)
            elif name == "msgid":
                entry.msgid, target = text_value, ("msgid", 0)
            elif name == "msgid_plural":
                entry.msgid_plural, target = text_value, ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                entry.msgstr[slot] = text_value
                target = ("msgstr", slot)
            continue
        if target is None:
            raise ValueError(f"django.po line {number}: unexpected {raw!r}")
        more = _unquote(line, number)
        kind, slot = target
        if kind == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + more
        elif kind == "msgid":
            entry.msgid += more
        elif kind == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + more
        else:
            entry.msgstr[slot] += more
    close()
    return entries


def _messages() -> list[Entry]:
    return [e for e in po_parse(PO.read_text(encoding="utf-8")) if e.msgid and not e.obsolete]


def _key(entry: Entry) -> str:
    # How GNUTranslations keys a message with a context: "context\x04msgid".
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|%[sd]", text))


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request in English leaves English active in this thread; later tests expect Indonesian.
    yield
    translation.deactivate()


class TestCatalogue:
    def test_parser_reads_the_gettext_syntax(self) -> None:
        entries = po_parse(
            'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy, python-format\n'
            'msgctxt "menu"\nmsgid "a \\"%(b)s\\""\n"c"\nmsgstr "x"\n"y"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "1"\nmsgstr[1] "2"\n'
            '#~ msgid "old"\n#~ msgstr "lama"\n'
        )
        header, context, plural, old = entries
        assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
        assert context.msgctxt == "menu" and context.msgid == 'a "%(b)s"c'
        assert context.msgstr == {0: "xy"} and context.flags == {"fuzzy", "python-format"}
        assert plural.msgid_plural == "many" and plural.msgstr == {0: "1", 1: "2"}
        assert old.obsolete and old.msgid == "old" and not plural.obsolete

    def test_every_message_is_translated_and_none_is_fuzzy(self) -> None:
        entries = po_parse(PO.read_text(encoding="utf-8"))
        messages = [e for e in entries if e.msgid]
        assert len(messages) > 100
        assert not [e.msgid for e in entries if "fuzzy" in e.flags], "fuzzy entries"
        assert not [e.msgid for e in entries if e.obsolete], "obsolete entries: rerun makemessages"
        # English has two plural forms; a message without a plural has one msgstr.
        untranslated = [
            e.msgid
            for e in messages
            if sorted(e.msgstr) != list(range(2 if e.msgid_plural else 1))
            or not all(e.msgstr.values())
        ]
        assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
        keys = [_key(e) for e in messages]
        assert len(keys) == len(set(keys)), "a msgid appears twice"

    def test_header_says_english_utf8_and_english_plurals(self) -> None:
        (header,) = [e for e in po_parse(PO.read_text(encoding="utf-8")) if not e.msgid]
        assert "Language: en\n" in header.msgstr[0]
        assert "charset=UTF-8" in header.msgstr[0]
        assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]

    def test_placeholders_survive_translation(self) -> None:
        wrong = [
            (e.msgid, text)
            for e in _messages()
            for index, text in e.msgstr.items()
            if _placeholders(text)
            != _placeholders(e.msgid_plural if index and e.msgid_plural else e.msgid)
        ]
        assert not wrong, wrong

    def test_compiled_catalogue_is_the_po_file(self) -> None:
        """The .mo holds exactly the .po's messages: a .po edited without compiling fails."""
        with MO.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        expected: dict[object, str] = {}
        for entry in _messages():
            if entry.msgid_plural is not None:
                for index, text in entry.msgstr.items():
                    expected[(_key(entry), index)] = text
            else:
                expected[_key(entry)] = entry.msgstr[0]
        catalog = dict(compiled._catalog)  # type: ignore[attr-defined]
        catalog.pop("", None)  # the header
        missing = sorted(str(k) for k in expected.keys() - catalog.keys())
        extra = sorted(str(k) for k in catalog.keys() - expected.keys())
        assert not missing and not extra, (
            f"{MO.name} differs from {PO.name}: run compilemessages "
            f"(missing {missing[:5]}, extra {extra[:5]})"
        )
        changed = [key for key, text in expected.items() if catalog[key] != text]
        assert not changed, f"{MO.name} is stale for {changed[:5]}: run compilemessages"
        # Through a variable: xgettext would take a literal here for a message of the app.
        found = "%(counter)s pemilih ditemukan"
        assert compiled.ngettext(found, found, 1) == "%(counter)s voter found"
        assert compiled.ngettext(found, found, 2) == "%(counter)s voters found"

    def test_template_strings_are_in_the_catalogue(self) -> None:
        # {% translate "…" %} and {% trans '…' %}, with an optional context "…".
        tag = re.compile(
            r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<text>.*?)(?P=q)"""
            r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?[^%]*%\}""",
            re.S,
        )
        known = {_key(e) for e in _messages()}
        found, missing = 0, []
        for template in sorted(TEMPLATES.rglob("*.html")):
            for match in tag.finditer(template.read_text(encoding="utf-8")):
                found += 1
                text, context = match.group("text"), match.group("context")
                key = f"{context}\x04{text}" if context else text
                if key not in known:
                    missing.append(f"{template.relative_to(TEMPLATES)}: {text}")
        assert found > 50
        assert not missing, "not in the catalogue (run makemessages, translate): " + str(missing)


@pytest.fixture
def not_found(make_voter: Callable[..., Voter]) -> Voter:
    """A voter list with someone else in it: the NIK looked up is not found."""
    return make_voter(
        name="SITI AMINAH", nik="3505994101800001", birth_date=datetime.date(1980, 1, 1)
    )


class TestEnglishPages:
    def test_indonesian_stays_the_default(self, db: None, client: Client) -> None:
        page = client.get("/").content.decode()
        assert 'lang="id"' in page and "Cek apakah Anda terdaftar di DPT" in page

    def test_a_phone_set_to_english_still_gets_indonesian_pages(
        self, db: None, client: Client
    ) -> None:
        page = client.get("/", headers=EN).content.decode()
        assert 'lang="id"' in page and "Cek apakah Anda terdaftar di DPT" in page

    def test_home_in_english_once_chosen(self, db: None, client: Client) -> None:
        client.cookies[LANGUAGE_COOKIE] = "en"
        page = client.get("/").content.decode()
        assert 'lang="en"' in page
        assert "Check whether you are on the DPT" in page
        assert "open-source software for Bawaslu Kabupaten/Kota" in page
        assert "Cek apakah" not in page

    def test_footer_switcher_sets_english(self, db: None, client: Client) -> None:
        response = client.post("/bahasa/", {"language": "en", "next": "/cek-dpt/"})
        assert response.status_code == 302 and response["Location"] == "/cek-dpt/"
        assert response.cookies[LANGUAGE_COOKIE].value == "en"
        page = client.get("/cek-dpt/").content.decode()
        assert "DPT check: are you registered to vote?" in page
        assert "National identity number (NIK)" in page
        assert "About this service" in page
        assert "Tentang layanan ini" not in page

    def test_cek_dpt_not_found_answer_in_english(self, client: Client, not_found: Voter) -> None:
        client.cookies[LANGUAGE_COOKIE] = "en"
        page = client.post("/cek-dpt/", {"nik": UNKNOWN}).content.decode()
        assert "Not found" in page
        assert "What you can do" in page
        assert "You can still vote with your KTP-el" in page
        assert "Additional Voter List" in page  # Pilkada: DPTb, named in English
        assert "Wednesday, 9 December 2020" in page  # dates follow the language too

    def test_cek_dpt_error_in_english(self, db: None, client: Client) -> None:
        client.cookies[LANGUAGE_COOKIE] = "en"
        page = client.post("/cek-dpt/", {"nik": "12345"}).content.decode()
        assert "Please correct the NIK" in page
        assert "A NIK must be exactly 16 digits; what you typed has 5." in page

    def test_login_page_in_english(self, db: None, client: Client) -> None:
        client.cookies[LANGUAGE_COOKIE] = "en"
        page = client.get("/masuk/").content.decode()
        assert "Log in for supervisors" in page
        assert "Username" in page and "Password" in page
        wrong = client.post("/masuk/", {"username": "x", "password": "y"}).content.decode()
        assert "Wrong username or password." in wrong

    def test_search_page_in_english(
        self, client: Client, supervisor: User, not_found: Voter, login: Callable[..., None]
    ) -> None:
        login(client, supervisor)
        client.cookies[LANGUAGE_COOKIE] = "en"
        page = client.post("/dpt/cari/", {"q": "siti"}).content.decode()
        assert "Voter search" in page
        assert "1 voter found" in page
        assert "Year of birth" in page and "All kecamatan" in page
        assert "Full record" in page
        detail = client.get(f"/dpt/pemilih/{not_found.pk}/").content.decode()
        assert "Place, date of birth" in detail and "1 January 1980" in detail


class TestEnglishApi:
    def test_error_message_follows_accept_language(self, db: None, client: Client) -> None:
        english = client.get("/api/v1/cek-dpt", {"nik": "12a"}, headers=EN)
        assert english.status_code == 400
        assert english.json()["error"] == {
            "code": "nik_not_digits",
            "message": "A NIK contains only the digits 0 to 9. "
            "Please check it again: no letters or other characters.",
        }
        indonesian = client.get("/api/v1/cek-dpt", {"nik": "12a"})
        assert indonesian.json()["error"]["message"].startswith("NIK hanya berisi angka")

    def test_answer_message_in_english(self, client: Client, not_found: Voter) -> None:
        answer = client.get("/api/v1/cek-dpt", {"nik": UNKNOWN}, headers=EN).json()
        assert answer["message"].startswith("This NIK was not found in the voter list.")
        ktp_el = answer["results"][0]["election"]["ktp_el_voting"]
        assert ktp_el["list"] == "DPTb" and ktp_el["list_name"] == "Additional Voter List"

    def test_rate_limit_message_in_english(self, db: None, client: Client, settings: Any) -> None:
        settings.CEK_DPT_RATE_PER_MINUTE = 1
        # Of three calls two fall in one minute's window, even if a new window begins.
        for _ in range(3):
            limited = client.get("/api/v1/cek-dpt", {"nik": UNKNOWN}, headers=EN)
            if limited.status_code == 429:
                break
        assert limited.status_code == 429
        message = limited.json()["error"]["message"]
        assert message.startswith("Too many lookups from your device or network")
        assert re.search(r"wait (1 second|\d+ seconds) and then try again", message)
