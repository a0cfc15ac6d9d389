"""The archive's encryption at rest: a master key only Bawaslu holds, a data key per file.

- The master key (32 random bytes, base64url) comes from the environment:
  PENGAWAS_ARCHIVE_KEY, or the file named by PENGAWAS_ARCHIVE_KEY_FILE (settings.ARCHIVE_KEY).
  It is never written to the database or beside the files; the database holds only its
  fingerprint (key_id: the first 16 hex digits of its SHA-256). During a rotation the previous
  key may be given as PENGAWAS_ARCHIVE_KEY_OLD so that files not yet re-wrapped still open.
- Every file gets a fresh 32-byte data key, wrapped with the master key by AES key wrap
  (RFC 3394); the wrapped key and the key_id are stored on the StoredFile row. Rotating the
  master key re-wraps the data keys and leaves the stored bytes untouched.
- The file itself is AES-256-GCM in authenticated chunks of CHUNK_SIZE bytes of plaintext.
  The nonce is an 8-byte random prefix (per file) and a 4-byte chunk counter. The additional
  data of every chunk binds the header, the storage name, the chunk's index and whether it
  is the last one, so that chunks cannot be reordered, swapped between files, dropped from
  the end or the file cut short without the decryption failing.

Layout of a stored object::

    header: b"PGWA" | version (1 byte) | key_id at ingest (16 ASCII) | nonce prefix (8)
            | chunk size (4, big endian)
    chunks: ciphertext + 16-byte tag, CHUNK_SIZE + 16 bytes each, the last one shorter
            (an empty file is one empty last chunk).

The key_id in the header is informative (the key the file was first wrapped with); the
row's key_id says which master key wraps its data key today.
"""

import base64
import binascii
import hashlib
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap
from django.conf import settings

MAGIC = b"PGWA"
FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
KEY_BYTES = 32
KEY_ID_LENGTH = 16
NONCE_PREFIX_BYTES = 8
_HEADER = struct.Struct(">4sB16s8sI")
HEADER_SIZE = _HEADER.size
MAX_CHUNKS = 2**32  # the counter's range

KEY_HOWTO = (
    "Buat kunci dengan `pengawas archive_genkey`, lalu setel PENGAWAS_ARCHIVE_KEY (atau "
    "PENGAWAS_ARCHIVE_KEY_FILE, nama berkas yang berisi kunci itu) dan mulai ulang Pengawas. "
    "Simpan kunci di luar server dan di luar cadangan arsip: tanpa kunci itu, berkas arsip "
    "tidak dapat dibuka oleh siapa pun."
)


class ArchiveKeyMissing(Exception):
    """No usable master key: the archive cannot store (or open) files."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Kunci arsip (PENGAWAS_ARCHIVE_KEY) belum disetel, sehingga arsip tidak dapat "
            "menyimpan berkas: setiap berkas dienkripsi dengan kunci yang hanya dipegang "
            "Bawaslu. "
            + KEY_HOWTO
        )


class ArchiveKeyUnknown(ArchiveKeyMissing):
    """The master key that wraps this file's data key is not configured (neither the current
    nor the old key): the file cannot be opened, but nothing says it is damaged."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"Berkas ini dikunci dengan kunci arsip {key_id}, yang tidak disetel (bukan "
            "PENGAWAS_ARCHIVE_KEY maupun PENGAWAS_ARCHIVE_KEY_OLD). Setel kunci itu, atau "
            "selesaikan penggantian kunci dengan `pengawas archive_rotate_key`."
        )
        self.key_id = key_id


class DecryptionFailed(Exception):
    """The stored bytes (or the wrapped key) do not authenticate: changed, cut or swapped."""


def key_parse(text: str, *, name: str = "PENGAWAS_ARCHIVE_KEY") -> bytes:
    """32 bytes from their base64url text (padding optional); ArchiveKeyMissing if malformed."""
    raw = text.strip()
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ArchiveKeyMissing(
            f"{name} tidak sah: harus 32 bita acak dalam base64url (43 karakter). " + KEY_HOWTO
        )
    return key


