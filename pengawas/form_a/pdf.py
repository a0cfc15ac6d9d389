"""A Form A as the official PDF (reportlab), in the layout of Formulir Model A.

Header "FORMULIR MODEL A — LAPORAN HASIL PENGAWASAN PEMILIHAN", the sections I to V as numbered
tables, the list of attached photos with their SHA-256, and the signature block of the
Pengawas TPS with the place and date. Always in Bahasa Indonesia: it is an official form.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pengawas.cases.notice import date_id
from pengawas.form_a.report import (
    KEGIATAN_FIELDS,
    LABELS,
    PELANGGARAN_FIELDS,
    PENGAWAS_FIELDS,
    SENGKETA_FIELDS,
    is_filled,
)

TITLE = "FORMULIR MODEL A — LAPORAN HASIL PENGAWASAN PEMILIHAN"


def form_a_pdf(
    *,
    data: dict[str, Any],
    place: str,
    signed_on: datetime.date,
    number: str = "",
    photos: Sequence[tuple[str, str]] = (),
    status_line: str = "",
) -> bytes:
    """The form; `photos`: (name, SHA-256) of each attached photo; `place`: the desa."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Formulir Model A — Laporan Hasil Pengawasan",
        author=str(data["pengawas"].get("nama", "")),
    )
    available = doc.width - 12
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=styles["Normal"], fontName="Helvetica", fontSize=10, leading=13
    )
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    center = ParagraphStyle("center", parent=body, alignment=1)
    title = ParagraphStyle("title", parent=bold, fontSize=12, leading=16, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def rows(block: dict[str, str], fields: Sequence[str], prefix: str = "") -> Table:
        table = Table(
            [
                [
                    p(f"{prefix}{chr(97 + index)}."),
                    p(LABELS[name]),
                    p(":"),
                    p(block.get(name) or "-"),
                ]
                for index, name in enumerate(fields)
            ],
            colWidths=[8 * mm, 52 * mm, 4 * mm, available - 64 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    story: list[Any] = [
        p(TITLE, title),
        p(
            f"Nomor: {number}" if number else "Nomor: ......................................",
            center,
        ),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.2, color=colors.black),
        Spacer(1, 4 * mm),
        p("I. DATA PENGAWAS", bold),
        rows(data["pengawas"], PENGAWAS_FIELDS),
        Spacer(1, 4 * mm),
        p("II. KEGIATAN PENGAWASAN", bold),
    ]
    for number_of_block, block in enumerate(data["kegiatan"], start=1):
        if len(data["kegiatan"]) > 1:
            story.append(p(f"Kegiatan {number_of_block}", body))
        story.append(rows(block, KEGIATAN_FIELDS))
    story += [
        Spacer(1, 4 * mm),
        p("III. URAIAN SINGKAT HASIL PENGAWASAN", bold),
        p(data.get("uraian") or "-"),
    ]
    if data.get("keberatan"):
        story.append(
            p("Ada keberatan di TPS (dicatat dalam C.Kejadian Khusus dan/atau Keberatan-KWK).")
        )
    story += [Spacer(1, 4 * mm), p("IV. INFORMASI DUGAAN PELANGGARAN", bold)]
    pelanggaran = data.get("pelanggaran") or {}
    story.append(rows(pelanggaran, PELANGGARAN_FIELDS) if is_filled(pelanggaran) else p("Nihil."))
    story += [Spacer(1, 4 * mm), p("V. INFORMASI DUGAAN SENGKETA", bold)]
    sengketa = data.get("sengketa") or {}
    story.append(rows(sengketa, SENGKETA_FIELDS) if is_filled(sengketa) else p("Nihil."))
    if photos:
        story += [Spacer(1, 4 * mm), p("Lampiran foto", bold)]
        story += [p(f"{index}. {name} — SHA-256 {digest}", small)
                  for index, (name, digest) in enumerate(photos, start=1)]  # fmt: skip
    story.append(Spacer(1, 8 * mm))
    signature = Table(
        [
            [p(""), p(f"{place}, {date_id(signed_on)}")],
            [p(""), p(str(data["pengawas"].get("jabatan") or "Pengawas TPS") + ",")],
            [p(""), Spacer(1, 20 * mm)],
            [p(""), p(f"( {data['pengawas'].get('nama') or '................................'} )")],
        ],
        colWidths=[available - 80 * mm, 80 * mm],
    )
    story.append(signature)
    if status_line:
        story += [Spacer(1, 6 * mm), p(status_line, small)]
    story.append(p(f"Dicetak {timezone.localtime().strftime('%d-%m-%Y %H.%M')} WIB", small))
    doc.build(story)
    return out.getvalue()
