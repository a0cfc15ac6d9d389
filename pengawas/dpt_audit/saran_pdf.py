"""The saran perbaikan as a PDF letter (reportlab), tata naskah dinas (Perbawaslu 13/2020).

Page 1 onward: the kop (office name over a double rule), the number block (nomor, sifat,
lampiran, hal) with the place and date, the addressee, the body (legal basis, what was
found, what is asked, as a lettered list), the signature block left for the Ketua's wet or
electronic signature, the tembusan. Then the lampiran: its own heading and one table per
desa/kelurahan (no, NIK, nama, TPS, kategori, keterangan), the header row repeated on every
page. Every page is marked RAHASIA at its top and bottom: the lampiran carries full NIKs.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core) when present, else Helvetica.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pengawas.dpt_audit import saran

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_GRID = colors.HexColor("#6b7280")
_HEAD = colors.HexColor("#e5e7eb")
_MARK = colors.HexColor("#a11d1d")


@functools.cache
def _fonts() -> tuple[str, str]:
    files = {"SaranSans": "DejaVuSans.ttf", "SaranSans-Bold": "DejaVuSans-Bold.ttf"}
    if not all((_FONT_DIR / name).is_file() for name in files.values()):
        return "Helvetica", "Helvetica-Bold"
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    pdfmetrics.registerFontFamily("SaranSans", normal="SaranSans", bold="SaranSans-Bold")
    return "SaranSans", "SaranSans-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()

    def style(name: str, size: float, lead: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=extra.pop("fontName", regular), fontSize=size, leading=lead, **extra
        )

    return {
        "kop": style("kop", 13, 16, fontName=bold, alignment=TA_CENTER),
        "kop-sub": style("kop-sub", 8.5, 11, alignment=TA_CENTER),
        "body": style("body", 10.5, 15, alignment=TA_JUSTIFY),
        "para": style("para", 10.5, 15, alignment=TA_JUSTIFY, firstLineIndent=12 * mm, spaceAfter=5),
        "item": style("item", 10.5, 15, alignment=TA_JUSTIFY, leftIndent=7 * mm, bulletIndent=0, spaceAfter=2),
        "plain": style("plain", 10.5, 14),
        "bold": style("bold", 10.5, 14, fontName=bold),
        "small": style("small", 9, 12),
        "annex-title": style("annex-title", 9.5, 12.5),
        "desa": style("desa", 10, 13, fontName=bold, spaceBefore=8, spaceAfter=3),
        "cell": style("cell", 7.4, 9.2),
        "cell-head": style("cell-head", 7.4, 9.2, fontName=bold),
    }  # fmt: skip


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _mark(canvas: Canvas, doc: Any) -> None:
    """RAHASIA at the top and bottom of every page, and the page number."""
    _regular, bold = _fonts()
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(_MARK)
    canvas.setFont(bold, 9)
    canvas.drawCentredString(width / 2, height - 11 * mm, "RAHASIA")
    canvas.drawCentredString(width / 2, 9 * mm, "RAHASIA")
    canvas.setFillColor(colors.black)
    canvas.setFont(_regular, 8)
    canvas.drawRightString(width - 20 * mm, 9 * mm, f"Halaman {doc.page}")
    canvas.restoreState()


def _kop(letter: saran.Letter, st: dict[str, ParagraphStyle]) -> list[Any]:
    lines = letter.issuer.kop_lines
    return [
        *[_p(line, st["kop"]) for line in lines],
        _p("Sekretariat " + letter.issuer.short_name, st["kop-sub"]),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=0.8 * mm),
        HRFlowable(width="100%", thickness=0.6, color=colors.black),
        Spacer(1, 5 * mm),
    ]


def _heading_block(letter: saran.Letter, st: dict[str, ParagraphStyle], width: float) -> Table:
    place = f"{letter.issuer.town}, {saran.date_id(letter.day)}"
    rows = [
        ("Nomor", letter.number, place),
        ("Sifat", letter.sifat, ""),
        ("Lampiran", letter.attachment, ""),
        ("Hal", letter.hal, ""),
    ]
    table = Table(
        [[_p(a, st["plain"]), _p(":", st["plain"]), _p(b, st["plain"]), _p(c, st["plain"])] for a, b, c in rows],
        colWidths=[22 * mm, 4 * mm, width - 26 * mm - 50 * mm, 50 * mm],
    )  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _signature(letter: saran.Letter, st: dict[str, ParagraphStyle], width: float) -> Table:
    name = letter.signer or "( ........................................ )"
    block = Table(
        [
            ["", _p(letter.issuer.signer_title, st["plain"])],
            ["", Spacer(1, 22 * mm)],
            ["", _p(name, st["bold"] if letter.signer else st["plain"])],
        ],
        colWidths=[width - 75 * mm, 75 * mm],
    )
    block.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return block


def _annex_table(group: saran.AnnexGroup, st: dict[str, ParagraphStyle], width: float) -> Table:
    head = ["No", "NIK", "Nama", "TPS", "Kategori", "Keterangan"]
    data: list[list[Any]] = [[_p(h, st["cell-head"]) for h in head]]
    for index, row in enumerate(group.rows, start=1):
        number = f"{row.nik_label} {row.nik}".strip() if row.nik else "-"
        data.append(
            [
                _p(str(index), st["cell"]),
                _p(number, st["cell"]),
                _p(row.name or "-", st["cell"]),
                _p(row.tps, st["cell"]),
                _p(saran.CATEGORY_SHORT.get(row.category, row.category), st["cell"]),
                _p(row.detail, st["cell"]),
            ]
        )
    fixed = [8 * mm, 31 * mm, 33 * mm, 14 * mm, 25 * mm]
    table = Table(data, colWidths=[*fixed, width - sum(fixed)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def letter_pdf(letter: saran.Letter) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=letter.hal,
        author=letter.issuer.short_name,
        subject=f"Nomor {letter.number}",
    )
    width = doc.width - 12  # the frame keeps 6 pt of padding on each side
    st = _styles()
    story: list[Any] = [*_kop(letter, st), _heading_block(letter, st, width), Spacer(1, 6 * mm)]
    story += [
        _p("Yth. " + letter.addressee, st["plain"]),
        _p("di", st["plain"]),
        _p("Tempat", st["plain"]),
        Spacer(1, 5 * mm),
    ]
    story += [_p(text, st["para"]) for text in letter.paragraphs]
    for index, request in enumerate(letter.requests):
        end = ";" if index < len(letter.requests) - 1 else "."
        bullet = saran.LETTERS[index % len(saran.LETTERS)] + "."
        story.append(Paragraph(escape(request + end), st["item"], bulletText=bullet))
    story.append(Spacer(1, 3))
    story += [_p(text, st["para"]) for text in letter.after_requests]
    story += [Spacer(1, 6 * mm), KeepTogether([_signature(letter, st, width)])]
    story += [Spacer(1, 8 * mm), _p("Tembusan:", st["small"])]
    story += [
        _p(f"{index}. {name}", st["small"]) for index, name in enumerate(letter.issuer.tembusan, 1)
    ]
    if letter.annex:
        story.append(PageBreak())
        title = Table(
            [[_p(line, st["annex-title"])] for line in saran.annex_title(letter)],
            colWidths=[85 * mm],
            hAlign="RIGHT",
        )
        title.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        story.append(title)
        story.append(Spacer(1, 4 * mm))
        story.append(
            _p(
                "DAFTAR TEMUAN PER DESA/KELURAHAN",
                ParagraphStyle("annex-h", parent=st["bold"], alignment=TA_CENTER),
            )
        )
        for group in letter.annex:
            story.append(CondPageBreak(30 * mm))
            story.append(
                _p(
                    f"Desa/Kelurahan {group.desa}, Kecamatan {group.kecamatan} "
                    f"({len(group.rows)} temuan)",
                    st["desa"],
                )
            )
            story.append(_annex_table(group, st, width))
    doc.build(story, onFirstPage=_mark, onLaterPages=_mark)
    return out.getvalue()