def key_generate() -> str:
    """A new master key as base64url text (43 characters, no padding)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).rstrip(b"=").decode("ascii")


def key_fingerprint(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:KEY_ID_LENGTH]


@dataclass(frozen=True)
class Keyring:
    """The master key in force and, during a rotation, the previous one."""

    current: bytes
    old: bytes | None = None

    @property
    def key_id(self) -> str:
        return key_fingerprint(self.current)

    def master_for(self, key_id: str) -> bytes:
        for key in (self.current, self.old):
            if key is not None and key_fingerprint(key) == key_id:
                return key
        raise ArchiveKeyUnknown(key_id)

    def wrap(self, data_key: bytes, key_id: str | None = None) -> bytes:
        """The data key wrapped by the current master key (or by the one named key_id)."""
        master = self.current if key_id is None else self.master_for(key_id)
        return aes_key_wrap(master, data_key)

    def unwrap(self, wrapped: bytes, key_id: str) -> bytes:
        try:
            return aes_key_unwrap(self.master_for(key_id), bytes(wrapped))
        except InvalidUnwrap:
            raise DecryptionFailed("wrapped key does not authenticate") from None


def keyring() -> Keyring:
    """The configured keys (settings.ARCHIVE_KEY, ARCHIVE_KEY_OLD), or ArchiveKeyMissing."""
    current_text = getattr(settings, "ARCHIVE_KEY", "")
    if not current_text:
        raise ArchiveKeyMissing()
    current = key_parse(current_text)
    old_text = getattr(settings, "ARCHIVE_KEY_OLD", "")
    old = key_parse(old_text, name="PENGAWAS_ARCHIVE_KEY_OLD") if old_text else None
    return Keyring(current=current, old=old)


def data_key_new() -> bytes:
    return os.urandom(KEY_BYTES)


def _aad(header: bytes, storage_name: str, index: int, last: bool) -> bytes:
    name = storage_name.encode("utf-8")
    return header + struct.pack(">H", len(name)) + name + struct.pack(">Q?", index, last)


class ChunkEncryptor:
    """Encrypts one file chunk by chunk; the caller says which chunk is the last."""

    def __init__(self, *, data_key: bytes, storage_name: str, key_id: str) -> None:
        self._aead = AESGCM(data_key)
        self._prefix = os.urandom(NONCE_PREFIX_BYTES)
        self._name = storage_name
        self.header = _HEADER.pack(
            MAGIC, FORMAT_VERSION, key_id.encode("ascii"), self._prefix, CHUNK_SIZE
        )
        self._index = 0
        self._finished = False

    def encrypt(self, chunk: bytes, *, last: bool) -> bytes:
        if self._finished:
            raise ValueError("the last chunk was already written")
        if len(chunk) > CHUNK_SIZE or (not last and len(chunk) != CHUNK_SIZE):
            raise ValueError("every chunk but the last is exactly CHUNK_SIZE bytes")
        if self._index >= MAX_CHUNKS:
            raise ValueError("file too large for one nonce prefix")
        nonce = self._prefix + struct.pack(">I", self._index)
        sealed = self._aead.encrypt(nonce, chunk, _aad(self.header, self._name, self._index, last))
        self._index += 1
        self._finished = last
        return sealed


def encrypt_stream(
    source: IO[bytes], out: IO[bytes], *, data_key: bytes, storage_name: str, key_id: str
) -> int:
    """Encrypt everything `source` gives into `out`; returns the plaintext size."""
    encryptor = ChunkEncryptor(data_key=data_key, storage_name=storage_name, key_id=key_id)
    out.write(encryptor.header)
    size = 0
    for chunk, last in chunks_with_last(source):
        size += len(chunk)
        out.write(encryptor.encrypt(chunk, last=last))
    return size


def read_full(source: IO[bytes], size: int) -> bytes:
    """Up to `size` bytes: short only at the end of the stream."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def chunks_with_last(source: IO[bytes], size: int = CHUNK_SIZE) -> Iterator[tuple[bytes, bool]]:
    """Full chunks of `size` bytes, each with whether it is the last (always at least one)."""
    current = read_full(source, size)
    while True:
        following = read_full(source, size) if len(current) == size else b""
        yield current, not following
        if not following:
            return
        current = following


def decrypt_stream(source: IO[bytes], *, data_key: bytes, storage_name: str) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk, each authenticated before it is yielded.

    Raises DecryptionFailed at the first chunk that does not authenticate (changed bytes,
    chunks reordered or taken from another file, a missing end) or on a malformed header.
    """
    header = read_full(source, HEADER_SIZE)
    if len(header) != HEADER_SIZE:
        raise DecryptionFailed("header cut short")
    magic, version, _key_id, prefix, chunk_size = _HEADER.unpack(header)
    if magic != MAGIC or version != FORMAT_VERSION or not 0 < chunk_size <= 64 * CHUNK_SIZE:
        raise DecryptionFailed("not an archive object of a known format")
    aead = AESGCM(data_key)
    sealed_size = chunk_size + TAG_SIZE
    index = 0
    current = read_full(source, sealed_size)
    while True:
        following = read_full(source, sealed_size) if len(current) == sealed_size else b""
        last = not following
        if len(current) < TAG_SIZE or index >= MAX_CHUNKS:
            raise DecryptionFailed("chunk cut short")
        nonce = prefix + struct.pack(">I", index)
        try:
            yield aead.decrypt(nonce, current, _aad(header, storage_name, index, last))
        except InvalidTag:
            raise DecryptionFailed(f"chunk {index} does not authenticate") from None
        if last:
            return
        index += 1
        current = following
