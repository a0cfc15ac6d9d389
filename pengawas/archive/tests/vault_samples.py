"""Files for the vault's tests, each built in the test run: honest ones and hostile ones."""

import io
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from reportlab.pdfgen import canvas

MARKER = "PENANDA-RAHASIA-7f3a9c"


def pdf_bytes(*, title: str = MARKER, pages: int = 1) -> bytes:
    """A real PDF (reportlab) whose title (uncompressed, in the Info dictionary) is `title`."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    drawing.setTitle(title)
    for page in range(pages):
        drawing.drawString(72, 720, f"Laporan hasil pengawasan, halaman {page + 1}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def pdf_handmade(*objects: str) -> bytes:
    """A PDF from object bodies (1 0 obj …), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


PAGES = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript in the /Names tree."""
    return pdf_handmade(
        "<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>",
        PAGES,
        PAGE,
        "<< /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>",
    )


def pdf_with_hidden_javascript() -> bytes:
    """/OpenAction JavaScript written with #-escaped names: only pypdf's walk sees it."""
    return pdf_handmade(
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        "<< /S /Java#53cript /J#53 (app.alert\\(1\\)) >>",
    )


def pdf_with_launch() -> bytes:
    return pdf_handmade(
        "<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
        PAGES,
        PAGE,
    )


def pdf_with_page_aa_javascript() -> bytes:
    return pdf_handmade(
        "<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O 4 0 R >> >>",
        "<< /S /JavaScript /JS (app.alert\\(2\\)) >>",
    )


def pdf_with_embedded_executable() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("pembaruan.exe", b"MZ\x90\x00" + b"\x00" * 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    entries = {
        "[Content_Types].xml": DOCX_TYPES,
        "word/document.xml": b"<w:document><w:body>" + MARKER.encode() + b"</w:body></w:document>",
    }
    entries.update(extra or {})
    return zip_bytes(entries)


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
    return out.getvalue()


def image_bytes(fmt: str = "JPEG", *, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (1600, 1200), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "KameraPenanda"  # Make
    exif[0x0112] = 6  # orientation: rotate 90
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def jpeg_with_script() -> bytes:
    """A JPEG carrying HTML in a comment segment (an image/HTML polyglot)."""
    jpeg = image_bytes("JPEG")
    comment = b"<script>alert(document.cookie)</script>"
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return jpeg[:2] + segment + jpeg[2:]


def png_bomb() -> bytes:
    """A small PNG whose header claims 30,000 x 30,000 pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (30_000).to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00" * 200_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script><circle r='4'/></svg>"
)
HTML_PAGE = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>"
MP3_HEAD = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
WAV_HEAD = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x10\x00\x00\x00\x01\x00\x01\x00" + b"\x00" * 200
OGG_HEAD = b"OggS\x00\x02" + b"\x00" * 300
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 300
M4A_HEAD = b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom" + b"\x00" * 300
MOV_HEAD = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 300
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
