"""file_store / file_chunks / file_check / preview_chunks on the local storage."""

import datetime
import io
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from PIL import Image

from pengawas.accounts.roles import Role
from pengawas.archive import crypto, signals
from pengawas.archive.models import Function, Record, StoredFile
from pengawas.archive.services_files import (
    NO_PREVIEW,
    ArchiveKeyMissing,
    ArchiveKeyUnknown,
    FileCorrupted,
    FileMissing,
    FileRefused,
    file_check,
    file_chunks,
    file_store,
    preview_chunks,
)
from pengawas.archive.storage import archive_location, archive_storage
from pengawas.archive.tests import vault_samples as samples
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.regions.models import Region

TEXT = f"Catatan pleno Panwascam Wonodadi. {samples.MARKER}\n".encode() * 50


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT)


@pytest.fixture
def record(author: User, blitar: Region) -> Record:
    return Record.objects.create(
        function=Function.PENGAWASAN,
        title="Laporan hasil pengawasan",
        region=blitar,
        date=datetime.date(2020, 12, 9),
        author=author,
    )


def store(record: Record, data: bytes, name: str, **options: Any) -> StoredFile:
    return file_store(record=record, source=io.BytesIO(data), name=name, user=record.author,
                      **options)  # fmt: skip


def raw(stored: StoredFile) -> bytes:
    with archive_storage().open(stored.storage_name, "rb") as handle:
        return bytes(handle.read())


def plain(stored: StoredFile) -> bytes:
    return b"".join(file_chunks(stored=stored))


def test_a_text_file_is_stored_encrypted_and_reads_back(
    archive_key: str, record: Record, django_capture_on_commit_callbacks: Any
) -> None:
    received: list[int] = []

    def receiver(sender: Any, stored_file_id: int, **kwargs: Any) -> None:
        received.append(stored_file_id)

    signals.file_stored.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            stored = store(record, TEXT, "../catatan pleno.txt")
    finally:
        signals.file_stored.disconnect(receiver)
    assert received == [stored.pk]
    assert stored.content_type == "text/plain"
    assert stored.original_name == "catatan pleno.txt"
    assert stored.size == len(TEXT)
    assert stored.version == 1
    assert stored.key_id == crypto.key_fingerprint(crypto.key_parse(archive_key))
    assert samples.MARKER.encode() not in raw(stored)
    assert "catatan" not in stored.storage_name
    assert plain(stored) == TEXT
    assert file_check(stored=stored) == "ok"
    entry = AuditEntry.objects.get(action=Action.FILE_ADDED)
    assert entry.detail == {"sha256": stored.sha256, "file": stored.pk, "version": 1,
                            "record": record.pk}  # fmt: skip
    assert "catatan" not in entry.target_label  # the uploaded name is not in the trail


def test_a_pdf_is_stored_encrypted(archive_key: str, record: Record) -> None:
    data = samples.pdf_bytes()
    assert samples.MARKER.encode() in data
    stored = store(record, data, "laporan.pdf")
    assert stored.content_type == "application/pdf"
    assert samples.MARKER.encode() not in raw(stored)
    assert plain(stored) == data


def test_without_a_master_key_nothing_is_stored(settings: Any, record: Record) -> None:
    settings.ARCHIVE_KEY = ""
    with pytest.raises(ArchiveKeyMissing, match="PENGAWAS_ARCHIVE_KEY"):
        store(record, TEXT, "a.txt")
    assert not StoredFile.objects.exists()


def test_a_wrong_master_key_does_not_open_the_file(
    archive_key: str, settings: Any, record: Record
) -> None:
    stored = store(record, TEXT, "a.txt")
    settings.ARCHIVE_KEY = crypto.key_generate()
    with pytest.raises(ArchiveKeyUnknown):
        file_chunks(stored=stored)
    # Even when the row is made to name the wrong key, its wrapped key does not unwrap.
    stored.key_id = crypto.keyring().key_id
    with pytest.raises(FileCorrupted):
        file_chunks(stored=stored)


def _path(stored: StoredFile) -> Path:
    return archive_location() / stored.storage_name


