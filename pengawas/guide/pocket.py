"""The printable pocket book: one book of a published edition as an A6 (or A5) PDF.

A cover, a table of contents with page numbers (platypus TableOfContents and multiBuild), then
every page of the book in order, each starting on a new page with its title and a "Dasar hukum"
box, its Markdown body (markdown-it tokens → platypus flowables), the checklist of a step, the
numbered tree of a decision guide, and the ballot drawings a page lists. Links between pages
print the target's title and, inside the same book, are PDF links too; never `panduan:` URLs.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core, /usr/share/fonts/truetype/dejavu/) because it
has every glyph the book uses (☐, →, en dash, curly quotes, °, Indonesian text); reportlab's built-in Helvetica
lacks ☐ and →. On a machine without DejaVu the book falls back to Helvetica and writes those
symbols in ASCII ("[ ]", "->"), so the PDF still builds and nothing prints as a black box.
"""

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A5, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from pengawas.accounts.slips import date_indonesian
from pengawas.guide.ballot_drawing import ballot_drawing
from pengawas.guide.ballots import ballot_get
from pengawas.guide.content import anchor_for
from pengawas.guide.models import Book, Edition, PageType, Section

PAGE_SIZES = {"A6": A6, "A5": A5}
BOOK_TITLES = {
    Book.BUKU_SAKU.value: ("Buku Saku Pengawas TPS", "Pengawas Tempat Pemungutan Suara"),
    Book.PUTUNG.value: ("Putung", "Panduan Pemungutan dan Penghitungan Suara"),
}
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_ASCII = {"☐": "[ ]", "→": "->", "≥": ">=", "≤": "<="}
_INK = colors.HexColor("#1d2430")
_MUTED = colors.HexColor("#5b6577")
_LINK = colors.HexColor("#1f4fbf")
_BOX = colors.HexColor("#eef2f6")
_RULE = colors.HexColor("#b8c2d0")
_OK = colors.HexColor("#1e6b3a")
_ERR = colors.HexColor("#a11d1d")


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    italic: str
    mono: str
    unicode: bool  # False: Helvetica, symbols written in ASCII


@functools.cache
def _fonts() -> _Fonts:
    files = {
        "PengawasSans": "DejaVuSans.ttf",
        "PengawasSans-Bold": "DejaVuSans-Bold.ttf",
        "PengawasSans-Italic": "DejaVuSans-Oblique.ttf",
        "PengawasSans-BoldItalic": "DejaVuSans-BoldOblique.ttf",
        "PengawasMono": "DejaVuSansMono.ttf",
    }
    if not all((_FONT_DIR / name).is_file() for name in files.values()):
        return _Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Courier", False)
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        "PengawasSans",
        normal="PengawasSans",
        bold="PengawasSans-Bold",
        italic="PengawasSans-Italic",
        boldItalic="PengawasSans-BoldItalic",
    )
    return _Fonts("PengawasSans", "PengawasSans-Bold", "PengawasSans-Italic", "PengawasMono", True)


def _plain(text: str) -> str:
    """Text as the font can print it (ASCII stand-ins for symbols Helvetica lacks)."""
    if not _fonts().unicode:
        for symbol, ascii_text in _ASCII.items():
            text = text.replace(symbol, ascii_text)
    return text


def _t(text: str) -> str:
    """Text for Paragraph markup: printable and escaped (&, <, >)."""
    return escape(_plain(text))


