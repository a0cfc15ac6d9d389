"""Storing and opening the archive's files (the vault).

file_store streams an upload once: the type is sniffed from the content (sniff.py), every
chunk is hashed (SHA-256 of the plaintext), checked and encrypted (crypto.py) into a
temporary file that the storage then takes (storage.py); memory stays flat whatever the size.
Nothing is overwritten: a correction is a new version (replaces=), the old row and its bytes
stay. Every stored file is written to the audit trail with its hash (FILE_ADDED), every
refusal with its reason code (FILE_REFUSED), never with content or the uploaded name (a name
may name a person).
"""

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import IO, BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pengawas.archive import crypto, previews, signals
from pengawas.archive.crypto import ArchiveKeyMissing, ArchiveKeyUnknown, DecryptionFailed
from pengawas.archive.models import Record, StoredFile
from pengawas.archive.refusals import FileRefused
from pengawas.archive.sniff import name_clean, sniff
from pengawas.archive.storage import archive_storage, spool_for, spool_save, storage_name_new
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record

__all__ = [
    "ArchiveKeyMissing",
    "ArchiveKeyUnknown",
    "FileCorrupted",
    "FileMissing",
    "FileRefused",
    "KeyRotation",
    "archive_key_rotate",
    "file_check",
    "file_chunks",
    "file_store",
    "preview_chunks",
    "preview_make",
]

logger = logging.getLogger(__name__)

# preview_storage_name of a file that has no preview (tried once, nothing to show).
NO_PREVIEW = "-"
# A source that cannot seek is copied here first (memory up to this, then disk).
SPOOL_MEMORY = 16 * 1024 * 1024


class FileMissing(Exception):
    """The file's ciphertext is not in the storage (or the file was disposed of)."""


class FileCorrupted(Exception):
    """The stored bytes or the wrapped key do not authenticate: changed, cut short or swapped."""


def max_bytes() -> int:
    return int(settings.ARCHIVE_MAX_MB) * 1024 * 1024


def _refuse_too_large() -> FileRefused:
    return FileRefused(
        "too_large",
        _("Berkas lebih besar dari batas arsip (%(mb)d MB). Bagi berkasnya, atau minta "
          "administrator menaikkan PENGAWAS_ARCHIVE_MAX_MB.")
        % {"mb": settings.ARCHIVE_MAX_MB},
    )  # fmt: skip


@contextmanager
def _seekable(source: BinaryIO) -> Iterator[IO[bytes]]:
    """The source itself when it can seek (uploads, files on disk), else a spooled copy."""
    seekable = getattr(source, "seekable", None)
    if seekable is not None and seekable():
        source.seek(0)
        yield source
        return
    limit = max_bytes()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spool:
        copied = 0
        while chunk := source.read(crypto.CHUNK_SIZE):
            copied += len(chunk)
            if copied > limit:
                raise _refuse_too_large()
            spool.write(chunk)
        spool.seek(0)
        yield spool


def _size_of(source: IO[bytes]) -> int:
    size = source.seek(0, 2)
    source.seek(0)
    return size


def _record_label(record: Record) -> str:
    return f"arsip {record.pk}"


