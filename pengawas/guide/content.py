"""Reading and checking the Panduan's content: Markdown files with TOML front matter.

Pure functions, no database: `series_read` turns one series folder (docs/panduan.md) into
`SeriesSource`, or raises `ContentInvalid` listing every problem with its file and line, so
that an editor fixes them in one pass. Publishing (services.py) and the test suite both go
through here, so a page the check refuses can never be published.
"""

import datetime
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pengawas.guide.citations import Citation, CitationError, citation_parse

CONTENT_ROOT = Path(__file__).resolve().parent / "content"
BOOKS = ("buku-saku", "putung")
PAGE_TYPES = ("bab", "langkah", "keputusan")
KINDS = ("pilkada", "pemilu")
STEP_SECTIONS = ("Tugas KPPS", "Yang diperiksa PTPS", "Yang sering keliru", "Yang dilakukan PTPS")
FORM_A_FIELDS = frozenset({"tps", "waktu", "catatan"})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Addresses under /panduan/<series>/ that the app itself uses (guide/urls.py).
RESERVED_IDS = frozenset({"edisi", "perubahan", "daftar-periksa", "cari"})
_COMMON_KEYS = {"id", "title", "type", "order", "summary", "basis", "kinds", "tags", "ballots"}
_KEYS_BY_TYPE = {
    "bab": _COMMON_KEYS,
    "langkah": _COMMON_KEYS | {"time", "checks"},
    "keputusan": _COMMON_KEYS | {"start", "nodes"},
}
_REQUIRED = ("id", "title", "type", "order", "summary", "basis", "kinds")
# The columns that keep them (models.Section); a longer value would not fit in PostgreSQL.
_MAX_LENGTHS = {"id": 80, "title": 200, "time": 80}
_CHECK_KEYS = {"id", "text", "basis", "form_a"}
_QUESTION_KEYS = {"id", "question", "options"}
_ANSWER_KEYS = {"id", "answer", "explain", "action", "basis"}
_SERIES_KEYS = {"series", "title", "kinds", "voting_day"}
_BRACES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the content root
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Check:
    id: str
    text: str
    basis: tuple[Citation, ...]
    form_a: str


@dataclass(frozen=True)
class Option:
    label: str
    next: str


@dataclass(frozen=True)
class Node:
    id: str
    question: str = ""
    options: tuple[Option, ...] = ()
    answer: str = ""
    explain: str = ""
    action: str = ""
    basis: tuple[Citation, ...] = ()

    @property
    def is_answer(self) -> bool:
        return not self.options


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Page:
    id: str
    book: str
    type: str
    title: str
    order: int
    summary: str
    basis: tuple[Citation, ...]
    kinds: tuple[str, ...]
    tags: tuple[str, ...]
    body: str
    path: str
    time: str = ""
    checks: tuple[Check, ...] = ()
    start: str = ""
    nodes: tuple[Node, ...] = ()
    ballots: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    body_line: int = 1  # the file's line where the body starts, for messages