def _styles(fonts: _Fonts, scale: float) -> dict[str, ParagraphStyle]:
    def style(name: str, size: float, lead: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=extra.pop("fontName", fonts.regular),
            fontSize=size * scale,
            leading=lead * scale,
            textColor=extra.pop("textColor", _INK),
            **extra,
        )

    return {
        "body": style("body", 8.5, 11.2, spaceAfter=4 * scale),
        "li": style("li", 8.5, 11.2, spaceAfter=1.5 * scale),
        "h2": style("h2", 10, 12.5, fontName=fonts.bold, spaceBefore=7 * scale, spaceAfter=3 * scale),
        "h3": style("h3", 9, 11.5, fontName=fonts.bold, spaceBefore=5 * scale, spaceAfter=2 * scale),
        "chapter": style("chapter", 13, 15.5, fontName=fonts.bold, spaceAfter=2 * scale),
        "kicker": style("kicker", 7, 9, textColor=_MUTED, spaceAfter=4 * scale),
        "box-title": style("box-title", 7, 9, fontName=fonts.bold, textColor=_MUTED),
        "box": style("box", 7, 8.8),
        "cell": style("cell", 7.2, 8.8),
        "small": style("small", 7, 8.8, textColor=_MUTED, spaceAfter=3 * scale),
        "check": style("check", 8.5, 11.2, leftIndent=12.5 * scale, bulletIndent=0, bulletFontName=fonts.regular, bulletFontSize=8.5 * scale, spaceAfter=3 * scale),
        "code": style("code", 7.5, 9.5, fontName=fonts.mono, leftIndent=6 * scale, spaceAfter=4 * scale),
        "toc": style("toc", 8.5, 11, rightIndent=18 * scale, spaceBefore=2.5 * scale),
        "cover-kicker": style("cover-kicker", 8, 10, textColor=_MUTED, spaceAfter=10 * scale),
        "cover-title": style("cover-title", 20, 23, fontName=fonts.bold, spaceAfter=6 * scale),
        "cover-sub": style("cover-sub", 10, 13, textColor=_MUTED, spaceAfter=16 * scale),
        "cover-edition": style("cover-edition", 11, 14, fontName=fonts.bold, spaceAfter=3 * scale),
        "cover-note": style("cover-note", 7, 9, textColor=_MUTED),
        "caption": style("caption", 7.5, 9.5, alignment=TA_CENTER, spaceAfter=2 * scale),
    }  # fmt: skip


