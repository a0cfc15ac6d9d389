"""Helpers shared by the custody, bundle and retention tests (no tests here)."""

import datetime
import io
from typing import Any

from django.contrib.auth.models import User
from PIL import Image

from pengawas.archive.models import Record, StoredFile
from pengawas.archive.services_files import file_store
from pengawas.regions.models import Region

JATEN = "35.05.01.2001"
FAR_DESA = "35.05.02.2001"  # Kecamatan 35.05.02, outside Wonodadi
DAY = datetime.date(2020, 12, 9)


def png(seed: int = 1, size: int = 40) -> bytes:
    picture = Image.new("RGB", (size, size), (seed * 40 % 256, 90, 160))
    for x in range(size):
        picture.putpixel((x, x), (255, seed % 256, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def make_record(author: User, *, region: str = JATEN, **fields: Any) -> Record:
    fields.setdefault("function", "pengawasan")
    fields.setdefault("title", "Laporan hasil pengawasan kampanye")
    fields.setdefault("date", DAY)
    return Record.objects.create(author=author, region=Region.objects.get(code=region), **fields)


def add_file(
    record: Record,
    user: User,
    *,
    data: bytes | None = None,
    name: str = "foto.png",
    replaces: StoredFile | None = None,
) -> StoredFile:
    return file_store(
        record=record,
        source=io.BytesIO(data if data is not None else png()),
        name=name,
        user=user,
        replaces=replaces,
    )
