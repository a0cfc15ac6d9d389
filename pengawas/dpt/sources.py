"""Streaming readers for voter-list files (CSV in any of KPU's encodings, and XLSX).

Each reader yields (sheet, line, cells) one row at a time, so memory stays flat whatever
the file's size. The file's content decides its format, not its name.
"""

import csv
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

# A line longer than this is not a voter row; it is skipped and reported, never held whole.
MAX_LINE_BYTES = 64 * 1024
OVERSIZED = "\ue000oversized"
_SNIFF_BYTES = 64 * 1024

Row = tuple[str, int, list[str]]


class SourceError(Exception):
    """The file cannot be read as a voter list at all; the message says why, in Indonesian."""


def detect_format(path: Path) -> str:
    """ "csv" or "xlsx" from the first bytes; SourceError for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(f"Berkas tidak dapat dibaca: {exc.strerror}") from None
    if not head:
        raise SourceError("Berkas kosong.")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            "Berkas berenkode UTF-16. Simpan ulang sebagai CSV UTF-8 (di Excel: "
            "Simpan Sebagai → CSV UTF-8), lalu impor lagi."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            "Berkas berformat Excel lama (XLS). Simpan ulang sebagai XLSX atau CSV, lalu impor lagi."
        )
    if b"\x00" in head:
        raise SourceError(
            "Berkas ini bukan CSV atau XLSX (berisi data biner). Periksa apakah berkas yang "
            "dipilih benar."
        )
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if controls > len(head) // 100:
        raise SourceError(
            "Berkas ini bukan teks CSV yang dapat dibaca (terlalu banyak karakter kendali)."
        )
    return "csv"


def _decoded_lines(handle: BinaryIO) -> Iterator[str]:
    """Lines as text, each decoded as UTF-8 and, failing that, as Latin-1.

    Deciding per line keeps a file readable when one exporter mixed encodings; a line
    over MAX_LINE_BYTES is consumed in pieces and stands in as a marker.
    """
    first = True
    while True:
        raw = handle.readline(MAX_LINE_BYTES)
        if not raw:
            return
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:
                rest = handle.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield OVERSIZED + "\n"
            first = False
            continue
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


def _sniff_delimiter(path: Path) -> str:
    with path.open("rb") as handle:
        first_lines = b"".join(handle.readline(MAX_LINE_BYTES) for _ in range(5))
    text = first_lines.decode("latin-1")
    counts = {delimiter: text.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
    delimiter = _sniff_delimiter(path)
    csv.field_size_limit(MAX_LINE_BYTES)
    with path.open("rb") as handle:
        # strict: a broken quote must stop the import with its line number, never silently
        # swallow the lines after it into one cell.
        reader = csv.reader(_decoded_lines(handle), delimiter=delimiter, strict=True)
        line = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # A broken quote can swallow the lines after it: report where it began.
                raise SourceError(f"Baris {start}: CSV rusak ({exc}).") from None
            line = start
            if progress is not None and line % 8192 == 0:
                progress(handle.tell())
            yield "", line, cells


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
    """Every worksheet in turn; each has its own header row."""
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except InvalidFileException as exc:
        raise SourceError(f"Berkas XLSX rusak atau bukan XLSX: {exc}") from None
    except Exception as exc:  # a broken zip or XML in a hostile file: many exception types
        raise SourceError(
            f"Berkas XLSX rusak dan tidak dapat dibaca ({type(exc).__name__})."
        ) from None
    try:
        for sheet in workbook.worksheets:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if progress is not None and line % 8192 == 0:
                    progress(line)
                yield sheet.title, line, [_cell_text(v) for v in values]
    except SourceError:
        raise
    except Exception as exc:  # the same, found part-way through a sheet
        raise SourceError(f"Berkas XLSX rusak di tengah isinya ({type(exc).__name__}).") from None
    finally:
        workbook.close()


def open_rows(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
    kind = detect_format(path)
    return read_xlsx(path, progress) if kind == "xlsx" else read_csv(path, progress)


def escape_cell(value: str) -> str:
    """Make a value safe to open in a spreadsheet (no formula runs from our rejects file)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") and value != "-" else value
