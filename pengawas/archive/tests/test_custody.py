"""record_custody: a record's chain of custody read from the audit trail, and its partial."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string

from pengawas.accounts.roles import Role
from pengawas.archive.services_custody import record_custody
from pengawas.archive.tests.test_custody_support import add_file, make_record, png
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.audit.services import audit_record

pytestmark = pytest.mark.usefixtures("archive_key")


def test_custody_is_every_entry_on_the_record_and_its_files_oldest_first(
    make_user: Callable[..., User],
) -> None:
    author = make_user(Role.PANWASCAM, username="pwc-wonodadi")
    reader = make_user(Role.KOMISIONER, username="komisioner-blitar")
    record = make_record(author)
    other = make_record(author, title="Arsip lain")
    audit_record(
        action=Action.RECORD_CREATED, actor=author, target_type="record", target_id=str(record.pk)
    )
    first = add_file(record, author, data=png(1), name="Foto TPS.png")
    add_file(other, author, data=png(3))  # another record's file: not in this chain
    audit_record(
        action=Action.FILE_DOWNLOADED,
        actor=reader,
        target_type="file",
        target_id=str(first.pk),
        detail={"sha256": first.sha256, "file": first.pk, "version": 1},
    )
    second = add_file(record, author, data=png(2), name="Foto TPS.png", replaces=first)
    audit_record(
        action=Action.RECORD_VIEWED, actor=reader, target_type="record", target_id=str(record.pk)
    )

    events = record_custody(record=record)

    assert [event.action for event in events] == [
        Action.RECORD_CREATED,
        Action.FILE_ADDED,
        Action.FILE_DOWNLOADED,
        Action.FILE_ADDED,
        Action.RECORD_VIEWED,
    ]
    seqs = [event.seq for event in events]
    assert seqs == sorted(seqs)
    assert [event.actor for event in events] == [
        "pwc-wonodadi",
        "pwc-wonodadi",
        "komisioner-blitar",
        "pwc-wonodadi",
        "komisioner-blitar",
    ]
    downloaded, replaced = events[2], events[3]
    assert (downloaded.file_id, downloaded.sha256, downloaded.version) == (
        first.pk,
        first.sha256,
        1,
    )
    assert (replaced.file_id, replaced.sha256, replaced.version) == (
        second.pk,
        second.sha256,
        2,
    )
    assert replaced.file_name.startswith("Foto")
    assert events[0].file_id is None and events[0].sha256 == ""
    # Each event is the audit entry itself: its seq and hash can be checked with audit_verify.
    for event in events:
        entry = AuditEntry.objects.get(seq=event.seq)
        assert event.hash == entry.hash == entry.compute_hash()
        assert event.at == entry.at
        assert event.at_wib.endswith(" WIB")
    as_json = events[2].as_json()
    assert as_json["sha256"] == first.sha256 and as_json["at"].endswith("+00:00")


def test_the_files_row_supplies_a_hash_the_entry_lacks(make_user: Callable[..., User]) -> None:
    """An entry without the hash (written by an older version, or by hand) still shows the
    file's hash, from its row; a hash holding 16 digits is kept whole by the trail."""
    author = make_user(Role.SEKRETARIAT)
    record = make_record(author)
    stored = add_file(record, author)
    bare = audit_record(
        action=Action.FILE_VIEWED,
        actor=author,
        target_type="file",
        target_id=str(stored.pk),
        detail={"file": stored.pk},
    )
    digits = "ab" + "1234567890123456" + "c" * 46
    kept = audit_record(
        action=Action.FILE_VIEWED, actor=author, target_type="file", target_id=str(stored.pk),
        detail={"sha256": digits, "file": stored.pk},
    )  # fmt: skip
    assert kept.detail["sha256"] == digits
    viewed = {event.seq: event for event in record_custody(record=record)}
    assert viewed[bare.seq].sha256 == stored.sha256 and viewed[bare.seq].version == 1
    assert viewed[kept.seq].sha256 == digits


def test_a_record_without_files_or_events(make_user: Callable[..., User]) -> None:
    record = make_record(make_user(Role.PKD))
    assert record_custody(record=record) == []
    html = render_to_string("archive/custody_events.html", {"events": []})
    assert "Belum ada kejadian" in html


def test_the_partial_shows_who_what_when_and_the_hashes(make_user: Callable[..., User]) -> None:
    author = make_user(Role.PTPS, username="ptps-jaten-001")
    record = make_record(author)
    stored = add_file(record, author)
    events = record_custody(record=record)
    html = render_to_string("archive/custody_events.html", {"events": events})
    assert "ptps-jaten-001" in html
    assert stored.sha256 in html
    assert events[0].hash in html
    assert "WIB" in html
