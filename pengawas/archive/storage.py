"""Where the archive's ciphertext lives: local files by default, or any S3-compatible store.

- Local (default): DATA_DIR/archive, files 0600 in folders 0700, named by random hex in
  two levels of fan-out folders (ab/cd/abcd…), never after the uploaded file's name.
- S3-compatible (MinIO, Ceph, AWS …) through django-storages when PENGAWAS_ARCHIVE_S3_BUCKET
  is set, with PENGAWAS_ARCHIVE_S3_ENDPOINT_URL, _REGION, _ACCESS_KEY, _SECRET_KEY and an
  optional _PREFIX. Objects are private (no ACL), never overwritten.

Only ciphertext reaches the storage (pengawas/archive/crypto.py); a copy of the bucket or of
the folder reveals no content. The master key is never stored here.
"""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

# Ciphertext is written here first (up to this size in memory, then a temporary file).
SPOOL_MEMORY = 8 * 1024 * 1024


def archive_location() -> Path:
    return Path(settings.DATA_DIR) / "archive"


def archive_storage() -> Storage:
    """The storage chosen by settings (built fresh: tests change DATA_DIR per test)."""
    bucket = getattr(settings, "ARCHIVE_S3_BUCKET", "")
    if bucket:
        return _s3_storage(
            bucket=bucket,
            endpoint_url=_setting("ARCHIVE_S3_ENDPOINT_URL"),
            region=_setting("ARCHIVE_S3_REGION"),
            access_key=_setting("ARCHIVE_S3_ACCESS_KEY"),
            secret_key=_setting("ARCHIVE_S3_SECRET_KEY"),
            prefix=getattr(settings, "ARCHIVE_S3_PREFIX", ""),
        )
    return FileSystemStorage(
        location=archive_location(),
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def _setting(name: str) -> str | None:
    return str(getattr(settings, name, "")) or None


_S3_CACHE: dict[tuple[Any, ...], Storage] = {}


def _s3_storage(**options: Any) -> Storage:
    # One client per configuration: building a boto3 session costs tens of milliseconds.
    key = tuple(sorted(options.items()))
    storage = _S3_CACHE.get(key)
    if storage is None:
        from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

        storage = S3Storage(
            bucket_name=options["bucket"],
            endpoint_url=options["endpoint_url"],
            region_name=options["region"],
            access_key=options["access_key"],
            secret_key=options["secret_key"],
            location=options["prefix"],
            default_acl=None,
            querystring_auth=True,
            file_overwrite=False,
            # Reading an object downloads it into a spooled file: on disk past this size
            # (django-storages' default, 0, would hold a 2 GB object in memory).
            max_memory_size=SPOOL_MEMORY,
        )
        _S3_CACHE[key] = storage
    return storage


def storage_name_new() -> str:
    """A random name (128 bits), in two levels of folders so no folder grows too large."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token[2:4]}/{token}"


class _MovableCiphertext(File):  # type: ignore[type-arg]
    """A finished temporary file of ciphertext on the archive's own file system: the local
    storage moves it into place (FileSystemStorage renames a file that has
    temporary_file_path) instead of copying it."""

    def __init__(self, file: IO[bytes], path: str) -> None:
        super().__init__(file)
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


@contextmanager
def spool_for(storage: Storage) -> Iterator[IO[bytes]]:
    """A temporary file to write ciphertext into before spool_save; removed afterwards.

    On the local storage it is a real file in the archive folder (same file system, so the
    save is a rename); elsewhere a spooled file (memory up to SPOOL_MEMORY, then disk).
    """
    if isinstance(storage, FileSystemStorage):
        folder = Path(storage.location) / "tmp"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
            dir=folder, prefix="masuk-", delete=False
        )
        try:
            yield handle
        finally:
            handle.close()
            if os.path.exists(handle.name):
                os.unlink(handle.name)
    else:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spooled:
            yield spooled


def spool_save(storage: Storage, name: str, spool: IO[bytes]) -> None:
    """Store the spooled ciphertext under `name` (which must be new)."""
    spool.flush()
    spool.seek(0)
    path = getattr(spool, "name", None)
    content: File = (  # type: ignore[type-arg]
        _MovableCiphertext(spool, path)
        if isinstance(storage, FileSystemStorage) and isinstance(path, str)
        else File(spool)
    )
    saved = storage.save(name, content)
    if saved != name:  # a clash of 128 random bits, or a storage renaming: never silently
        storage.delete(saved)
        raise RuntimeError("storage changed the name of an archive object")