def file_store(
    *,
    record: Record,
    source: BinaryIO,
    name: str,
    user: User,
    replaces: StoredFile | None = None,
    request: HttpRequest | None = None,
) -> StoredFile:
    """Sniff, hash, encrypt and keep one file of a record; FileRefused for hostile files,
    ArchiveKeyMissing when no master key is set. The caller checks the user's right to add
    to the record (rules.can_change)."""
    keys = crypto.keyring()
    if replaces is not None and replaces.record_id != record.pk:
        raise ValueError("a new version must belong to the same record")
    clean = name_clean(name)
    storage = archive_storage()
    storage_name = storage_name_new()
    data_key = crypto.data_key_new()
    limit = max_bytes()
    try:
        with _seekable(source) as plain:
            if _size_of(plain) > limit:
                raise _refuse_too_large()
            scanner = sniff(plain, name=clean, size=_size_of(plain))
            encryptor = crypto.ChunkEncryptor(
                data_key=data_key, storage_name=storage_name, key_id=keys.key_id
            )
            digest = hashlib.sha256()
            size = 0
            with spool_for(storage) as spool:
                spool.write(encryptor.header)
                for chunk, last in crypto.chunks_with_last(plain):
                    size += len(chunk)
                    if size > limit:
                        raise _refuse_too_large()
                    digest.update(chunk)
                    scanner.feed(chunk)
                    spool.write(encryptor.encrypt(chunk, last=last))
                scanner.finish()
                spool_save(storage, storage_name, spool)
    except FileRefused as refusal:
        audit_record(
            action=Action.FILE_REFUSED,
            request=request,
            actor=user,
            target_type="record",
            target_id=str(record.pk),
            target_label=_record_label(record),
            detail={"code": refusal.code},
        )
        raise
    try:
        with transaction.atomic():
            version = 1
            if replaces is not None:
                previous = StoredFile.objects.select_for_update().get(pk=replaces.pk)
                if StoredFile.objects.filter(replaces=previous).exists():
                    raise ValueError("this version has already been replaced")
                version = previous.version + 1
            stored = StoredFile.objects.create(
                record=record,
                replaces=replaces,
                version=version,
                original_name=clean,
                content_type=scanner.content_type,
                size=size,
                sha256=digest.hexdigest(),
                storage_name=storage_name,
                wrapped_key=keys.wrap(data_key),
                key_id=keys.key_id,
                created_by=user,
            )
            audit_record(
                action=Action.FILE_ADDED,
                request=request,
                actor=user,
                target_type="file",
                target_id=str(stored.pk),
                target_label=f"{_record_label(record)} berkas {stored.pk} v{version}",
                detail=file_detail(stored),
            )
            transaction.on_commit(
                partial(signals.file_stored.send, sender=StoredFile, stored_file_id=stored.pk)
            )
    except BaseException:
        storage.delete(storage_name)
        raise
    return stored


def file_detail(stored: StoredFile) -> dict[str, object]:
    """What the audit trail says about a file (its hash, id, version and record)."""
    return {
        "sha256": stored.sha256,
        "file": stored.pk,
        "version": stored.version,
        "record": stored.record_id,
    }


