"""The chunked AES-256-GCM format and the master-key handling (no database)."""

import io
import os
from typing import Any

import pytest

from pengawas.archive import crypto
from pengawas.archive.crypto import (
    CHUNK_SIZE,
    HEADER_SIZE,
    TAG_SIZE,
    ArchiveKeyMissing,
    ArchiveKeyUnknown,
    DecryptionFailed,
    Keyring,
)

NAME = "ab/cd/abcd0123"


def seal(plain: bytes, *, key: bytes, name: str = NAME) -> bytes:
    out = io.BytesIO()
    size = crypto.encrypt_stream(
        io.BytesIO(plain), out, data_key=key, storage_name=name, key_id="0" * 16
    )
    assert size == len(plain)
    return out.getvalue()


def opened(sealed: bytes, *, key: bytes, name: str = NAME) -> bytes:
    return b"".join(crypto.decrypt_stream(io.BytesIO(sealed), data_key=key, storage_name=name))


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE])
def test_round_trip_at_every_chunk_boundary(size: int) -> None:
    key = crypto.data_key_new()
    plain = os.urandom(size)
    sealed = seal(plain, key=key)
    chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(sealed) == HEADER_SIZE + size + chunks * TAG_SIZE
    assert opened(sealed, key=key) == plain


def test_the_ciphertext_hides_the_plaintext() -> None:
    key = crypto.data_key_new()
    plain = b"PENANDA-RAHASIA " * 10_000
    assert b"PENANDA" not in seal(plain, key=key)


def test_each_chunk_is_yielded_verified() -> None:
    key = crypto.data_key_new()
    plain = os.urandom(2 * CHUNK_SIZE + 10)
    parts = list(crypto.decrypt_stream(io.BytesIO(seal(plain, key=key)), data_key=key,
                                       storage_name=NAME))  # fmt: skip
    assert [len(part) for part in parts] == [CHUNK_SIZE, CHUNK_SIZE, 10]


def _tampered(sealed: bytes, how: str) -> bytes:
    chunk = CHUNK_SIZE + TAG_SIZE
    body = sealed[HEADER_SIZE:]
    if how == "flip":
        index = HEADER_SIZE + CHUNK_SIZE // 2
        return sealed[:index] + bytes([sealed[index] ^ 1]) + sealed[index + 1 :]
    if how == "header":
        return sealed[:10] + bytes([sealed[10] ^ 1]) + sealed[11:]
    if how == "swap":
        return sealed[:HEADER_SIZE] + body[chunk : 2 * chunk] + body[:chunk] + body[2 * chunk :]
    if how == "truncate_at_chunk":
        return sealed[: HEADER_SIZE + 2 * chunk]
    if how == "truncate_inside":
        return sealed[:-5]
    if how == "drop_middle":
        return sealed[:HEADER_SIZE] + body[:chunk] + body[2 * chunk :]
    if how == "append":
        return sealed + body[:chunk]
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["flip", "header", "swap", "truncate_at_chunk", "truncate_inside", "drop_middle", "append"],
)
def test_tampering_is_detected(how: str) -> None:
    key = crypto.data_key_new()
    sealed = seal(os.urandom(3 * CHUNK_SIZE + 100), key=key)
    with pytest.raises(DecryptionFailed):
        opened(_tampered(sealed, how), key=key)


def test_a_chunk_from_another_file_does_not_fit() -> None:
    key = crypto.data_key_new()  # even under the same data key
    first = seal(os.urandom(CHUNK_SIZE + 10), key=key, name="aa/aa/one")
    with pytest.raises(DecryptionFailed):
        opened(first, key=key, name="bb/bb/two")


def test_wrong_data_key_fails() -> None:
    sealed = seal(b"isi", key=crypto.data_key_new())
    with pytest.raises(DecryptionFailed):
        opened(sealed, key=crypto.data_key_new())


def test_key_text_round_trip_and_fingerprint() -> None:
    text = crypto.key_generate()
    assert len(text) == 43
    key = crypto.key_parse(text)
    assert len(key) == 32
    assert crypto.key_fingerprint(key) == crypto.key_fingerprint(crypto.key_parse(text + "="))
    assert len(crypto.key_fingerprint(key)) == 16


@pytest.mark.parametrize("text", ["pendek", "!!!!", "A" * 60])
def test_malformed_keys_are_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(ArchiveKeyMissing, match="tidak sah"):
        crypto.key_parse(text)


def test_without_a_key_the_keyring_says_how_to_set_one(settings: Any) -> None:
    settings.ARCHIVE_KEY = ""
    with pytest.raises(ArchiveKeyMissing, match="PENGAWAS_ARCHIVE_KEY") as refused:
        crypto.keyring()
    assert "archive_genkey" in str(refused.value)


def test_wrapping_with_current_and_old_keys() -> None:
    old, new = os.urandom(32), os.urandom(32)
    data_key = crypto.data_key_new()
    wrapped_old = Keyring(current=old).wrap(data_key)
    during = Keyring(current=new, old=old)
    assert during.unwrap(wrapped_old, crypto.key_fingerprint(old)) == data_key
    rewrapped = during.wrap(data_key)
    assert Keyring(current=new).unwrap(rewrapped, crypto.key_fingerprint(new)) == data_key
    with pytest.raises(ArchiveKeyUnknown):
        Keyring(current=new).unwrap(wrapped_old, crypto.key_fingerprint(old))
    with pytest.raises(DecryptionFailed):  # a wrapped key that was changed
        during.unwrap(bytes([wrapped_old[0] ^ 1]) + wrapped_old[1:], crypto.key_fingerprint(old))


def test_encryptor_refuses_short_middle_chunks() -> None:
    encryptor = crypto.ChunkEncryptor(data_key=os.urandom(32), storage_name=NAME, key_id="0" * 16)
    with pytest.raises(ValueError):
        encryptor.encrypt(b"short", last=False)
    encryptor.encrypt(b"end", last=True)
    with pytest.raises(ValueError):
        encryptor.encrypt(b"more", last=True)
