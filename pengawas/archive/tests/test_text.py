"""Reading the text of stored files (pengawas/archive/text.py), through a stand-in of the
vault's reader (search_factories.VaultStub) that serves the plaintext in chunks."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from pengawas.accounts.roles import Role
from pengawas.archive.models import AccessLevel, Record, TextStatus
from pengawas.archive.tests import text_samples
from pengawas.archive.tests.search_factories import VaultStub, record_make, vault_stub
from pengawas.archive.text import DOCX, ODT, PDF, file_text_update, text_clean, text_read


@pytest.fixture
def vault(monkeypatch: pytest.MonkeyPatch) -> VaultStub:
    return vault_stub(monkeypatch)


@pytest.fixture
def record(make_user: Callable[..., User]) -> Record:
    return record_make(make_user(Role.SEKRETARIAT), title="Berkas uji")


def test_pdf_text_layer_page_by_page(vault: VaultStub, record: Record) -> None:
    content = text_samples.pdf_with_text(
        [
            "Laporan hasil pengawasan kampanye\ndi Desa Jaten, Kecamatan Wonodadi",
            "Halaman dua: politik uang",
        ]
    )
    read = text_read(stored=vault.store(record, content, PDF))
    assert read.status == TextStatus.EXTRACTED
    assert "pengawasan kampanye" in read.text and "politik uang" in read.text


def test_pdf_page_limit(vault: VaultStub, record: Record, settings: object) -> None:
    settings.ARCHIVE_TEXT_PAGES = 2  # type: ignore[attr-defined]
    pages = [f"Halaman nomor {n} dengan cukup banyak kata agar terbaca" for n in range(1, 5)]
    read = text_read(stored=vault.store(record, text_samples.pdf_with_text(pages), PDF))
    assert "nomor 2" in read.text and "nomor 3" not in read.text


def test_text_limit(vault: VaultStub, record: Record, settings: object) -> None:
    settings.ARCHIVE_TEXT_CHARS = 1000  # type: ignore[attr-defined]
    read = text_read(stored=vault.store(record, b"kata " * 100_000, "text/plain"))
    assert len(read.text) == 1000


def test_a_pdf_without_text_layer_is_a_scan(vault: VaultStub, record: Record) -> None:
    content = text_samples.scanned_pdf([["Pengawasan"]])
    assert text_read(stored=vault.store(record, content, PDF)).status == TextStatus.OCR_PENDING


def test_plain_text_any_bytes(vault: VaultStub, record: Record) -> None:
    read = text_read(
        stored=vault.store(record, "Catatan rapat pléno\n\x00\xff".encode() + b"\xff", "text/plain")
    )
    assert read.status == TextStatus.EXTRACTED and read.text.startswith("Catatan rapat pléno")


@pytest.mark.parametrize(
    ("maker", "content_type"), [(text_samples.docx, DOCX), (text_samples.odt, ODT)]
)
def test_office_documents(
    vault: VaultStub, record: Record, maker: Callable[[list[str]], bytes], content_type: str
) -> None:
    content = maker(["Surat imbauan netralitas", "Kepada Yth. Kepala Desa &amp; perangkat"])
    read = text_read(stored=vault.store(record, content, content_type))
    assert read.status == TextStatus.EXTRACTED
    assert read.text == "Surat imbauan netralitas\nKepada Yth. Kepala Desa & perangkat"


def test_office_entities_are_not_expanded(vault: VaultStub, record: Record) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<w:document><w:body><w:p><w:t>&b;&b; isi</w:t></w:p></w:body></w:document>"
    )
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    read = text_read(stored=vault.store(record, out.getvalue(), DOCX))
    assert "aaaa" not in read.text and "isi" in read.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"%PDF-1.4 rusak", PDF), (b"bukan zip", DOCX), (b"PK\x03\x04 rusak", ODT)],
)
def test_unreadable_files_fail_without_raising(
    vault: VaultStub, record: Record, content: bytes, content_type: str
) -> None:
    assert text_read(stored=vault.store(record, content, content_type)).status == TextStatus.FAILED


def test_audio_and_video_have_no_text(vault: VaultStub, record: Record) -> None:
    assert (
        text_read(stored=vault.store(record, b"ID3....", "audio/mpeg")).status == TextStatus.NO_TEXT
    )


def test_rahasia_files_are_never_read(vault: VaultStub, make_user: Callable[..., User]) -> None:
    komisioner = make_user(Role.KOMISIONER)
    secret = record_make(komisioner, title="Rahasia", access_level=AccessLevel.RAHASIA)
    stored = vault.store(secret, b"isi rahasia", "text/plain")
    vault.contents.clear()  # reading it would fail
    assert file_text_update(stored=stored) == TextStatus.WITHHELD
    stored.refresh_from_db()
    assert stored.text == "" and stored.text_status == TextStatus.WITHHELD


def test_text_clean_removes_controls_and_markers() -> None:
    assert text_clean("a\x00b\ue000c  \n\n  d\x07") == "a b c\nd"
