"""Types from content, and the refusal of hostile files (each built here)."""

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from pengawas.archive.refusals import FileRefused
from pengawas.archive.sniff import Scanner, Sniffed, name_clean, sniff
from pengawas.archive.tests import vault_samples as samples


def scanned(data: bytes, name: str) -> Scanner:
    """Run the whole check as file_store does: sniff, then feed every chunk."""
    source = io.BytesIO(data)
    scanner = sniff(source, name=name, size=len(data))
    for start in range(0, len(data), 4096):  # small chunks: patterns across boundaries
        scanner.feed(data[start : start + 4096])
    scanner.finish()
    return scanner


def refusal(data: bytes, name: str) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        scanned(data, name)
    assert refused.value.message  # a reason, in Bahasa Indonesia
    return refused.value


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (samples.pdf_bytes(), "laporan.pdf", "application/pdf"),
        (samples.image_bytes("JPEG"), "foto.JPG", "image/jpeg"),
        (samples.image_bytes("PNG"), "foto.png", "image/png"),
        (samples.image_bytes("WEBP"), "foto.webp", "image/webp"),
        (samples.image_bytes("GIF"), "foto.gif", "image/gif"),
        (samples.image_bytes("TIFF"), "pindaian.tif", "image/tiff"),
        (samples.docx_bytes(), "surat.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (samples.odt_bytes(), "surat.odt", "application/vnd.oasis.opendocument.text"),
        (samples.MP3_HEAD, "rekaman.mp3", "audio/mpeg"),
        (samples.WAV_HEAD, "rekaman.wav", "audio/wav"),
        (samples.OGG_HEAD, "rekaman.ogg", "audio/ogg"),
        (samples.MP4_HEAD, "video.mp4", "video/mp4"),
        (samples.M4A_HEAD, "suara.m4a", "audio/mp4"),
        (samples.MOV_HEAD, "video.mov", "video/quicktime"),
        (b"Catatan rapat pleno, Kanigoro.\n", "catatan.txt", "text/plain"),
        (b"nama,kode\nJaten,35.05.01.2001\n", "daftar.csv", "text/plain"),
        (samples.pdf_bytes(), "tanpa-akhiran", "application/pdf"),
    ],
)  # fmt: skip
def test_accepted_types_come_from_the_content(data: bytes, name: str, content_type: str) -> None:
    assert scanned(data, name).content_type == content_type


def test_xlsx_and_pptx_by_their_content_types() -> None:
    for part, kind in (("spreadsheetml.sheet", "xlsx"), ("presentationml.presentation", "pptx")):
        types = samples.DOCX_TYPES.replace(b"wordprocessingml.document", part.encode())
        data = samples.zip_bytes({"[Content_Types].xml": types, "x/y.xml": b"<a/>"})
        assert scanned(data, f"berkas.{kind}").content_type.endswith(part)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (samples.image_bytes("PNG"), "laporan.pdf", "mismatch"),
        (samples.pdf_bytes(), "foto.jpg", "mismatch"),
        (samples.docx_bytes(), "surat.pdf", "mismatch"),
        (samples.EXE, "pembaruan.exe", "unknown_type"),
        (samples.EXE, "dokumen", "unknown_type"),
        (b"\x00\x01\x02\x03binary\xff\xfe", "data.bin", "unknown_type"),
        ("Teks Latin-1: caf\xe9".encode("latin-1"), "teks.txt", "text_invalid"),
        ("caf\xe9 au lait, Latin-1".encode("latin-1"), "teks.txt", "unknown_type"),
        (b"", "kosong.pdf", "empty"),
        (samples.SVG_WITH_SCRIPT, "peta.svg", "svg"),
        (samples.SVG_WITH_SCRIPT, "peta.txt", "svg"),
        (samples.HTML_PAGE, "halaman.html", "html"),
        (samples.HTML_PAGE, "halaman.txt", "html"),
        (b"catatan\n" * 100 + b"<script>alert(1)</script>", "catatan.txt", "html"),
        (samples.pdf_with_javascript(), "surat.pdf", "pdf_javascript"),
        (samples.pdf_with_hidden_javascript(), "surat.pdf", "pdf_javascript"),
        (samples.pdf_with_page_aa_javascript(), "surat.pdf", "pdf_javascript"),
        (samples.pdf_with_launch(), "surat.pdf", "pdf_launch"),
        (samples.pdf_with_embedded_executable(), "surat.pdf", "pdf_embedded_executable"),
        (b"%PDF-1.7\nthis is not a pdf at all\n", "rusak.pdf", "pdf_invalid"),
        (samples.pdf_bytes() + samples.zip_bytes({"a.txt": b"x"}), "surat.pdf", "polyglot"),
        (samples.image_bytes("JPEG") + samples.zip_bytes({"a.txt": b"x"}), "f.jpg", "polyglot"),
        (samples.jpeg_with_script(), "foto.jpg", "polyglot"),
        (samples.zip_bytes({"a.txt": b"isi"}), "arsip.zip", "zip_unknown"),
        (samples.docx_bytes({"../../etc/cron.d/x": b"x"}), "surat.docx", "zip_path"),
        (samples.docx_bytes({"/etc/passwd": b"x"}), "surat.docx", "zip_path"),
        (samples.docx_bytes({"C:\\Windows\\x.dll": b"x"}), "surat.docx", "zip_path"),
        (samples.docx_bytes({"word/media/bom.bin": bytes(20 * 1024 * 1024)}), "s.docx", "zip_bomb"),
        (samples.docx_bytes({f"word/{n}.xml": b"" for n in range(5001)}), "s.docx", "zip_bomb"),
        (samples.docx_bytes({"word/embeddings/lampiran.zip": b"x"}), "s.docx", "zip_nested"),
        (samples.docx_bytes({"word/embeddings/ole.bin": samples.zip_bytes({"a": b"b"})}),
         "s.docx", "zip_nested"),
        (samples.docx_bytes({"word/vbaProject.bin": b"makro"}), "surat.docx", "macro"),
    ],
)  # fmt: skip
def test_hostile_and_contradicting_files_are_refused(data: bytes, name: str, code: str) -> None:
    assert refusal(data, name).code == code


