"""The findings of one audit run as a PDF for Bawaslu (reportlab, A4 landscape).

A title block (election, list, part of the list, when), the summary per category with its
explanation and legal ground, the rules that could not run, then the findings grouped by
desa in tables whose header repeats on every page. Every page carries "RAHASIA — data
pribadi" and its number: the document holds full NIK and NKK and is for internal use; each
download is recorded (views.run_download).

Fonts: DejaVu Sans when installed (every Indonesian name prints), else Helvetica.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pengawas.accounts.slips import date_indonesian
from pengawas.dpt_audit.models import AuditRun, Finding
from pengawas.dpt_audit.services import findings_iter, run_summary

# A PDF is for reading and printing; beyond this many findings it says so and the XLSX
# (which has no limit) carries them all.
PDF_FINDINGS_MAX = 10_000
_ROWS_PER_TABLE = 250
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_INK = colors.HexColor("#1d2430")
_MUTED = colors.HexColor("#5b6577")
_HEAD = colors.HexColor("#eef1f5")
_RULE = colors.HexColor("#b8c2d0")
_SECRET = colors.HexColor("#a11d1d")
CONFIDENTIAL = "RAHASIA — data pribadi"


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    mono: str


@functools.cache
def _fonts() -> _Fonts:
    files = {
        "AuditSans": "DejaVuSans.ttf",
        "AuditSans-Bold": "DejaVuSans-Bold.ttf",
        "AuditMono": "DejaVuSansMono.ttf",
    }
    if not all((_FONT_DIR / name).is_file() for name in files.values()):
        return _Fonts("Helvetica", "Helvetica-Bold", "Courier")
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    pdfmetrics.registerFontFamily("AuditSans", normal="AuditSans", bold="AuditSans-Bold")
    return _Fonts("AuditSans", "AuditSans-Bold", "AuditMono")


def moment_wib(moment: Any) -> str:
    """ "9 Desember 2020 pukul 14.05 WIB"."""
    local = timezone.localtime(moment)
    return f"{date_indonesian(moment)} pukul {local:%H.%M} WIB"


def _styles(fonts: _Fonts) -> dict[str, ParagraphStyle]:
    def style(name: str, size: float, lead: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=extra.pop("fontName", fonts.regular),
            fontSize=size,
            leading=lead,
            textColor=extra.pop("textColor", _INK),
            **extra,
        )

    return {
        "title": style("title", 15, 19, fontName=fonts.bold, spaceAfter=2 * mm),
        "h2": style("h2", 11, 14, fontName=fonts.bold, spaceBefore=4 * mm, spaceAfter=2 * mm),
        "body": style("body", 8.5, 11),
        "muted": style("muted", 8, 10.5, textColor=_MUTED),
        "cell": style("cell", 7.5, 9.4),
        "cellb": style("cellb", 7.5, 9.4, fontName=fonts.bold),
        "mono": style("mono", 7.5, 9.4, fontName=fonts.mono),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table_style(*, header: bool = True) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), _HEAD))
    return TableStyle(commands)


class _Document(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    def __init__(self, out: BinaryIO, *, run: AuditRun, fonts: _Fonts) -> None:
        self.run = run
        self.fonts = fonts
        self.heading = f"Audit DPT #{run.pk} · {run.snapshot.election.name}"
        super().__init__(
            out,
            pagesize=landscape(A4),
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=16 * mm,
            bottomMargin=14 * mm,
            title=f"Hasil audit DPT #{run.pk}",
            author="Pengawas",
            subject=CONFIDENTIAL,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        top = height - 9 * mm
        canvas.setFont(self.fonts.regular, 7.5)
        canvas.setFillColor(_MUTED)
        canvas.drawString(self.leftMargin, top, self.heading[:120])
        canvas.setFont(self.fonts.bold, 8.5)
        canvas.setFillColor(_SECRET)
        canvas.drawRightString(width - self.rightMargin, top, CONFIDENTIAL)
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.leftMargin, top - 2.5 * mm, width - self.rightMargin, top - 2.5 * mm)
        canvas.setFont(self.fonts.regular, 7.5)
        canvas.setFillColor(_MUTED)
        canvas.drawString(self.leftMargin, 7 * mm, "Dokumen internal Bawaslu · Pengawas")
        canvas.drawRightString(width - self.rightMargin, 7 * mm, f"Halaman {doc.page}")
        canvas.restoreState()


def _facts(run: AuditRun, styles: dict[str, ParagraphStyle], width: float) -> Table:
    snapshot = run.snapshot
    rows = [
        ("Pemilihan", snapshot.election.name),
        ("Daftar pemilih", f"{snapshot.stage} · {snapshot.source_name} (#{snapshot.pk})"),
        ("Wilayah", run.region.name if run.region else "Seluruh daftar"),
        ("Pemilih diperiksa", f"{run.voters_checked:,}".replace(",", ".")),
        ("Selesai", moment_wib(run.finished_at or run.created_at)),
        ("Dicetak", moment_wib(timezone.now())),
    ]
    table = Table(
        [[_p(label, styles["muted"]), _p(value, styles["body"])] for label, value in rows],
        colWidths=[38 * mm, width - 38 * mm],
        hAlign="LEFT",
    )
    table.setStyle(_table_style(header=False))
    return table


def _summary(run: AuditRun, styles: dict[str, ParagraphStyle], width: float) -> list[Any]:
    cell, bold = styles["cell"], styles["cellb"]
    rows: list[list[Any]] = [
        [_p(title, bold) for title in ("Kategori", "Penjelasan", "Dasar hukum", "Jumlah")]
    ]
    total = 0
    for row in run_summary(run=run):
        total += row.count
        rows.append(
            [
                _p(f"{row.info.label} ({row.info.code})", cell),
                _p(row.info.explanation or "—", cell),
                _p(row.info.basis or "—", cell),
                _p(f"{row.count:,}".replace(",", "."), cell),
            ]
        )
    rows.append([_p("Jumlah temuan", bold), "", "", _p(f"{total:,}".replace(",", "."), bold)])
    table = LongTable(
        rows,
        colWidths=[62 * mm, width - 62 * mm - 70 * mm - 18 * mm, 70 * mm, 18 * mm],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(_table_style())
    story: list[Any] = [_p("Ringkasan per kategori", styles["h2"]), table]
    if run.rules_not_run:
        story.append(_p("Aturan yang tidak dijalankan", styles["h2"]))
        for item in run.rules_not_run:
            story.append(
                _p(f"{item.get('category', '')}: {item.get('reason', '')}", styles["body"])
            )
    return story


_COLUMNS = (
    ("Kategori", 34 * mm),
    ("NIK", 31 * mm),
    ("NKK", 31 * mm),
    ("Nama", 42 * mm),
    ("Baris", 12 * mm),
    ("TPS", 15 * mm),
    ("Kelompok", 26 * mm),
    ("Keterangan", 0.0),  # the rest of the width
)


def _place(finding: Finding) -> tuple[str, str]:
    village = finding.village or (finding.tps.village if finding.tps else None)
    if village is None:
        return ("", "Tanpa desa")
    parent = village.parent.name if village.parent else ""
    return (village.code, f"{village.name}, Kec. {parent}" if parent else village.name)


def _finding_row(finding: Finding, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """Short values as plain strings (fast; they fit their column), the rest as paragraphs."""
    voter = finding.voter
    cell = styles["cell"]
    return [
        finding.category,
        voter.nik if voter else "",
        voter.nkk if voter else finding.nkk,
        _p(voter.name, cell) if voter else "",
        str(finding.source_line or ""),
        finding.tps.label if finding.tps else "",
        _p(finding.group, cell) if finding.group else "",
        _p(finding.detail, cell),
    ]


def _findings_style(fonts: _Fonts) -> TableStyle:
    style = _table_style()
    style.add("FONT", (0, 1), (-1, -1), fonts.regular, 7.5, 9.4)
    style.add("FONT", (1, 1), (2, -1), fonts.mono, 7.5, 9.4)
    return style


def _findings(
    findings: Iterator[Finding], styles: dict[str, ParagraphStyle], width: float, fonts: _Fonts
) -> Iterator[Any]:
    widths = [w for _title, w in _COLUMNS]
    widths[-1] = width - sum(widths)
    header = [_p(title, styles["cellb"]) for title, _w in _COLUMNS]
    table_style = _findings_style(fonts)
    for (_code, place), group in itertools.groupby(findings, key=_place):
        yield _p(place, styles["h2"])
        rows = (_finding_row(finding, styles) for finding in group)
        while chunk := list(itertools.islice(rows, _ROWS_PER_TABLE)):
            table = LongTable([header, *chunk], colWidths=widths, repeatRows=1, hAlign="LEFT")
            table.setStyle(table_style)
            yield table


def findings_pdf(*, run: AuditRun, out: BinaryIO) -> None:
    """Write the run's report as a PDF to `out`."""
    fonts = _fonts()
    styles = _styles(fonts)
    doc = _Document(out, run=run, fonts=fonts)
    width = doc.width - 12  # the frame keeps 6 pt of padding on each side
    total = sum(int(count) for count in (run.summary or {}).values())
    story: list[Any] = [
        _p("Hasil Audit Daftar Pemilih", styles["title"]),
        _p(
            "Dokumen internal Bawaslu. Berisi NIK, NKK dan nama pemilih: simpan dan bagikan "
            "hanya untuk keperluan pengawasan.",
            styles["muted"],
        ),
        Spacer(1, 3 * mm),
        _facts(run, styles, width),
        *_summary(run, styles, width),
        _p("Temuan per desa/kelurahan", styles["h2"]),
    ]
    if total > PDF_FINDINGS_MAX:
        story.append(
            _p(
                f"Berkas PDF ini memuat {PDF_FINDINGS_MAX:,} temuan pertama dari {total:,}; "
                "seluruh temuan ada di berkas XLSX.".replace(",", "."),
                styles["body"],
            )
        )
    findings = itertools.islice(findings_iter(run=run), PDF_FINDINGS_MAX)
    story.extend(_findings(findings, styles, width, fonts))
    if total == 0:
        story.append(_p("Tidak ada temuan.", styles["body"]))
    doc.build(story)
