"""Activation slips: eight to an A4 page (2 by 4, with cut lines), one per new account.

Each slip carries what its holder needs to activate the account alone: their name, role and
place, the username, the one-time code, its expiry, and the activation link as text and as a
QR code. The PDF is made in memory and handed to the person who created the accounts; the
codes in it exist nowhere else in clear.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

COLUMNS = 2
ROWS = 4
PER_PAGE = COLUMNS * ROWS
_MARGIN = 14.0
_QR_SIZE = 78.0
_GREY = Color(0.45, 0.45, 0.45)
_LIGHT = Color(0.7, 0.7, 0.7)
_MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
INSTRUCTIONS = (
    "1. Pindai kode QR atau buka tautan di atas.",
    "2. Masukkan nama pengguna dan kode aktivasi.",
    "3. Buat kata sandi Anda sendiri (paling sedikit 10 karakter).",
    "Kode hanya dapat dipakai sekali. Jangan berikan kepada siapa pun.",
)


@dataclass(frozen=True)
class Slip:
    authority: str  # "Bawaslu Kabupaten Blitar"
    full_name: str
    role: str  # "Pengawas TPS (PTPS)"
    place: str  # "TPS 001 Desa Jaten, Kec. Wonodadi"
    username: str
    code: str
    expires: datetime.datetime


def activation_link(code: str) -> str:
    return settings.PENGAWAS_BASE_URL + reverse("activation-code", args=[code])


def date_indonesian(moment: datetime.datetime) -> str:
    """ "23 Desember 2020" (the day in Asia/Jakarta)."""
    day = timezone.localtime(moment).date()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with "…" until it fits the width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_slip(canvas: Canvas, slip: Slip, x: float, y: float, w: float, h: float) -> None:
    """One slip with its lower left corner at (x, y)."""
    left = x + _MARGIN
    top = y + h - _MARGIN
    inner = w - 2 * _MARGIN
    text_width = inner - _QR_SIZE - 8

    canvas.setFillColor(black)
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawString(left, top - 8, "PENGAWAS")
    canvas.setFont("Helvetica", 8)
    canvas.drawString(
        left + stringWidth("PENGAWAS ", "Helvetica-Bold", 9),
        top - 8,
        _fit("· " + slip.authority, "Helvetica", 8, inner - 50),
    )
    canvas.setStrokeColor(_LIGHT)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 13, left + inner, top - 13)

    line_y = top - 27
    # A long name shrinks a little before it is shortened.
    size = 11.0
    while size > 8.5 and stringWidth(slip.full_name, "Helvetica-Bold", size) > text_width:
        size -= 0.5
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawString(left, line_y, _fit(slip.full_name, "Helvetica-Bold", size, text_width))
    canvas.setFont("Helvetica", 8)
    line_y -= 12
    canvas.drawString(left, line_y, _fit(slip.role, "Helvetica", 8, text_width))
    line_y -= 10
    canvas.drawString(left, line_y, _fit(slip.place, "Helvetica", 8, text_width))

    line_y -= 17
    canvas.setFillColor(_GREY)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(left, line_y, "Nama pengguna")
    canvas.setFillColor(black)
    canvas.setFont("Courier-Bold", 11)
    line_y -= 11
    canvas.drawString(left, line_y, _fit(slip.username, "Courier-Bold", 11, text_width))

    line_y -= 15
    canvas.setFillColor(_GREY)
    canvas.setFont("Helvetica", 7)
    canvas.drawString(left, line_y, "Kode aktivasi")
    canvas.setFillColor(black)
    canvas.setFont("Courier-Bold", 19)
    line_y -= 18
    canvas.drawString(left, line_y, slip.code)
    canvas.setFont("Helvetica", 7.5)
    line_y -= 11
    canvas.drawString(left, line_y, "Berlaku sampai " + date_indonesian(slip.expires))

    link = activation_link(slip.code)
    widget = QrCodeWidget(link, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        _QR_SIZE, _QR_SIZE, transform=[_QR_SIZE / (x1 - x0), 0, 0, _QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    qr_x = left + inner - _QR_SIZE
    qr_y = top - 18 - _QR_SIZE
    renderPDF.draw(drawing, canvas, qr_x, qr_y)

    line_y -= 13
    canvas.setFont("Helvetica", 6.5)
    canvas.drawString(left, line_y, _fit(link, "Helvetica", 6.5, inner))
    canvas.setFillColor(_GREY)
    for instruction in INSTRUCTIONS:
        line_y -= 8.5
        canvas.drawString(left, line_y, _fit(instruction, "Helvetica", 6.5, inner))
    canvas.setFillColor(black)


def _draw_cut_lines(canvas: Canvas, page_w: float, page_h: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(_LIGHT)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    for column in range(1, COLUMNS):
        x = page_w * column / COLUMNS
        canvas.line(x, 0, x, page_h)
    for row in range(1, ROWS):
        y = page_h * row / ROWS
        canvas.line(0, y, page_w, y)
    canvas.restoreState()


def slips_pdf(slips: Sequence[Slip], *, title: str = "Slip aktivasi akun Pengawas") -> bytes:
    """The slips as a PDF, PER_PAGE to an A4 page, in the order given."""
    buffer = io.BytesIO()
    page_w, page_h = A4
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Pengawas")
    canvas.setCreator("Pengawas")
    slip_w, slip_h = page_w / COLUMNS, page_h / ROWS
    for start in range(0, max(len(slips), 1), PER_PAGE):
        _draw_cut_lines(canvas, page_w, page_h)
        for index, slip in enumerate(slips[start : start + PER_PAGE]):
            column, row = index % COLUMNS, index // COLUMNS
            _draw_slip(canvas, slip, column * slip_w, page_h - (row + 1) * slip_h, slip_w, slip_h)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