@dataclass(frozen=True)
class SeriesSource:
    series: str
    title: str
    kinds: tuple[str, ...]
    voting_day: datetime.date
    pages: tuple[Page, ...]
    instruments: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Identifies the content (not the files' layout): the same pages publish once."""
        digest = hashlib.sha256()
        for page in sorted(self.pages, key=lambda page: page.id):
            digest.update(repr(_page_fingerprint(page)).encode())
        digest.update(repr((self.title, self.kinds, self.voting_day)).encode())
        return digest.hexdigest()


def _page_fingerprint(page: Page) -> tuple[object, ...]:
    return (
        page.id, page.book, page.type, page.title, page.order, page.summary, page.basis,
        page.kinds, page.tags, page.body, page.time, page.checks, page.start, page.nodes,
        page.ballots,
    )  # fmt: skip


def markdown_parser() -> MarkdownIt:
    # html=True only so that the check can see raw HTML and refuse it; rendering never meets
    # any, because a page with raw HTML is not published.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def anchor_for(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def headings_of(tokens: list[Token]) -> tuple[Heading, ...]:
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = tokens[index + 1].content
            found.append(Heading(int(token.tag[1]), text, anchor_for(text)))
    return tuple(found)


def _front_matter(text: str) -> tuple[str, str, int]:
    """(toml, body, line of the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise ValueError("berkas harus diawali front matter TOML di antara dua baris '+++'")
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ValueError("front matter tidak ditutup dengan baris '+++'")


class _Collector:
    """Problems of one file, located by line when the line is known."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def add(self, message: str, line: int = 1) -> None:
        self.problems.append(Problem(self.path, line, message))

    def citations(self, value: object, where: str) -> tuple[Citation, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.add(f"{where}: dasar hukum wajib diisi (daftar kutipan pasal)")
            return ()
        parsed = []
        for item in value:
            try:
                parsed.append(citation_parse(str(item)))
            except CitationError as error:
                self.add(f"{where}: {error}")
        return tuple(parsed)

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(f"{where}: '{key}' wajib berupa teks yang tidak kosong")
            return ""
        return value.strip()

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(table) - allowed):
            self.add(f"{where}: kunci tidak dikenal '{key}'")


def _checks(raw: object, out: _Collector) -> tuple[Check, ...]:
    if not isinstance(raw, list) or not raw:
        out.add("langkah wajib memiliki 'checks' (paling sedikit satu butir periksa)")
        return ()
    checks = []
    for number, table in enumerate(raw, start=1):
        where = f"checks[{number}]"
        if not isinstance(table, dict):
            out.add(f"{where}: harus berupa tabel")
            continue
        out.unknown_keys(table, _CHECK_KEYS, where)
        check_id = out.text(table, "id", where)
        if check_id and not _ID.match(check_id):
            out.add(f"{where}: id '{check_id}' hanya boleh huruf kecil, angka dan '-'")
        form_a = out.text(table, "form_a", where)
        for name in _BRACES.findall(form_a):
            if name not in FORM_A_FIELDS:
                out.add(f"{where}: form_a memakai {{{name}}}; yang boleh: tps, waktu, catatan")
        checks.append(
            Check(
                id=check_id,
                text=out.text(table, "text", where),
                basis=out.citations(table.get("basis"), where),
                form_a=form_a,
            )
        )
    return tuple(checks)


def _nodes(raw: object, start: object, out: _Collector) -> tuple[Node, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        out.add("keputusan wajib memiliki 'nodes' (paling sedikit satu pertanyaan dan jawaban)")
        return ()
    nodes: list[Node] = []
    for number, table in enumerate(raw, start=1):
        where = f"nodes[{number}]"
        if not isinstance(table, dict):
            out.add(f"{where}: harus berupa tabel")
            continue
        node_id = out.text(table, "id", where)
        if "question" in table:
            out.unknown_keys(table, _QUESTION_KEYS, where)
            options = []
            raw_options = table.get("options")
            if not isinstance(raw_options, list) or len(raw_options) < 2:
                out.add(f"{where}: pertanyaan wajib memiliki paling sedikit dua pilihan")
                raw_options = []
            for option in raw_options:
                if not isinstance(option, dict) or set(option) != {"label", "next"}:
                    out.add(f"{where}: setiap pilihan berisi tepat 'label' dan 'next'")
                    continue
                options.append(Option(str(option["label"]), str(option["next"])))
            nodes.append(
                Node(
                    id=node_id, question=out.text(table, "question", where), options=tuple(options)
                )
            )
        else:
            out.unknown_keys(table, _ANSWER_KEYS, where)
            nodes.append(
                Node(
                    id=node_id,
                    answer=out.text(table, "answer", where),
                    explain=out.text(table, "explain", where, required=False),
                    action=out.text(table, "action", where),
                    basis=out.citations(table.get("basis"), where),
                )
            )
    _check_tree(nodes, start, out)
    return tuple(nodes)


def _check_tree(nodes: list[Node], start: object, out: _Collector) -> None:
    by_id: dict[str, Node] = {}
    for node in nodes:
        if node.id in by_id:
            out.add(f"node '{node.id}' muncul lebih dari sekali")
        by_id[node.id] = node
    if not isinstance(start, str) or start not in by_id:
        out.add(f"'start' harus menyebut node yang ada (sekarang: {start!r})")
        return
    for node in nodes:
        for option in node.options:
            if option.next not in by_id:
                out.add(f"node '{node.id}': pilihan '{option.label}' menuju node tak dikenal")
    # Depth-first walk from start: every node reached, none reached again on its own path.
    reached: set[str] = set()

    def walk(node_id: str, path: tuple[str, ...]) -> None:
        if node_id in path:
            out.add(f"pohon keputusan berputar: {' → '.join((*path, node_id))}")
            return
        reached.add(node_id)
        for option in by_id[node_id].options:
            if option.next in by_id:
                walk(option.next, (*path, node_id))

    walk(start, ())
    for node in nodes:
        if node.id not in reached:
            out.add(f"node '{node.id}' tidak dapat dicapai dari start")


def _body_tokens(body: str, page_type: str, out: _Collector, body_line: int) -> list[Token]:
    tokens = markdown_parser().parse(body)
    for token in tokens:
        line = body_line + (token.map[0] if token.map else 0)
        if token.type in ("html_block", "html_inline"):
            out.add("HTML mentah tidak diizinkan di teks panduan", line)
        if token.type == "heading_open" and token.tag == "h1":
            out.add("judul halaman diambil dari front matter; teks dimulai dari '##'", line)
        for child in token.children or ():
            if child.type == "html_inline":
                out.add("HTML mentah tidak diizinkan di teks panduan", line)
            if child.type == "image":
                out.add("gambar tidak diizinkan; gambar surat suara lewat 'ballots'", line)
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not (href.startswith("panduan:") or href.startswith("#")):
                    out.add(f"tautan keluar tidak diizinkan (panduan bekerja luring): {href}", line)
    if page_type == "langkah":
        found = [h.text for h in headings_of(tokens) if h.level == 2]
        wanted = [text for text in found if text in STEP_SECTIONS]
        if wanted != list(STEP_SECTIONS):
            out.add(
                "langkah wajib memiliki bagian berurutan: "
                + ", ".join(f"'## {text}'" for text in STEP_SECTIONS),
                body_line,
            )
    return tokens


def _string_list(value: object, key: str, out: _Collector) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        out.add(f"'{key}' harus berupa daftar teks")
        return ()
    return tuple(value)


def page_read(text: str, *, path: str, book: str, problems: list[Problem]) -> Page | None:
    """One file → a Page; its problems are appended to `problems` (None when unusable)."""
    out = _Collector(path, problems)
    try:
        toml_text, body, body_line = _front_matter(text)
        meta = tomllib.loads(toml_text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        out.add(f"front matter tidak terbaca: {error}")
        return None
    page_type = meta.get("type")
    if page_type not in PAGE_TYPES:
        out.add(f"'type' harus salah satu dari {', '.join(PAGE_TYPES)} (sekarang: {page_type!r})")
        return None
    for key in _REQUIRED:
        if key not in meta:
            out.add(f"kunci wajib '{key}' tidak ada")
    out.unknown_keys(meta, _KEYS_BY_TYPE[page_type], "front matter")
    for key, limit in _MAX_LENGTHS.items():
        if len(str(meta.get(key, ""))) > limit:
            out.add(f"'{key}' paling panjang {limit} karakter")
    page_id = out.text(meta, "id", "front matter")
    if page_id and not _ID.match(page_id):
        out.add(f"id '{page_id}' hanya boleh huruf kecil, angka dan '-'")
    if page_id in RESERVED_IDS:
        out.add(f"id '{page_id}' dipakai oleh aplikasi; pilih id lain")
    order = meta.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        out.add("'order' harus bilangan bulat")
        order = 0
    kinds = _string_list(meta.get("kinds"), "kinds", out)
    if not kinds or any(kind not in KINDS for kind in kinds):
        out.add(f"'kinds' harus berisi satu atau lebih dari: {', '.join(KINDS)}")
    stripped = body.lstrip("\n")
    body_line += len(body) - len(stripped)
    tokens = _body_tokens(stripped, page_type, out, body_line)
    return Page(
        id=page_id,
        book=book,
        type=page_type,
        title=out.text(meta, "title", "front matter"),
        order=order,
        summary=out.text(meta, "summary", "front matter"),
        basis=out.citations(meta.get("basis"), "basis") if "basis" in meta else (),
        kinds=kinds,
        tags=_string_list(meta.get("tags"), "tags", out),
        body=stripped.rstrip() + "\n",
        path=path,
        body_line=body_line,
        time=out.text(meta, "time", "front matter", required=False),
        checks=_checks(meta.get("checks"), out) if page_type == "langkah" else (),
        start=str(meta.get("start", "")),
        nodes=_nodes(meta.get("nodes"), meta.get("start"), out) if page_type == "keputusan" else (),
        ballots=_string_list(meta.get("ballots"), "ballots", out),
        headings=headings_of(tokens),
    )


def instruments_read(root: Path = CONTENT_ROOT) -> dict[str, str]:
    with (root / "hukum.toml").open("rb") as handle:
        return {str(key): str(value) for key, value in tomllib.load(handle)["instruments"].items()}


def _series_meta(folder: Path, problems: list[Problem]) -> dict[str, Any]:
    path = f"{folder.name}/edition.toml"
    try:
        meta = tomllib.loads((folder / "edition.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(path, 1, f"edition.toml tidak terbaca: {error}"))
        return {}
    out = _Collector(path, problems)
    out.unknown_keys(meta, _SERIES_KEYS, "edition.toml")
    if meta.get("series") != folder.name:
        out.add(f"'series' harus sama dengan nama folder ({folder.name})")
    if not isinstance(meta.get("voting_day"), datetime.date):
        out.add("'voting_day' harus tanggal (mis. 2020-12-09)")
    return meta


def series_read(series: str, *, root: Path = CONTENT_ROOT) -> SeriesSource:
    """Read and check one series; raise ContentInvalid with every problem found."""
    from pengawas.guide.ballots import BALLOTS  # the drawings are code, not content

    folder = root / series
    if not (folder / "edition.toml").is_file():
        raise ContentInvalid([Problem(series, 1, "seri panduan tidak ditemukan")])
    problems: list[Problem] = []
    meta = _series_meta(folder, problems)
    instruments = instruments_read(root)
    pages: list[Page] = []
    for book in BOOKS:
        for file in sorted((folder / book).rglob("*.md")):
            relative = str(file.relative_to(root))
            page = page_read(
                file.read_text(encoding="utf-8"), path=relative, book=book, problems=problems
            )
            if page is not None:
                pages.append(page)
    _check_across_pages(pages, instruments, {ballot.id for ballot in BALLOTS}, problems)
    if problems:
        raise ContentInvalid(problems)
    return SeriesSource(
        series=series,
        title=str(meta["title"]),
        kinds=tuple(meta["kinds"]),
        voting_day=meta["voting_day"],
        pages=tuple(sorted(pages, key=lambda page: (page.book, page.order, page.id))),
        instruments=instruments,
    )


def _all_citations(page: Page) -> Iterable[Citation]:
    yield from page.basis
    for check in page.checks:
        yield from check.basis
    for node in page.nodes:
        yield from node.basis


def _check_across_pages(
    pages: list[Page], instruments: dict[str, str], ballot_ids: set[str], problems: list[Problem]
) -> None:
    """What one file cannot know alone: unique ids, links, instruments, ballot drawings."""
    by_id: dict[str, Page] = {}
    check_ids: dict[str, str] = {}
    for page in pages:
        out = _Collector(page.path, problems)
        if page.id in by_id:
            out.add(f"id '{page.id}' sudah dipakai di {by_id[page.id].path}")
        by_id[page.id] = page
        for check in page.checks:
            if check.id in check_ids:
                out.add(f"id butir periksa '{check.id}' sudah dipakai di {check_ids[check.id]}")
            check_ids[check.id] = page.path
        for citation in _all_citations(page):
            if citation.instrument not in instruments:
                out.add(f"peraturan '{citation.instrument}' belum terdaftar di hukum.toml")
        for ballot in page.ballots:
            if ballot not in ballot_ids:
                out.add(f"gambar surat suara tak dikenal: '{ballot}'")
    for page in pages:
        out = _Collector(page.path, problems)
        for body_line, target_id, anchor in page_links(page):
            line = page.body_line + body_line - 1
            target = by_id.get(target_id) if target_id else page
            if target is None:
                out.add(f"tautan ke halaman yang tidak ada: panduan:{target_id}", line)
            elif anchor and anchor not in {heading.anchor for heading in target.headings}:
                out.add(f"tautan ke bagian yang tidak ada: #{anchor} di '{target.id}'", line)


def page_links(page: Page) -> Iterable[tuple[int, str, str]]:
    """(line in the body, target page id or "" for this page, anchor) of each internal link."""
    for token in markdown_parser().parse(page.body):
        for child in token.children or ():
            if child.type != "link_open":
                continue
            href = str(child.attrs.get("href", ""))
            line = (token.map[0] + 1) if token.map else 1
            if href.startswith("panduan:"):
                target, _, anchor = href.removeprefix("panduan:").partition("#")
                yield line, target, anchor
            elif href.startswith("#"):
                yield line, "", href[1:]


def series_available(root: Path = CONTENT_ROOT) -> list[str]:
    return sorted(path.parent.name for path in root.glob("*/edition.toml"))