class _Writer:
    """One book's flowables: the Markdown of each page and its structured parts."""

    def __init__(
        self, *, book: str, targets: dict[str, tuple[str, str]], scale: float, width: float
    ):
        self.book = book
        self.targets = targets
        self.scale = scale
        self.width = width
        self.fonts = _fonts()
        self.styles = _styles(self.fonts, scale)
        self.page_id = ""

    # --- inline --------------------------------------------------------------------------

    def inline(self, token: Token) -> str:
        parts: list[str] = []
        suffixes: list[str] = []
        children = token.children or []
        for position, child in enumerate(children):
            kind = child.type
            if kind == "text":
                parts.append(_t(child.content))
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("<br/>")
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                tag = "b" if kind.startswith("strong") else "i"
                parts.append(f"<{tag}>" if kind.endswith("open") else f"</{tag}>")
            elif kind == "code_inline":
                parts.append(f'<font face="{self.fonts.mono}">{_t(child.content)}</font>')
            elif kind == "link_open":
                closing = next(
                    i for i, c in enumerate(children) if i > position and c.type == "link_close"
                )
                label = "".join(c.content for c in children[position:closing])
                opening, suffix = self._link(str(child.attrs.get("href", "")), label)
                parts.append(opening)
                suffixes.append(suffix)
            elif kind == "link_close" and suffixes:
                parts.append(suffixes.pop())
            elif kind == "image":
                parts.append(_t(child.content))
        return "".join(parts)

    def _link(self, href: str, label: str) -> tuple[str, str]:
        """(markup opening the link text, markup closing it) for `panduan:id#anchor`/`#anchor`."""
        if href.startswith("#"):
            target_id, anchor = self.page_id, href[1:]
        elif href.startswith("panduan:"):
            target_id, _, anchor = href.removeprefix("panduan:").partition("#")
        else:
            return "", ""
        if target_id not in self.targets:
            return "", ""
        title, book = self.targets[target_id]
        here = book == self.book
        where = "" if here else _t(str(Book(book).label))
        if target_id == self.page_id:
            suffix = ""
        elif label.casefold() == title.casefold():
            suffix = f" ({where})" if where else ""
        else:
            suffix = f" (lihat “{_t(title)}”{', ' + where if where else ''})"
        if here:
            return (
                f'<a href="#{_dest(target_id, anchor)}" color="{_LINK.hexval()}">',
                "</a>" + suffix,
            )
        return "", suffix

    # --- blocks --------------------------------------------------------------------------

    def blocks(
        self, tokens: list[Token], index: int, end: str, depth: int
    ) -> tuple[list[Any], int]:
        """Flowables from tokens[index] up to the token `end`; depth: of list nesting."""
        out: list[Any] = []
        styles = self.styles
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == end:
                return out, index + 1
            if kind == "heading_open":
                text = self.inline(tokens[index + 1])
                name = _dest(self.page_id, anchor_for(tokens[index + 1].content))
                style = styles["h2"] if token.tag == "h2" else styles["h3"]
                out.append(Paragraph(f'<a name="{name}"/>{text}', style))
                index += 3
            elif kind == "paragraph_open":
                style = styles["li"] if depth else styles["body"]
                out.append(Paragraph(self.inline(tokens[index + 1]), style))
                index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                flowable, index = self._list(tokens, index, depth)
                out.append(flowable)
            elif kind == "table_open":
                flowable, index = self._table(tokens, index)
                out.append(flowable)
            elif kind in ("fence", "code_block"):
                text = "<br/>".join(_t(line) for line in token.content.rstrip("\n").split("\n"))
                out.append(Paragraph(text, styles["code"]))
                index += 1
            else:  # the paragraphs of a block quote print as any other; rules are left out
                index += 1
        return out, index

    def _list(self, tokens: list[Token], index: int, depth: int) -> tuple[Any, int]:
        opening = tokens[index]
        ordered = opening.type == "ordered_list_open"
        end = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[list[Any]] = []
        index += 1
        while tokens[index].type != end:
            item, index = self.blocks(tokens, index + 1, "list_item_close", depth + 1)
            items.append(item)
        kind = {
            "bulletType": "1",
            "start": int(opening.attrs.get("start", 1) or 1),
            "bulletFormat": "%s.",
        }
        if not ordered:  # a nested list's bullet is an en dash
            kind = {"bulletType": "bullet", "start": "\u2013" if depth else "\u2022"}
        flowable = ListFlowable(
            items, bulletFontName=self.fonts.regular,
            bulletFontSize=8.5 * self.scale, leftIndent=(13 if ordered else 10) * self.scale,
            spaceAfter=3 * self.scale, **kind,
        )  # fmt: skip
        return flowable, index + 1

    def _table(self, tokens: list[Token], index: int) -> tuple[Any, int]:
        rows: list[list[tuple[str, str]]] = []
        header_rows, in_head, align = 0, False, ""
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                align = style.removeprefix("text-align:") if style else ""
            elif token.type == "inline":
                rows[-1].append((self.inline(token), align))
            index += 1
        columns = max(len(row) for row in rows)
        rows = [row + [("", "")] * (columns - len(row)) for row in rows]
        pad = 2.5 * self.scale
        size, widths = _column_widths(rows, header_rows, self.width, self.fonts, self.scale, pad)
        cells = []
        for number, row in enumerate(rows):
            font = self.fonts.bold if number < header_rows else self.fonts.regular
            line = []
            for text, how in row:
                alignment = {"center": TA_CENTER, "right": TA_RIGHT}.get(how, 0)
                style = ParagraphStyle("cell", parent=self.styles["cell"], fontName=font,
                                       fontSize=size, leading=size * 1.22, alignment=alignment)  # fmt: skip
                line.append(Paragraph(text, style))
            cells.append(line)
        table = Table(
            cells, colWidths=widths, repeatRows=header_rows, hAlign="LEFT",
            style=TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), _BOX),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[(side, (0, 0), (-1, -1), pad) for side in ("LEFTPADDING", "RIGHTPADDING")],
                *[(side, (0, 0), (-1, -1), pad * 0.8) for side in ("TOPPADDING", "BOTTOMPADDING")],
            ]),
            spaceBefore=2 * self.scale, spaceAfter=6 * self.scale,
        )  # fmt: skip
        return table, index + 1

    # --- one page of the book ------------------------------------------------------------

    def section(self, section: Section) -> list[Any]:
        self.page_id = section.page_id
        styles = self.styles
        title = Paragraph(
            f'<a name="{_dest(section.page_id)}"/>{_t(section.title)}', styles["chapter"]
        )
        title.toc_key = _dest(section.page_id)  # read by _Doc.afterFlowable
        title.toc_text = section.title
        kicker = section.summary
        if section.time:
            kicker = f"{PageType(section.type).label}, pukul {section.time}. {kicker}"
        story: list[Any] = [PageBreak(), title, Paragraph(_t(kicker), styles["kicker"])]
        if section.basis:
            lines = [Paragraph("Dasar hukum", styles["box-title"])]
            lines += [Paragraph(_t(citation), styles["box"]) for citation in section.basis]
            story.append(_boxed(lines, self.width, self.scale))
        tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(section.body_md)
        story += self.blocks(tokens, 0, "", 0)[0]
        data = section.data or {}
        if data.get("checks"):
            story.append(Paragraph("Daftar periksa", styles["h2"]))
            for check in data["checks"]:
                basis = _t("; ".join(check.get("basis", ())))
                text = f'{_t(check["text"])} <font color="{_MUTED.hexval()}" size="{7 * self.scale:.1f}">({basis})</font>'
                story.append(Paragraph(text, styles["check"], bulletText=_plain("☐")))
        if data.get("nodes"):
            story += self._tree(data["start"], data["nodes"])
        if data.get("ballots"):
            story.append(Paragraph("Contoh surat suara", styles["h2"]))
            story += [self._ballot(ballot_id) for ballot_id in data["ballots"]]
        return story

    def _tree(self, start: str, nodes: list[dict[str, Any]]) -> list[Any]:
        """Numbered questions (in reading order from the start) with "→ lanjut ke n"."""
        by_id = {node["id"]: node for node in nodes}
        order: list[str] = []

        def visit(node_id: str) -> None:
            if node_id in by_id and node_id not in order:
                order.append(node_id)
                for option in by_id[node_id].get("options", ()):
                    visit(option["next"])

        visit(start)
        order += [node["id"] for node in nodes if node["id"] not in order]
        number = {node_id: position for position, node_id in enumerate(order, start=1)}
        styles, arrow = self.styles, _plain("→")
        story: list[Any] = [Paragraph("Alur keputusan", styles["h2"])]
        for node_id in order:
            node = by_id[node_id]
            head = _t(node.get("question") or node.get("answer", ""))
            parts = [Paragraph(f"<b>{number[node_id]}. {head}</b>", styles["li"])]
            for option in node.get("options", ()):
                target = number.get(option["next"], 0)
                text = f"{_t(option['label'])} {arrow} lanjut ke {target}"
                parts.append(Paragraph(text, styles["check"], bulletText="•"))
            more = (
                ("explain", "", "check"), ("action", "<b>Yang dilakukan PTPS:</b> ", "check"),
                ("basis", "Dasar hukum: ", "small"),
            )  # fmt: skip
            for key, lead, style in more:
                if node.get(key):
                    value = node[key] if key != "basis" else "; ".join(node[key])
                    parts.append(Paragraph(lead + _t(value), styles[style]))
            story.append(KeepTogether(parts))
        return story

    def _ballot(self, ballot_id: str) -> Any:
        ballot = ballot_get(ballot_id=ballot_id)
        drawing = ballot_drawing(ballot=ballot, width=self.width * 0.62)
        drawing.hAlign = "CENTER"
        colour, verdict = (_OK, "SAH") if ballot.sah else (_ERR, "TIDAK SAH")
        caption = (
            f'<font color="{colour.hexval()}"><b>{verdict}</b></font> · <b>{_t(ballot.title)}</b>'
        )
        return KeepTogether([
            drawing,
            Paragraph(caption, self.styles["caption"]),
            Paragraph(_t(ballot.explanation), self.styles["caption"]),
            Paragraph(_t("; ".join(ballot.basis)), ParagraphStyle("b", parent=self.styles["small"], alignment=TA_CENTER, spaceAfter=8 * self.scale)),
        ])  # fmt: skip


