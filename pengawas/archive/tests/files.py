"""Small real files for the archive's tests: a PDF with a text layer and a JPEG photo."""

import io

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def pdf_bytes(text: str = "Laporan hasil pengawasan kampanye di Desa Jaten") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    page.setFont("Helvetica", 14)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return out.getvalue()


def jpeg_bytes(
    color: tuple[int, int, int] = (120, 30, 30), size: tuple[int, int] = (64, 48)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


HOSTILE_HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
