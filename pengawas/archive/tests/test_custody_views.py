"""The bundle download and the penyusutan pages, for every persona."""

import datetime
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.archive.bundle import bundle_verify
from pengawas.archive.models import AccessLevel, Classification, Record
from pengawas.archive.models_custody import DisposalRequest, DisposalStatus
from pengawas.archive.services_retention import disposal_request_create
from pengawas.archive.tests.test_custody_support import FAR_DESA, add_file, make_record
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps

pytestmark = pytest.mark.usefixtures("archive_key")

# Who gets which page, for every persona: pengawas/core/tests/test_url_permissions.py.


@pytest.fixture
def world(election: Election, make_user: Callable[..., User]) -> dict[str, Any]:
    writer = make_user(Role.KOMISIONER, username="penulis")
    tps1, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=1)
    musnah = Classification.objects.create(
        code="T.MUSNAH", name="Uji", retention_years=1, retention_outcome="musnah"
    )
    own = make_record(writer, tps=tps1)
    add_file(own, writer)
    old = datetime.date(2015, 1, 1)
    return {
        "own_record": own.pk,
        "far_record": make_record(writer, region=FAR_DESA).pk,
        "secret_record": make_record(writer, access_level=AccessLevel.RAHASIA).pk,
        "own_disposal": disposal_request_create(
            user=writer, record_ids=[make_record(writer, classification=musnah, date=old).pk]
        ).pk,
        "secret_disposal": disposal_request_create(
            user=writer,
            record_ids=[
                make_record(
                    writer, classification=musnah, date=old, access_level=AccessLevel.RAHASIA
                ).pk
            ],
        ).pk,
    }


def test_bundle_download_streams_a_zip_that_verifies(
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
    tmp_path: Path,
) -> None:
    client = Client()
    login(client, make_user(Role.PTPS))
    response = client.post(reverse("archive-bundle"), {"record": [world["own_record"]]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    path = tmp_path / "unduhan.zip"
    path.write_bytes(body)
    assert bundle_verify(path=path).ok
    digest = hashlib.sha256(body).hexdigest()
    assert response["X-Bundle-SHA256"] == digest
    entry = AuditEntry.objects.get(action=Action.RECORDS_EXPORTED)
    assert entry.detail["bundle_sha256"] == digest
    assert entry.target_id == str(world["own_record"])


def test_bundle_refused_ids_write_nothing(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = Client()
    login(client, make_user(Role.PKD))
    for data in (
        {"record": [world["own_record"], world["far_record"]]},
        {"record": ["12a"]},
        {"record": [999_999]},
    ):
        assert client.post(reverse("archive-bundle"), data).status_code in (400, 404)
    assert not AuditEntry.objects.filter(action=Action.RECORDS_EXPORTED).exists()


def test_propose_approve_and_execute_through_the_pages(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    musnah = Classification.objects.get(code="T.MUSNAH")
    sek, kom = make_user(Role.SEKRETARIAT), make_user(Role.KOMISIONER)
    record = make_record(sek, classification=musnah, date=datetime.date(2016, 5, 1))
    add_file(record, sek)
    first, second = Client(), Client()
    login(first, sek)
    login(second, kom)

    page = first.get(reverse("archive-retention"))
    assert page.status_code == 200
    assert f'value="{record.pk}"' in page.content.decode()

    response = first.post(reverse("archive-retention"), {"record": [record.pk], "catatan": "uji"})
    proposal = DisposalRequest.objects.get(records=record)
    assert response["Location"] == reverse("archive-disposal", args=[proposal.pk])
    url = response["Location"]
    first.post(url, {"aksi": "setujui"})
    again = first.post(url, {"aksi": "setujui"}, follow=True)
    assert "orang lain" in again.content.decode()
    assert "Laksanakan" not in second.get(url).content.decode()
    second.post(url, {"aksi": "setujui"})
    assert "Laksanakan pemusnahan" in second.get(url).content.decode()
    done = second.post(url, {"aksi": "laksanakan"}, follow=True)
    assert "1 arsip dimusnahkan" in done.content.decode()
    proposal.refresh_from_db()
    record.refresh_from_db()
    assert proposal.status == DisposalStatus.EXECUTED and record.disposed_at is not None
    assert Record.objects.filter(pk=record.pk).exists()

    empty = first.post(reverse("archive-retention"), {}, follow=True)
    assert "Pilih sedikitnya" in empty.content.decode()