def test_a_flipped_byte_is_corruption(archive_key: str, record: Record) -> None:
    stored = store(record, TEXT, "a.txt")
    data = bytearray(_path(stored).read_bytes())
    data[len(data) // 2] ^= 0x01
    _path(stored).write_bytes(bytes(data))
    assert file_check(stored=stored) == "corrupted"
    with pytest.raises(FileCorrupted):
        plain(stored)


def test_a_truncated_file_is_corruption(archive_key: str, record: Record) -> None:
    stored = store(record, TEXT * 1000, "a.txt")  # three chunks: cut after the second
    assert stored.size > 2 * crypto.CHUNK_SIZE
    data = _path(stored).read_bytes()
    _path(stored).write_bytes(data[: crypto.HEADER_SIZE + 2 * (crypto.CHUNK_SIZE + 16)])
    assert file_check(stored=stored) == "corrupted"


def test_a_file_swapped_for_another_is_corruption(archive_key: str, record: Record) -> None:
    first = store(record, TEXT, "a.txt")
    second = store(record, TEXT + b"lain\n", "b.txt")
    shutil.copyfile(_path(first), _path(second))
    assert file_check(stored=first) == "ok"
    assert file_check(stored=second) == "corrupted"


def test_a_deleted_file_is_missing(archive_key: str, record: Record) -> None:
    stored = store(record, TEXT, "a.txt")
    _path(stored).unlink()
    assert file_check(stored=stored) == "missing"
    with pytest.raises(FileMissing):
        file_chunks(stored=stored)


def test_a_correction_is_a_new_version_and_the_old_one_stays(
    archive_key: str, record: Record, author: User, blitar: Region
) -> None:
    first = store(record, TEXT, "a.txt")
    second = store(record, TEXT + b"koreksi\n", "a.txt", replaces=first)
    assert (second.version, second.replaces_id) == (2, first.pk)
    assert plain(first) == TEXT
    third = store(record, TEXT + b"koreksi 2\n", "a.txt", replaces=second)
    assert third.version == 3
    with pytest.raises(ValueError):
        store(record, TEXT, "a.txt", replaces=first)  # already replaced
    other = Record.objects.create(function=Function.UMUM, title="Lain", region=blitar,
                                  date=datetime.date(2020, 1, 1), author=author)  # fmt: skip
    with pytest.raises(ValueError):
        store(other, TEXT, "a.txt", replaces=third)
    assert StoredFile.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (samples.HTML_PAGE, "a.html", "html"),
        (samples.pdf_with_javascript(), "a.pdf", "pdf_javascript"),
        (samples.image_bytes("PNG"), "a.pdf", "mismatch"),
        (samples.docx_bytes({"../x": b"x"}), "a.docx", "zip_path"),
        (samples.jpeg_with_script(), "a.jpg", "polyglot"),
    ],
)
def test_hostile_files_are_refused_audited_and_leave_nothing(
    archive_key: str, record: Record, data: bytes, name: str, code: str
) -> None:
    with pytest.raises(FileRefused) as refused:
        store(record, data, name)
    assert refused.value.code == code
    assert not StoredFile.objects.exists()
    entry = AuditEntry.objects.get(action=Action.FILE_REFUSED)
    assert entry.detail == {"code": code}
    assert (entry.target_type, entry.target_id) == ("record", str(record.pk))
    leftovers = [p for p in archive_location().rglob("*") if p.is_file()]
    assert leftovers == []


def test_a_script_late_in_a_text_file_is_refused(archive_key: str, record: Record) -> None:
    data = TEXT * 30000 + b"<script>alert(1)</script>"  # well past the first chunk
    with pytest.raises(FileRefused):
        store(record, data, "a.txt")
    assert [p for p in archive_location().rglob("*") if p.is_file()] == []


def test_files_over_the_limit_are_refused(archive_key: str, settings: Any, record: Record) -> None:
    settings.ARCHIVE_MAX_MB = 1
    with pytest.raises(FileRefused) as refused:
        store(record, b"a" * (1024 * 1024 + 1), "a.txt")
    assert refused.value.code == "too_large"


class _Unseekable(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 70_000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_stored(archive_key: str, record: Record) -> None:
    data = samples.pdf_bytes(pages=3)
    stored = file_store(record=record, source=_Unseekable(data), name="a.pdf",  # type: ignore[arg-type]
                        user=record.author)  # fmt: skip
    assert plain(stored) == data


class _Generated(io.RawIOBase):
    """A seekable text stream of `size` bytes made on the fly (nothing held in memory)."""

    BLOCK = (b"Baris laporan pengawasan tahapan kampanye di Kabupaten Blitar.\n" * 20000)[
        : 1024 * 1024
    ]

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.position, 2: self.size}[whence]
        self.position = max(0, min(self.size, base + offset))
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        wanted = min(len(buffer), self.size - self.position)
        start = self.position % len(self.BLOCK)
        chunk = (self.BLOCK[start:] + self.BLOCK)[:wanted]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)


def test_memory_stays_flat_for_a_200_mb_file(archive_key: str, record: Record) -> None:
    size = 200 * 1024 * 1024
    tracemalloc.start()
    try:
        stored = file_store(record=record, source=_Generated(size), name="besar.txt",  # type: ignore[arg-type]
                            user=record.author)  # fmt: skip
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.size == size
    assert peak < 24 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert _path(stored).stat().st_size == crypto.HEADER_SIZE + size + 200 * crypto.TAG_SIZE


def test_image_preview_is_small_upright_without_exif_and_encrypted(
    archive_key: str, record: Record
) -> None:
    stored = store(record, samples.jpeg_with_exif(), "foto.jpg")
    chunks = preview_chunks(stored=stored)
    assert chunks is not None
    picture = b"".join(chunks)
    assert b"KameraPenanda" not in picture
    with Image.open(io.BytesIO(picture)) as image:
        assert image.format == "JPEG"
        assert image.size == (600, 800)  # 1600 x 1200 turned upright by orientation 6
        assert not image.getexif()
    stored.refresh_from_db()
    assert stored.preview_storage_name not in ("", NO_PREVIEW)
    with archive_storage().open(stored.preview_storage_name, "rb") as handle:
        assert not handle.read().startswith(b"\xff\xd8")  # encrypted at rest
    assert b"".join(preview_chunks(stored=stored) or []) == picture  # made once, kept


def test_pdf_preview_is_the_first_page(archive_key: str, record: Record) -> None:
    stored = store(record, samples.pdf_bytes(pages=2), "laporan.pdf")
    chunks = preview_chunks(stored=stored)
    assert chunks is not None
    with Image.open(io.BytesIO(b"".join(chunks))) as image:
        assert max(image.size) == 800


def test_no_preview_for_a_decompression_bomb_or_text(archive_key: str, record: Record) -> None:
    bomb = store(record, samples.png_bomb(), "bom.png")
    assert preview_chunks(stored=bomb) is None
    bomb.refresh_from_db()
    assert bomb.preview_storage_name == NO_PREVIEW
    assert preview_chunks(stored=store(record, TEXT, "a.txt")) is None
