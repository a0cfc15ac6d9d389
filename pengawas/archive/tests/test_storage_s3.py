"""The archive on an S3-compatible store, over HTTP, against moto in server mode."""

import datetime
import io
import socket
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from django.contrib.auth.models import User
from moto.server import ThreadedMotoServer

from pengawas.accounts.roles import Role
from pengawas.archive.models import Function, Record
from pengawas.archive.services_files import file_check, file_chunks, file_store
from pengawas.archive.storage import archive_storage
from pengawas.archive.tests import vault_samples as samples
from pengawas.regions.models import Region

BUCKET = "arsip-uji"
CREDENTIALS = {"aws_access_key_id": "uji", "aws_secret_access_key": "uji-rahasia"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS
                 ).create_bucket(Bucket=BUCKET)  # fmt: skip
    yield endpoint
    server.stop()


@pytest.fixture
def on_s3(archive_key: str, settings: Any, s3_endpoint: str) -> Any:
    settings.ARCHIVE_S3_BUCKET = BUCKET
    settings.ARCHIVE_S3_ENDPOINT_URL = s3_endpoint
    settings.ARCHIVE_S3_REGION = "us-east-1"
    settings.ARCHIVE_S3_ACCESS_KEY = CREDENTIALS["aws_access_key_id"]
    settings.ARCHIVE_S3_SECRET_KEY = CREDENTIALS["aws_secret_access_key"]
    settings.ARCHIVE_S3_PREFIX = "arsip"
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)


@pytest.fixture
def record(make_user: Callable[..., User], blitar: Region) -> Record:
    return Record.objects.create(function=Function.PENINDAKAN, title="Bukti laporan",
                                 region=blitar, date=datetime.date(2020, 11, 3),
                                 author=make_user(Role.SEKRETARIAT))  # fmt: skip


def test_files_go_to_the_bucket_encrypted_and_read_back(on_s3: Any, record: Record) -> None:
    assert type(archive_storage()).__name__ == "S3Storage"
    data = samples.pdf_bytes(pages=40)
    stored = file_store(record=record, source=io.BytesIO(data), name="bukti.pdf",
                        user=record.author)  # fmt: skip
    body = on_s3.get_object(Bucket=BUCKET, Key=f"arsip/{stored.storage_name}")["Body"].read()
    assert samples.MARKER.encode() in data
    assert samples.MARKER.encode() not in body
    assert b"%PDF" not in body
    assert b"".join(file_chunks(stored=stored)) == data
    assert file_check(stored=stored) == "ok"


def test_a_changed_or_missing_object_is_found(on_s3: Any, record: Record) -> None:
    text = f"Catatan {samples.MARKER}\n".encode() * 100
    changed = file_store(record=record, source=io.BytesIO(text), name="a.txt", user=record.author)
    missing = file_store(record=record, source=io.BytesIO(text), name="b.txt", user=record.author)
    key = f"arsip/{changed.storage_name}"
    body = bytearray(on_s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())
    body[-1] ^= 1
    on_s3.put_object(Bucket=BUCKET, Key=key, Body=bytes(body))
    on_s3.delete_object(Bucket=BUCKET, Key=f"arsip/{missing.storage_name}")
    assert file_check(stored=changed) == "corrupted"
    assert file_check(stored=missing) == "missing"
