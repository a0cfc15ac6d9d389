"""Disposal: two different approvers, legal holds, the stub left behind, the storage emptied."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pengawas.accounts.roles import Role
from pengawas.archive.models import AccessLevel, Classification, Record, StoredFile
from pengawas.archive.models_custody import DisposalApproval, DisposalStatus
from pengawas.archive.services_custody import record_custody
from pengawas.archive.services_files import preview_make
from pengawas.archive.services_retention import (
    DisposalRefused,
    disposal_approve,
    disposal_execute,
    disposal_get_visible,
    disposal_request_create,
)
from pengawas.archive.storage import archive_storage
from pengawas.archive.tests.test_custody_support import add_file, make_record, png
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.audit.verify import audit_verify

pytestmark = pytest.mark.usefixtures("archive_key")

OLD = datetime.date(2015, 4, 1)  # due for a 2-year classification since 1 January 2018


@pytest.fixture
def musnah(db: None) -> Classification:
    return Classification.objects.create(
        code="T.MUSNAH", name="Uji musnah", retention_years=2, retention_outcome="musnah"
    )


@pytest.fixture
def kom(make_user: Callable[..., User]) -> User:
    return make_user(Role.KOMISIONER, username="komisioner-1")


@pytest.fixture
def sek(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="sekretariat-1")


def _due(author: User, line: Classification, **fields: object) -> Record:
    return make_record(author, classification=line, date=OLD, **fields)


def test_two_different_approvers_then_execution_leaves_a_stub_with_its_history(
    kom: User, sek: User, musnah: Classification
) -> None:
    record = _due(sek, musnah, number="07/LHP/T.MUSNAH/16.12/IV/2015")
    first = add_file(record, sek, data=png(1))
    second = add_file(record, sek, data=png(2), replaces=first)
    first = preview_make(stored=first)
    first.text = "teks hasil OCR"
    first.save(update_fields=["text"])
    assert first.preview_storage_name not in ("", "-")
    names = [first.storage_name, first.preview_storage_name, second.storage_name]
    storage = archive_storage()
    assert all(storage.exists(name) for name in names)
    history_before = [event.seq for event in record_custody(record=record)]

    proposal = disposal_request_create(user=sek, record_ids=[record.pk], note="JRA 2015")
    # The requester may approve (the request itself is no approval) …
    disposal_approve(user=sek, request_id=proposal.pk)
    # … but not twice: the second approval must come from someone else.
    with pytest.raises(DisposalRefused, match="orang lain"):
        disposal_approve(user=sek, request_id=proposal.pk)
    with pytest.raises(DisposalRefused, match="dua orang"):
        disposal_execute(user=sek, request_id=proposal.pk)
    disposal_approve(user=kom, request_id=proposal.pk)
    assert DisposalApproval.objects.filter(request=proposal).count() == 2

    result = disposal_execute(user=kom, request_id=proposal.pk)

    assert (result.records, result.files, result.storage_left) == (1, 2, [])
    assert not any(storage.exists(name) for name in names)
    record.refresh_from_db()
    assert record.disposed_at is not None
    assert record.number == "07/LHP/T.MUSNAH/16.12/IV/2015"  # the stub keeps its metadata
    for stored in StoredFile.objects.filter(record=record):
        assert stored.deleted_at is not None
        assert stored.text == ""
        assert len(stored.sha256) == 64  # what it was stays known
    proposal.refresh_from_db()
    assert proposal.status == DisposalStatus.EXECUTED and proposal.executed_by_id == kom.pk
    # The history is kept and grows: approvals and disposal, on the record and its files.
    events = record_custody(record=record)
    assert [event.seq for event in events][: len(history_before)] == history_before
    tail = [(event.action, event.target_type) for event in events[len(history_before) :]]
    assert tail == [
        (Action.DISPOSAL_APPROVED, "record"),
        (Action.DISPOSAL_APPROVED, "record"),
        (Action.RECORD_DISPOSED, "file"),
        (Action.RECORD_DISPOSED, "file"),
        (Action.RECORD_DISPOSED, "record"),
    ]
    disposed = AuditEntry.objects.get(action=Action.RECORD_DISPOSED, target_type="record")
    assert disposed.detail == {
        "disposal": proposal.pk,
        "files": 2,
        "approvers": sorted([kom.pk, sek.pk]),
    }
    assert {
        e.detail["sha256"]
        for e in AuditEntry.objects.filter(target_type="file", action=Action.RECORD_DISPOSED)
    } == {first.sha256, second.sha256}
    assert audit_verify().intact
    with pytest.raises(DisposalRefused):
        disposal_execute(user=kom, request_id=proposal.pk)


def test_the_database_refuses_the_same_approver_twice(
    kom: User, sek: User, musnah: Classification
) -> None:
    from django.db import IntegrityError, transaction

    proposal = disposal_request_create(user=kom, record_ids=[_due(kom, musnah).pk])
    DisposalApproval.objects.create(request=proposal, approver=kom)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisposalApproval.objects.create(request=proposal, approver=kom)


def test_a_legal_hold_blocks_request_approval_and_execution(
    kom: User, sek: User, make_user: Callable[..., User], musnah: Classification
) -> None:
    held = _due(sek, musnah, legal_hold=True)
    free = _due(sek, musnah)
    with pytest.raises(DisposalRefused, match="ditahan"):
        disposal_request_create(user=sek, record_ids=[held.pk, free.pk])

    proposal = disposal_request_create(user=sek, record_ids=[free.pk])
    disposal_approve(user=sek, request_id=proposal.pk)
    Record.objects.filter(pk=free.pk).update(legal_hold=True)  # a case opens
    with pytest.raises(DisposalRefused, match="ditahan"):
        disposal_approve(user=kom, request_id=proposal.pk)

    Record.objects.filter(pk=free.pk).update(legal_hold=False)
    disposal_approve(user=kom, request_id=proposal.pk)
    Record.objects.filter(pk=free.pk).update(legal_hold=True)  # after both approvals
    with pytest.raises(DisposalRefused, match="ditahan"):
        disposal_execute(user=kom, request_id=proposal.pk)
    free.refresh_from_db()
    assert free.disposed_at is None
    assert not AuditEntry.objects.filter(action=Action.RECORD_DISPOSED).exists()


def test_only_due_records_with_outcome_musnah(
    kom: User, musnah: Classification, make_user: Callable[..., User]
) -> None:
    keep = Classification.objects.create(
        code="T.PERMANEN", name="Permanen", retention_years=1, retention_outcome="permanen"
    )
    young = make_record(kom, classification=musnah, date=datetime.date.today())
    permanent = _due(kom, keep)
    for record in (young, permanent):
        with pytest.raises(DisposalRefused, match="musnah"):
            disposal_request_create(user=kom, record_ids=[record.pk])
    with pytest.raises(DisposalRefused):
        disposal_request_create(user=kom, record_ids=[])
    # A classification changed after the approvals: execution checks again.
    record = _due(kom, musnah)
    proposal = disposal_request_create(user=kom, record_ids=[record.pk])
    disposal_approve(user=kom, request_id=proposal.pk)
    disposal_approve(user=make_user(Role.SEKRETARIAT), request_id=proposal.pk)
    Record.objects.filter(pk=record.pk).update(classification=keep)
    with pytest.raises(DisposalRefused, match="tidak lagi"):
        disposal_execute(user=kom, request_id=proposal.pk)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PANWASCAM, Role.PKD, Role.PTPS])
def test_other_roles_may_not_propose_approve_or_execute(
    role: str, kom: User, make_user: Callable[..., User], musnah: Classification
) -> None:
    record = _due(kom, musnah)
    proposal = disposal_request_create(user=kom, record_ids=[record.pk])
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        disposal_request_create(user=user, record_ids=[record.pk])
    with pytest.raises(PermissionDenied):
        disposal_approve(user=user, request_id=proposal.pk)
    with pytest.raises(PermissionDenied):
        disposal_execute(user=user, request_id=proposal.pk)
    with pytest.raises(PermissionDenied):
        disposal_request_create(user=User.objects.create_user(f"tanpa-{role}"), record_ids=[1])


def test_a_request_with_a_record_the_approver_does_not_see_does_not_exist_for_them(
    kom: User, sek: User, make_user: Callable[..., User], musnah: Classification
) -> None:
    secret = _due(kom, musnah, access_level=AccessLevel.RAHASIA)
    proposal = disposal_request_create(user=kom, record_ids=[secret.pk])
    with pytest.raises(Http404):
        disposal_get_visible(user=sek, request_id=proposal.pk)
    with pytest.raises(Http404):
        disposal_approve(user=sek, request_id=proposal.pk)
    with pytest.raises(Http404):
        disposal_request_create(user=sek, record_ids=[secret.pk])
    # Another kabupaten's commissioner sees none of Blitar's requests.
    from pengawas.accounts.services import assignment_create
    from pengawas.regions.models import Region

    kota = Region.objects.create(code="35.72", name="Kota Blitar", level="kota", parent_id="35")
    outsider = User.objects.create_user("komisioner-kota")
    assignment_create(user=outsider, role=Role.KOMISIONER, region=kota)
    plain = disposal_request_create(user=kom, record_ids=[_due(kom, musnah).pk])
    with pytest.raises(Http404):
        disposal_get_visible(user=outsider, request_id=plain.pk)


def test_after_disposal_archive_verify_passes_and_the_key_still_rotates(
    kom: User, sek: User, musnah: Classification, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    from pengawas.archive.crypto import key_generate, key_parse
    from pengawas.archive.services_files import archive_key_rotate

    kept = make_record(sek)
    add_file(kept, sek, data=png(5))
    record = _due(sek, musnah)
    add_file(record, sek)
    proposal = disposal_request_create(user=sek, record_ids=[record.pk])
    disposal_approve(user=sek, request_id=proposal.pk)
    disposal_approve(user=kom, request_id=proposal.pk)
    disposal_execute(user=kom, request_id=proposal.pk)
    call_command("archive_verify")  # disposed files are not reported missing
    assert "hilang" not in capsys.readouterr().err.lower()
    archive_key_rotate(new_key=key_parse(key_generate()))
