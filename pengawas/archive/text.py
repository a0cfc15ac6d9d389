"""The text of stored files, for the archive's full-text search.

Read through the vault (services_files.file_chunks: decrypted, authenticated chunk by chunk),
never from the storage directly:
- PDF: the text layer, page by page (pypdf), at most ARCHIVE_TEXT_PAGES pages;
- plain text (txt, csv): decoded as UTF-8;
- office documents (docx, odt): the text of the document's XML, read up to a bound;
- scans and photos (a PDF without a text layer, PNG/JPEG/TIFF): OCR with Tesseract in
  Bahasa Indonesia (`tesseract … -l ind`), page by page, as a background job
  (pengawas/archive/tasks.py) whose progress is kept in StoredFile.text_progress. Without
  Tesseract (or without its `ind` data) the file stays as it is, marked "belum di-OCR".

Records at access level rahasia keep their content out of the index (issue 4, "The key only
Bawaslu holds"): their files' text is never read or kept (WITHHELD).
"""

import functools
import html
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from pengawas.archive.models import AccessLevel, StoredFile, TextStatus

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PLAIN = frozenset({"text/plain", "text/csv"})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# The part of each office format that holds the body text.
OFFICE_PARTS = {DOCX: "word/document.xml", ODT: "content.xml"}
IMAGES = frozenset({"image/png", "image/jpeg", "image/tiff"})
# A PDF whose text layer has fewer characters than this per page is taken for a scan.
SCANNED_CHARS_PER_PAGE = 20
# PDFs are read from a spooled temporary file (pypdf needs to seek): in memory up to this
# size, then on disk in a file deleted as soon as it is read.
PDF_SPOOL_BYTES = 32 * 1024 * 1024
# Office XML is read up to this many uncompressed bytes (a zip bomb stops here).
OFFICE_XML_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class TextRead:
    """What reading a file gave: its text and the status to record."""

    text: str
    status: str  # a TextStatus: EXTRACTED, NO_TEXT, OCR_PENDING (a scan), FAILED


def _file_chunks(stored: StoredFile) -> Iterator[bytes]:
    """The plaintext of a stored file, chunk by chunk (the vault's reader)."""
    from pengawas.archive.services_files import file_chunks  # the vault part of SIP

    return file_chunks(stored=stored)


def _limit() -> int:
    return int(settings.ARCHIVE_TEXT_CHARS)


def text_kind(content_type: str) -> str:
    """ "pdf", "plain", "office", "image" or "" (audio, video …: no text)."""
    if content_type == PDF:
        return "pdf"
    if content_type in PLAIN:
        return "plain"
    if content_type in OFFICE_PARTS:
        return "office"
    if content_type in IMAGES:
        return "image"
    return ""


def text_clean(text: str) -> str:
    """Whitespace folded, control characters (and the search's highlight markers) removed."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]", " ", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def text_read(*, stored: StoredFile) -> TextRead:
    """The text of one stored file, without OCR: a scan comes back as OCR_PENDING."""
    kind = text_kind(stored.content_type)
    try:
        if kind == "pdf":
            return _pdf_read(stored)
        if kind == "plain":
            return _found(_plain_read(stored))
        if kind == "office":
            return _found(_office_read(stored))
    except (PyPdfError, zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        logger.warning("archive text: file %s unreadable (%s)", stored.pk, type(exc).__name__)
        return TextRead("", TextStatus.FAILED)
    if kind == "image":
        return TextRead("", TextStatus.OCR_PENDING)
    return TextRead("", TextStatus.NO_TEXT)


def _found(text: str) -> TextRead:
    text = text_clean(text)[: _limit()]
    return TextRead(text, TextStatus.EXTRACTED if text else TextStatus.NO_TEXT)


def _plain_read(stored: StoredFile) -> str:
    limit = _limit() * 4  # bytes: up to 4 per character in UTF-8
    buffer = io.BytesIO()
    for chunk in _file_chunks(stored):
        buffer.write(chunk[: limit - buffer.tell()])
        if buffer.tell() >= limit:
            break
    return buffer.getvalue().decode("utf-8", errors="replace")


def _spooled(stored: StoredFile) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=PDF_SPOOL_BYTES)  # noqa: SIM115
    for chunk in _file_chunks(stored):
        spool.write(chunk)
    spool.seek(0)
    return spool


def _pdf_pages(reader: PdfReader) -> int:
    return min(len(reader.pages), int(settings.ARCHIVE_TEXT_PAGES))


def _pdf_read(stored: StoredFile) -> TextRead:
    with _spooled(stored) as spool:
        reader = PdfReader(spool)
        pages = _pdf_pages(reader)
        parts: list[str] = []
        size = 0
        for number in range(pages):
            page_text = reader.pages[number].extract_text() or ""
            parts.append(page_text)
            size += len(page_text)
            if size >= _limit():
                break
    text = text_clean("\n".join(parts))
    if pages and len(text) < SCANNED_CHARS_PER_PAGE * pages:
        return TextRead("", TextStatus.OCR_PENDING)  # a scan: its words are in images
    return _found(text)


_PARAGRAPH_END = re.compile(
    rb"</(?:w:p|text:p|text:h)>|<(?:w:br|w:tab|text:tab|text:line-break|text:s)\b[^>]*/>"
)
_TAG = re.compile(rb"<[^>]*>")


def _office_read(stored: StoredFile) -> str:
    """The body text of a docx or odt: the words between the XML tags, paragraph by paragraph.

    The XML is not parsed (no entities are expanded, no DTD is read): tags are dropped and the
    five predefined entities and character references decoded. Read up to OFFICE_XML_BYTES,
    whatever the archive's members claim about their size."""
    part = OFFICE_PARTS[stored.content_type]
    with (
        _spooled(stored) as spool,
        zipfile.ZipFile(spool) as archive,
        archive.open(part) as member,
    ):
        xml = member.read(OFFICE_XML_BYTES)
    xml = _PARAGRAPH_END.sub(b"\n", xml)
    # Keep the text of w:t runs together: tags between runs of one word add no space.
    text = _TAG.sub(b"", xml).decode("utf-8", errors="replace")
    return html.unescape(text)