def _dest(page_id: str, anchor: str = "") -> str:
    """A PDF destination name: only [a-z0-9-], so it is safe inside markup attributes."""
    return re.sub(r"[^a-z0-9-]", "-", f"p-{page_id}" + (f"--{anchor}" if anchor else ""))


def _boxed(flowables: list[Any], width: float, scale: float) -> Table:
    pad = 4 * scale
    return Table(
        [[flowables]], colWidths=[width], hAlign="LEFT",
        style=TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), _BOX),
            ("LINEBEFORE", (0, 0), (0, -1), 1.5, _RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]),
        spaceBefore=2 * scale, spaceAfter=6 * scale,
    )  # fmt: skip


def _column_widths(
    rows: list[list[tuple[str, str]]], header_rows: int, width: float, fonts: _Fonts,
    scale: float, pad: float,
) -> tuple[float, list[float]]:  # fmt: skip
    """(font size, column widths) fitting `width`: each column at least its longest word (the
    font shrinks a little before words must break), the rest shared by how much text it has."""
    # A cell with any bold is measured bold: wide enough is better than a broken word.
    texts = [[(re.sub(r"<[^>]+>", "", m), number < header_rows or "<b>" in m) for m, _ in row]
             for number, row in enumerate(rows)]  # fmt: skip
    for size in (7.2 * scale, 6.6 * scale, 6.0 * scale):
        least, most = [pad * 2 + 12.0] * len(rows[0]), [pad * 2 + 12.0] * len(rows[0])
        for row in texts:
            for column, (text, bold) in enumerate(row):
                font = fonts.bold if bold else fonts.regular
                words = text.split() or [""]
                longest = max(stringWidth(word, font, size) for word in words)
                least[column] = max(least[column], longest + pad * 2 + 1)
                most[column] = max(most[column], stringWidth(text, font, size) + pad * 2 + 1)
        if sum(least) <= width:
            break
    if sum(most) <= width:
        return size, [w * width / sum(most) for w in most] if sum(most) > width * 0.7 else most
    if sum(least) >= width:
        return size, [w * width / sum(least) for w in least]
    spare, need = width - sum(least), [m - low for m, low in zip(most, least, strict=True)]
    return size, [low + spare * n / sum(need) for low, n in zip(least, need, strict=True)]