def test_a_zip_with_data_in_front_is_a_polyglot() -> None:
    data = b"GIF89a" + b"\x00" * 20 + samples.docx_bytes()
    assert refusal(data, "foto.gif").code == "polyglot"


def test_a_pdf_with_javascript_split_across_chunks_is_still_found() -> None:
    data = samples.pdf_with_launch()
    at = data.index(b"/Launch") + 3
    raw = Scanner(Sniffed(kind="pdf", content_type="application/pdf"))
    raw.feed(data[:at])
    with pytest.raises(FileRefused):
        raw.feed(data[at:])
        raw.finish()


def test_pdf_keywords_inside_streams_do_not_count() -> None:
    # Compressed stream data is random bytes: "/JS" inside it is not a PDF name.
    raw = Scanner(Sniffed(kind="pdf", content_type="application/pdf"))
    raw.feed(b"1 0 obj\n<< /Length 20 >>\nstream\n\x00\x01/JS /Launch<html>\nendstream\nendobj\n")
    raw.finish()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\staf\\Laporan A.pdf", "Laporan A.pdf"),
        ("foto\u202egnp.exe", "fotognp.exe"),  # no right-to-left override
        ("a\x00b\nc.txt", "abc.txt"),
        ("", "berkas"),
        ("..", "berkas"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_names_are_cleaned_for_display(raw: str, clean: str) -> None:
    assert name_clean(raw) == clean


def test_zip_with_overlapping_entries_is_a_bomb() -> None:
    data = bytearray(samples.docx_bytes({"word/a.xml": b"a" * 3000, "word/b.xml": b"b" * 3000}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    second = archive.getinfo("word/b.xml")
    first = archive.getinfo("word/a.xml")
    # Point b's central-directory entry at a's local header (the overlap trick).
    central = bytes(data).index(b"PK\x01\x02word/b.xml"[:4])
    while bytes(data[central + 46 : central + 56]) != b"word/b.xml":
        central = bytes(data).index(b"PK\x01\x02", central + 1)
    data[central + 42 : central + 46] = first.header_offset.to_bytes(4, "little")
    assert second.header_offset != first.header_offset
    assert refusal(bytes(data), "s.docx").code == "zip_bomb"


def test_a_large_scanned_pdf_is_checked_without_reading_its_images_into_memory(
    tmp_path: Path,
) -> None:
    image = 30 * 1024 * 1024
    data = samples.pdf_handmade(
        "<< /Type /Catalog /Pages 2 0 R >>",
        samples.PAGES,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        "/Resources << /XObject << /Im0 5 0 R >> >> >>",
        "<< /Length 8 >>\nstream\n/Im0 Do\n\nendstream",
        f"<< /Type /XObject /Subtype /Image /Width 10 /Height 10 /Length {image} >>\nstream\n"
        + "\x7f" * image
        + "\nendstream",
    )
    path = tmp_path / "pindaian.pdf"
    path.write_bytes(data)
    del data
    with path.open("rb") as source:  # a file, as uploads and archive_add give
        tracemalloc.start()
        try:
            scanner = sniff(source, name="pindaian.pdf", size=path.stat().st_size)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert scanner.content_type == "application/pdf"
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