# --- OCR -------------------------------------------------------------------------------


def tesseract_path() -> str | None:
    """The tesseract program, if it is installed with the OCR language's data (`ind`)."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    return path if _has_language(path, str(settings.ARCHIVE_OCR_LANGUAGE)) else None


@functools.lru_cache(maxsize=8)
def _has_language(path: str, language: str) -> bool:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
            [path, "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    listed = (done.stdout + done.stderr).decode(errors="replace").split()
    return language in listed


def _tesseract(path: str, chunks: Iterator[bytes]) -> str:
    """Text of one image given as bytes (PNG, JPEG, TIFF), read by tesseract from stdin, so
    that the plaintext of an encrypted file never lands on disk."""
    command = [path, "stdin", "stdout", "-l", str(settings.ARCHIVE_OCR_LANGUAGE), "--psm", "3"]
    env = {"PATH": os.environ.get("PATH", ""), "OMP_THREAD_LIMIT": "1", "LC_ALL": "C.UTF-8"}
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(  # noqa: S603 (a fixed argument list, no shell)
            command, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.DEVNULL, env=env
        )
        assert process.stdin is not None
        try:
            for chunk in chunks:
                process.stdin.write(chunk)
            process.stdin.close()
            process.wait(timeout=int(settings.ARCHIVE_OCR_PAGE_SECONDS))
        except (BrokenPipeError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
            return ""
        out.seek(0)
        return out.read(_limit() * 4).decode("utf-8", errors="replace")


def ocr_read(*, stored: StoredFile, path: str, progress: Callable[[int, int], None]) -> str:
    """OCR of a scanned PDF (the images of each page) or of an image file, page by page;
    progress(done, total) after each page."""
    if text_kind(stored.content_type) == "image":
        progress(0, 1)
        text = _tesseract(path, _file_chunks(stored))
        progress(1, 1)
        return text_clean(text)[: _limit()]
    parts: list[str] = []
    with _spooled(stored) as spool:
        reader = PdfReader(spool)
        pages = _pdf_pages(reader)
        progress(0, pages)
        size = 0
        for number in range(pages):
            for image in reader.pages[number].images:
                part = _tesseract(path, iter([image.data]))
                parts.append(part)
                size += len(part)
            progress(number + 1, pages)
            if size >= _limit():
                break
    return text_clean("\n".join(parts))[: _limit()]


# --- The steps the background jobs run ---------------------------------------------------


def file_text_update(*, stored: StoredFile) -> str:
    """Read the file's text and record it; returns the new status. A scan becomes
    OCR_PENDING when Tesseract can read it (the caller queues the OCR), NOT_OCRED otherwise.
    A rahasia record's files are not read at all (WITHHELD)."""
    if stored.record.access_level == AccessLevel.RAHASIA:
        read = TextRead("", TextStatus.WITHHELD)
    elif stored.deleted_at is not None:
        read = TextRead("", TextStatus.NO_TEXT)
    else:
        read = text_read(stored=stored)
        if read.status == TextStatus.OCR_PENDING and tesseract_path() is None:
            read = TextRead("", TextStatus.NOT_OCRED)
    StoredFile.objects.filter(pk=stored.pk).update(
        text=read.text, text_status=read.status, text_progress=0
    )
    stored.text, stored.text_status, stored.text_progress = read.text, read.status, 0
    return read.status


def file_ocr(*, stored: StoredFile) -> str:
    """OCR one file, keeping its progress (percent of pages) in the row as it goes."""
    path = tesseract_path()
    if path is None:
        status = TextStatus.NOT_OCRED
        StoredFile.objects.filter(pk=stored.pk).update(text_status=status, text_progress=0)
        return status
    if stored.record.access_level == AccessLevel.RAHASIA:
        StoredFile.objects.filter(pk=stored.pk).update(text="", text_status=TextStatus.WITHHELD)
        return TextStatus.WITHHELD
    rows = StoredFile.objects.filter(pk=stored.pk)
    rows.update(text_status=TextStatus.OCR_RUNNING, text_progress=0)

    def progress(done: int, total: int) -> None:
        rows.update(text_progress=min(99, done * 100 // max(total, 1)))

    try:
        text = ocr_read(stored=stored, path=path, progress=progress)
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        logger.warning("archive OCR: file %s unreadable (%s)", stored.pk, type(exc).__name__)
        rows.update(text_status=TextStatus.FAILED, text_progress=0)
        return TextStatus.FAILED
    rows.update(text=text, text_status=TextStatus.OCR_DONE, text_progress=100)
    stored.text, stored.text_status, stored.text_progress = text, TextStatus.OCR_DONE, 100
    return TextStatus.OCR_DONE
