"""audit_verify finds the first entry edited, deleted or reordered, on both engines.

On PostgreSQL the tampering switches the trigger off first, as a DBA (the table's owner)
could; on SQLite there is no trigger to switch.
"""

import io
import json
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command

from pengawas.audit.models import AuditEntry, entry_digest
from pengawas.audit.verify import Anchor, BreakKind, audit_verify

Tamper = Callable[..., None]


def test_an_intact_chain_is_reported_whole(entries: list[AuditEntry]) -> None:
    result = audit_verify(chunk_size=2)  # several chunks
    assert result.intact
    assert (result.checked, result.last_seq, result.last_hash) == (6, 6, entries[-1].hash)
    assert result.summary == (
        f"Jejak audit utuh: 6 entri diperiksa; terakhir seq 6, hash {entries[-1].hash}."
    )


def test_an_empty_log_is_intact(db: None) -> None:
    result = audit_verify()
    assert result.intact and result.checked == 0 and result.last_seq is None
    assert result.summary == "Jejak audit kosong: belum ada entri."


def test_an_edited_field_is_found(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("UPDATE {table} SET target_label = 'ptps-lain' WHERE seq = 3")
    result = audit_verify()
    assert (result.kind, result.seq, result.checked) == (BreakKind.EDITED, 3, 2)
    assert "seq 3 telah diubah" in result.message


def test_an_edited_detail_is_found(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("UPDATE {table} SET detail = %s WHERE seq = 5", ['{"role": "pkd", "number": 5}'])
    assert (audit_verify().kind, audit_verify().seq) == (BreakKind.EDITED, 5)


def test_an_edited_hash_is_found(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("UPDATE {table} SET hash = %s WHERE seq = 4", ["f" * 64])
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.EDITED, 4)


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(
    entries: list[AuditEntry], tamper: Tamper
) -> None:
    forged = AuditEntry.objects.get(seq=3)
    forged.target_label = "ptps-lain"
    tamper(
        "UPDATE {table} SET target_label = %s, hash = %s WHERE seq = 3",
        ["ptps-lain", forged.compute_hash()],
    )
    result = audit_verify()
    # Entry 3 is consistent in itself; entry 4 points at a hash no entry has any more.
    assert (result.kind, result.seq) == (BreakKind.DELETED, 4)


def test_a_deleted_entry_is_found(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("DELETE FROM {table} WHERE seq = 3")
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.DELETED, 3)
    assert result.message == "Rantai audit rusak: entri seq 3 telah dihapus."


def test_several_deleted_entries_are_named(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("DELETE FROM {table} WHERE seq IN (2, 3, 4)")
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.DELETED, 2)
    assert "seq 2 sampai 4 telah dihapus" in result.message


def test_a_deleted_first_entry_is_found(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("DELETE FROM {table} WHERE seq = 1")
    assert (audit_verify().kind, audit_verify().seq) == (BreakKind.DELETED, 1)


def test_a_deletion_hidden_by_renumbering_is_found(
    entries: list[AuditEntry], tamper: Tamper
) -> None:
    tamper("DELETE FROM {table} WHERE seq = 3")
    for seq in (4, 5, 6):
        tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [seq - 1, seq])
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.DELETED, 3)
    assert "sebelum seq 3 telah dihapus" in result.message


def test_swapped_entries_are_found_as_reordered(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("UPDATE {table} SET seq = 1000 WHERE seq = 3")
    tamper("UPDATE {table} SET seq = 3 WHERE seq = 4")
    tamper("UPDATE {table} SET seq = 4 WHERE seq = 1000")
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.REORDERED, 3)
    assert "urutan diubah di seq 3 (entri ini tercatat sesudah entri yang kini bernomor seq 4" in (
        result.message
    )


def test_reordered_entries_with_recomputed_hashes_are_found(
    entries: list[AuditEntry], tamper: Tamper
) -> None:
    # A cleverer tamperer swaps two entries and gives each the hash of its new place.
    third, fourth = AuditEntry.objects.get(seq=3), AuditEntry.objects.get(seq=4)
    tamper("DELETE FROM {table} WHERE seq IN (3, 4)")
    for entry, seq in ((fourth, 3), (third, 4)):
        payload = entry.chain_payload(seq=seq)
        tamper(
            "INSERT INTO {table} (seq, at, actor_id, actor_label, action, target_type, "
            "target_id, target_label, address, detail, prev_hash, hash) "
            "VALUES (%s, %s, NULL, '', %s, %s, %s, %s, '', %s, %s, %s)",
            [
                seq,
                entry.at,
                entry.action,
                entry.target_type,
                entry.target_id,
                entry.target_label,
                json.dumps(entry.detail),
                entry.prev_hash,
                entry_digest(payload),
            ],
        )
    assert AuditEntry.objects.get(seq=3).compute_hash() == AuditEntry.objects.get(seq=3).hash
    result = audit_verify()
    assert (result.kind, result.seq) == (BreakKind.REORDERED, 3)
    assert "yang tercatat sesudah seq 2 kini bernomor seq 4" in result.message


def test_an_anchor_finds_entries_cut_off_the_end(entries: list[AuditEntry], tamper: Tamper) -> None:
    anchor = Anchor(seq=6, hash=entries[-1].hash)
    assert audit_verify(anchor=anchor).intact
    tamper("DELETE FROM {table} WHERE seq IN (5, 6)")
    assert audit_verify().intact  # a plain chain cannot tell
    result = audit_verify(anchor=anchor)
    assert (result.kind, result.seq) == (BreakKind.DELETED, 5)
    assert "seq 5 sampai 6 telah dihapus" in result.message


def test_an_anchor_finds_a_rewritten_chain(entries: list[AuditEntry], tamper: Tamper) -> None:
    anchor = Anchor.parse(f"4:{entries[3].hash}")
    tamper("UPDATE {table} SET hash = %s WHERE seq = 4", ["0" * 64])
    result = audit_verify(anchor=anchor)
    assert result.kind == BreakKind.EDITED and result.seq == 4


def test_anchor_text_is_checked() -> None:
    with pytest.raises(ValueError):
        Anchor.parse("x:abc")
    assert Anchor.parse("7:" + "A" * 64) == Anchor(seq=7, hash="a" * 64)


def test_the_command_prints_the_summary_and_exits_0(entries: list[AuditEntry]) -> None:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().strip() == (
        f"Jejak audit utuh: 6 entri diperiksa; terakhir seq 6, hash {entries[-1].hash}."
    )


def test_the_command_exits_1_naming_the_break(entries: list[AuditEntry], tamper: Tamper) -> None:
    tamper("DELETE FROM {table} WHERE seq = 2")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "Rantai audit rusak: entri seq 2 telah dihapus." in err.getvalue()
    assert "1 entri pertama utuh" in err.getvalue()


def test_the_command_checks_an_anchor(entries: list[AuditEntry]) -> None:
    out = io.StringIO()
    call_command("audit_verify", "--anchor", f"6:{entries[-1].hash}", stdout=out)
    assert "utuh" in out.getvalue()
    with pytest.raises(CommandError, match="Jangkar tidak sah"):
        call_command("audit_verify", "--anchor", "enam")
    with pytest.raises(SystemExit):
        call_command("audit_verify", "--anchor", f"9:{entries[-1].hash}", stderr=io.StringIO())