class _Doc(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    def __init__(self, buffer: io.BytesIO, *, size: str, running: str, title: str) -> None:
        self.scale = 1.0 if size == "A6" else 1.25
        side, top = (9 if size == "A6" else 14) * mm, (11 if size == "A6" else 15) * mm
        super().__init__(
            buffer, pagesize=PAGE_SIZES[size], leftMargin=side, rightMargin=side,
            topMargin=top, bottomMargin=top, title=title, author="Pengawas", creator="Pengawas",
        )  # fmt: skip
        self.running = running
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="f",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._furniture)])
        self.cover_note: list[Paragraph] = []

    def _furniture(self, canvas: Any, doc: Any) -> None:
        fonts, size = _fonts(), 6.5 * self.scale
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(fonts.regular, size)
        canvas.setFillColor(_MUTED)
        canvas.drawCentredString(width / 2, self.bottomMargin / 2, f"halaman {doc.page}")
        if doc.page == 1:
            y = self.bottomMargin
            for note in reversed(self.cover_note):
                _, h = note.wrap(self.width, self.height)
                note.drawOn(canvas, self.leftMargin, y)
                y += h + 2
        else:
            y = height - self.topMargin / 2 - size / 2
            canvas.drawString(
                self.leftMargin, y, _fit(self.running, fonts.regular, size, self.width)
            )
            canvas.setStrokeColor(_RULE)
            canvas.setLineWidth(0.4)
            canvas.line(self.leftMargin, y - 3, width - self.rightMargin, y - 3)
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        key = getattr(flowable, "toc_key", None)
        if key:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(_plain(flowable.toc_text), key, level=0)
            self.notify("TOCEntry", (0, _t(flowable.toc_text), self.page, key))


def _fit(text: str, font: str, size: float, width: float) -> str:
    while text and stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def pocket_pdf(*, edition: Edition, book: str = "buku-saku", page_size: str = "A6") -> bytes:
    """One book of an edition as a printable pocket PDF (A6 or A5)."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"ukuran halaman harus A6 atau A5, bukan {page_size!r}")
    if book not in BOOK_TITLES:
        raise ValueError(f"buku tidak dikenal: {book!r}")
    sections = list(Section.objects.filter(edition=edition, book=book).order_by("order", "page_id"))
    every = Section.objects.filter(edition=edition).values_list("page_id", "title", "book")
    targets = {page_id: (title, target_book) for page_id, title, target_book in every}
    book_title, book_subtitle = BOOK_TITLES[book]
    edition_line = f"{edition.title} · Edisi {edition.number}"
    buffer = io.BytesIO()
    running = f"{book_title} · {edition_line}"
    doc = _Doc(buffer, size=page_size, running=running, title=running)
    writer = _Writer(book=book, targets=targets, scale=doc.scale, width=doc.width)
    styles, scale = writer.styles, doc.scale
    doc.cover_note = [
        Paragraph(_t(text), styles["cover-note"])
        for text in (
            "Untuk jajaran pengawas pemilihan di lingkungan Bawaslu.",
            f"Dicetak dari aplikasi Pengawas ({edition.title}, edisi {edition.number}). Bila "
            "peraturan berubah setelah tanggal terbit, ikuti ketentuan terbaru.",
        )
    ]
    story: list[Any] = [
        Spacer(1, doc.height * 0.12),
        Paragraph("BAWASLU · PENGAWASAN PEMILIHAN", styles["cover-kicker"]),
        Paragraph(_t(book_title), styles["cover-title"]),
        Paragraph(_t(book_subtitle), styles["cover-sub"]),
        HRFlowable(width="100%", thickness=2 * scale, color=_INK, spaceAfter=8 * scale),
        Paragraph(_t(edition.title), styles["cover-edition"]),
        Paragraph(_t(f"Edisi {edition.number}"), styles["body"]),
        Paragraph(_t(f"Terbit {date_indonesian(edition.published_at)}"), styles["body"]),
        PageBreak(),
        Paragraph("Daftar isi", styles["chapter"]),
        Spacer(1, 4 * scale),
        TableOfContents(levelStyles=[styles["toc"]], dotsMinLevel=0, rightColumnWidth=20 * scale),
    ]
    for section in sections:
        story += writer.section(section)
    doc.multiBuild(story)
    return buffer.getvalue()