def _open_chunks(*, storage_name: str, wrapped_key: bytes, key_id: str) -> Iterator[bytes]:
    keys = crypto.keyring()
    try:
        data_key = keys.unwrap(wrapped_key, key_id)
    except DecryptionFailed:
        raise FileCorrupted("the wrapped data key does not authenticate") from None
    storage = archive_storage()
    try:
        handle = storage.open(storage_name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise FileMissing(storage_name) from None
    return _authenticated(handle, data_key=data_key, storage_name=storage_name)


def _authenticated(handle: IO[bytes], *, data_key: bytes, storage_name: str) -> Iterator[bytes]:
    with handle:
        try:
            yield from crypto.decrypt_stream(
                handle,
                data_key=data_key,
                storage_name=storage_name,
            )
        except DecryptionFailed as failure:
            raise FileCorrupted(str(failure)) from None


def file_chunks(*, stored: StoredFile) -> Iterator[bytes]:
    """The plaintext, chunk by chunk, each authenticated before it is given out.

    Raises at once FileMissing (not in the storage, or disposed of), ArchiveKeyUnknown (the
    key that wraps it is not set) or FileCorrupted (its wrapped key was changed); while
    iterating, FileCorrupted at the first chunk changed, moved, swapped or cut off.
    """
    if stored.deleted_at is not None:
        raise FileMissing(stored.storage_name)
    return _open_chunks(
        storage_name=stored.storage_name,
        wrapped_key=bytes(stored.wrapped_key),
        key_id=stored.key_id,
    )


def file_check(*, stored: StoredFile) -> str:
    """Decrypt and re-hash one file: "ok", "missing" or "corrupted" (ArchiveKeyUnknown when
    its key is not set: that says nothing about the file)."""
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in file_chunks(stored=stored):
            digest.update(chunk)
            size += len(chunk)
    except FileMissing:
        return "missing"
    except FileCorrupted:
        return "corrupted"
    if size != stored.size or digest.hexdigest() != stored.sha256:
        return "corrupted"
    return "ok"


def preview_make(*, stored: StoredFile) -> StoredFile:
    """Draw and keep (encrypted) the file's preview if it has none yet; returns the row as
    it is now. Made on first use, so that storing stays as fast as copying."""
    if stored.preview_storage_name or not previews.preview_possible(stored.content_type):
        return stored
    keys = crypto.keyring()
    try:
        picture = previews.preview_render(
            chunks=file_chunks(stored=stored), content_type=stored.content_type, size=stored.size
        )
    except (FileMissing, FileCorrupted):
        logger.warning("archive preview: file %s cannot be read", stored.pk)
        return stored
    rows = StoredFile.objects.filter(pk=stored.pk, preview_storage_name="")
    if picture is None:
        rows.update(preview_storage_name=NO_PREVIEW)
        stored.refresh_from_db()
        return stored
    storage = archive_storage()
    name = storage_name_new()
    preview_key = crypto.data_key_new()
    encryptor = crypto.ChunkEncryptor(data_key=preview_key, storage_name=name, key_id=stored.key_id)
    with spool_for(storage) as spool:
        spool.write(encryptor.header)
        for index in range(0, max(len(picture), 1), crypto.CHUNK_SIZE):
            part = picture[index : index + crypto.CHUNK_SIZE]
            spool.write(encryptor.encrypt(part, last=index + crypto.CHUNK_SIZE >= len(picture)))
        spool_save(storage, name, spool)
    if not rows.update(
        preview_storage_name=name, preview_wrapped_key=keys.wrap(preview_key, stored.key_id)
    ):
        storage.delete(name)  # another request drew it first
    stored.refresh_from_db()
    return stored


def preview_chunks(*, stored: StoredFile) -> Iterator[bytes] | None:
    """The preview (JPEG), decrypted; None when the file has none (not an image or PDF, no
    pdftoppm, a bomb, or its bytes cannot be read)."""
    if stored.deleted_at is not None:
        return None
    if not stored.preview_storage_name:
        stored = preview_make(stored=stored)
    if stored.preview_storage_name in ("", NO_PREVIEW) or stored.preview_wrapped_key is None:
        return None
    try:
        return _open_chunks(
            storage_name=stored.preview_storage_name,
            wrapped_key=bytes(stored.preview_wrapped_key),
            key_id=stored.key_id,
        )
    except (FileMissing, FileCorrupted):
        return None


@dataclass(frozen=True)
class KeyRotation:
    """What archive_key_rotate did: the key ids before and after, rows re-wrapped."""

    key_ids_before: tuple[str, ...]
    key_id: str
    files: int
    previews: int


def archive_key_rotate(
    *, new_key: bytes, actor: User | None = None, batch: int = 500
) -> KeyRotation:
    """Re-wrap every file's (and preview's) data key under `new_key`, in one transaction;
    the stored bytes stay untouched. The keys in force (PENGAWAS_ARCHIVE_KEY and, during a
    rotation, PENGAWAS_ARCHIVE_KEY_OLD) must open what is there: one data key that does not
    unwrap (ArchiveKeyUnknown, FileCorrupted) stops the rotation and changes nothing."""
    keys = crypto.keyring()
    target = crypto.Keyring(current=new_key)
    new_id = target.key_id
    before: set[str] = set()
    files = previews_done = 0
    with transaction.atomic():
        pending: list[StoredFile] = []
        rows = (
            StoredFile.objects.select_for_update()
            .exclude(key_id=new_id)
            .only("pk", "key_id", "wrapped_key", "preview_wrapped_key")
            .order_by("pk")
        )
        for stored in rows.iterator(chunk_size=batch):
            try:
                data_key = keys.unwrap(bytes(stored.wrapped_key), stored.key_id)
                preview_key = (
                    keys.unwrap(bytes(stored.preview_wrapped_key), stored.key_id)
                    if stored.preview_wrapped_key
                    else None
                )
            except DecryptionFailed:
                raise FileCorrupted(f"file {stored.pk}: its wrapped key does not unwrap") from None
            before.add(stored.key_id)
            stored.wrapped_key = target.wrap(data_key)
            if preview_key is not None:
                stored.preview_wrapped_key = target.wrap(preview_key)
                previews_done += 1
            stored.key_id = new_id
            files += 1
            pending.append(stored)
            if len(pending) >= batch:
                StoredFile.objects.bulk_update(
                    pending, ["wrapped_key", "preview_wrapped_key", "key_id"]
                )
                pending = []
        if pending:
            StoredFile.objects.bulk_update(
                pending, ["wrapped_key", "preview_wrapped_key", "key_id"]
            )
        rotation = KeyRotation(
            key_ids_before=tuple(sorted(before)), key_id=new_id, files=files, previews=previews_done
        )
        audit_record(
            action=Action.ARCHIVE_KEY_ROTATED,
            actor=actor,
            target_type="archive",
            target_id=new_id,
            target_label=f"kunci arsip {new_id}",
            detail={
                "from": list(rotation.key_ids_before),
                "to": new_id,
                "files": files,
                "previews": previews_done,
            },
        )
    return rotation
