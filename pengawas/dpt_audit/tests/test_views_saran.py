"""The saran perbaikan pages: who may use them, the confirmation, making and downloading."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.archive.models import Record
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import Category
from pengawas.dpt_audit.tests.saran_factories import run_done, sample_findings
from pengawas.regions.models import Region

LETTER = {"addressee": "Ketua KPU Kabupaten Blitar", "day": "2020-10-01", "signer": "Abdul Hakam"}


@pytest.fixture
def run_with_findings(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> Any:
    run = run_done(snapshot)
    return run, sample_findings(run, make_voter)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PKD, 403), (Role.PTPS, 403), (Role.PANWASCAM, 404), (Role.SEKRETARIAT, 200)],
)
def test_who_may_open_the_confirmation(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    run_with_findings: Any,
    role: str,
    status: int,
) -> None:
    run, _found = run_with_findings  # over the whole kabupaten: not a Panwascam's run
    login(client, make_user(role))
    assert client.get(reverse("dpt-audit-saran", args=[run.pk])).status_code == status


def test_anonymous_goes_to_login(client: Client, run_with_findings: Any) -> None:
    run, _found = run_with_findings
    response = client.get(reverse("dpt-audit-saran", args=[run.pk]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_confirmation_shows_counts_and_defaults(
    client: Client, supervisor: User, login: Callable[..., None], run_with_findings: Any
) -> None:
    run, found = run_with_findings
    login(client, supervisor)
    response = client.post(
        reverse("dpt-audit-saran", args=[run.pk]),
        {"finding": [found["dup_a"].pk, found["dup_b"].pk, found["young"].pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 temuan akan dimuat" in page
    assert 'value="Ketua KPU Kabupaten Blitar"' in page
    assert f'name="finding" value="{found["young"].pk}"' in page
    assert "3505014107800001" not in page  # no NIK on the page
    assert "Buat surat" in page


def test_making_the_letter_without_archive_then_downloading(
    client: Client,
    supervisor: User,
    login: Callable[..., None],
    run_with_findings: Any,
    settings: Any,
) -> None:
    settings.ARCHIVE_KEY = ""
    run, _found = run_with_findings
    login(client, supervisor)
    data = {"category": Category.DUPLICATE_NIK, "buat": "1", **LETTER}
    response = client.post(reverse("dpt-audit-saran", args=[run.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Surat tidak tersimpan di arsip" in page and "PENGAWAS_ARCHIVE_KEY" in page
    assert reverse("dpt-audit-saran-pdf", args=[run.pk]) in page
    assert AuditEntry.objects.filter(action=Action.SARAN_PERBAIKAN_CREATED).count() == 1
    download = client.post(
        reverse("dpt-audit-saran-pdf", args=[run.pk]),
        {"category": Category.DUPLICATE_NIK, **LETTER},
    )
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and download["Cache-Control"] == "no-store"
    sheet = client.post(reverse("dpt-audit-saran-xlsx", args=[run.pk]), LETTER)
    assert sheet.status_code == 200 and sheet.content.startswith(b"PK")
    exported = AuditEntry.objects.filter(action=Action.DPT_AUDIT_EXPORTED)
    assert sorted(e.detail["document"] for e in exported) == ["saran-pdf", "saran-xlsx"]
    assert client.get(reverse("dpt-audit-saran-pdf", args=[run.pk])).status_code == 405


def test_making_the_letter_with_archive_links_to_the_record(
    client: Client,
    supervisor: User,
    login: Callable[..., None],
    run_with_findings: Any,
    archive_key: str,
) -> None:
    run, _found = run_with_findings
    login(client, supervisor)
    response = client.post(reverse("dpt-audit-saran", args=[run.pk]), {"buat": "1", **LETTER})
    record = Record.objects.get()
    page = response.content.decode()
    assert reverse("archive-record", args=[record.pk]) in page
    for stored in record.files.all():
        assert reverse("archive-file-download", args=[record.pk, stored.pk]) in page


def test_form_errors_are_in_indonesian_and_nothing_is_made(
    client: Client, supervisor: User, login: Callable[..., None], run_with_findings: Any
) -> None:
    run, _found = run_with_findings
    login(client, supervisor)
    response = client.post(
        reverse("dpt-audit-saran", args=[run.pk]), {"buat": "1", "addressee": "", "day": "kemarin"}
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action=Action.SARAN_PERBAIKAN_CREATED).exists()
    assert 'class="notice err"' in response.content.decode()


def test_panwascam_sees_their_kecamatan_run_and_writes_to_ppk(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
) -> None:
    run = run_done(snapshot, region=Region.objects.get(code="35.05.01"))
    sample_findings(run, make_voter)
    login(client, make_user(Role.PANWASCAM))
    page = client.get(reverse("dpt-audit-saran", args=[run.pk])).content.decode()
    assert 'value="Ketua PPK Kecamatan Wonodadi"' in page


def test_an_unknown_run_is_404(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    login(client, supervisor)
    assert client.get(reverse("dpt-audit-saran", args=[99999])).status_code == 404
