"""Test helpers of the archive search: records and stored files made directly (the records
and vault parts have their own tests), and a stand-in for the vault's reader."""

import datetime
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from pengawas.archive.models import Classification, Record, StoredFile, Tag
from pengawas.elections.models import Tps

_names = itertools.count(1)


def record_make(
    author: User, *, title: str, region: str = "35.05.01.2001", **fields: Any
) -> Record:
    tags = fields.pop("tags", [])
    classification = fields.pop("classification", None)
    if isinstance(classification, str):
        classification, _ = Classification.objects.get_or_create(
            code=classification, defaults={"name": classification}
        )
    fields.setdefault("function", "pengawasan")
    fields.setdefault("date", datetime.date(2020, 11, 1))
    record = Record.objects.create(
        author=author, title=title, region_id=region, classification=classification, **fields
    )
    for name in tags:
        record.tags.add(Tag.objects.get_or_create(name=name)[0])
    return record


def tps_make(election: Any, village: str, number: int) -> Tps:
    return Tps.objects.get_or_create(election=election, village_id=village, number=number)[0]


class VaultStub:
    """Plaintext of stored files kept in memory, served as file_chunks would (in chunks)."""

    def __init__(self) -> None:
        self.contents: dict[str, bytes] = {}

    def store(self, record: Record, content: bytes, content_type: str, **fields: Any) -> StoredFile:
        name = f"stub-{next(_names)}"
        self.contents[name] = content
        return StoredFile.objects.create(
            record=record,
            original_name=fields.pop("original_name", name),
            content_type=content_type,
            size=len(content),
            sha256="0" * 64,
            storage_name=name,
            wrapped_key=b"stub",
            key_id="stub",
            created_by=record.author,
            **fields,
        )

    def chunks(self, stored: StoredFile) -> Iterator[bytes]:
        content = self.contents[stored.storage_name]
        for start in range(0, len(content), 7000):
            yield content[start : start + 7000]


def vault_stub(monkeypatch: pytest.MonkeyPatch) -> VaultStub:
    """The vault's reader replaced by the stub for one test (use in a `vault` fixture)."""
    stub = VaultStub()
    monkeypatch.setattr("pengawas.archive.text._file_chunks", stub.chunks)
    return stub
