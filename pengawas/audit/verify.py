"""Checking the hash chain: audit_verify finds the first entry edited, deleted or reordered.

It reads the log in seq order a chunk at a time (never the whole table in memory) and, for
each entry, checks three things: its seq follows the previous one (a gap: deleted), its
prev_hash is the previous entry's hash (if not, the entry it points to was deleted, or it
now stands somewhere else: reordered), and its hash is what its fields hash to (if not:
edited). The messages stay in Bahasa Indonesia, as all command-line output does.

A hash chain without a key shows every change made row by row, but not a chain rewritten
from some point to the end, nor entries cut off the end. Keep the line audit_verify prints
(the last seq and hash) somewhere else, e.g. in the minutes of a meeting, and pass it back
as the anchor: then those are found too.
"""

import enum
from dataclasses import dataclass

from pengawas.audit.models import GENESIS_HASH, AuditEntry

# How far forward a renumbered entry's original seq is looked for (deleted entries before
# it, and the rest renumbered to hide the gap).
RENUMBER_SEARCH = 1000


class BreakKind(enum.StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class Anchor:
    """A (seq, hash) pair written down earlier: the chain must still pass through it."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError("anchor must be SEQ:HASH (a seq and 64 hex digits)")
        return cls(seq=int(seq), hash=digest.lower())


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    last_seq: int | None
    last_hash: str
    kind: BreakKind | None = None
    seq: int | None = None  # where the chain breaks
    message: str = ""

    @property
    def intact(self) -> bool:
        return self.kind is None

    @property
    def summary(self) -> str:
        if not self.intact:
            return self.message
        if self.last_seq is None:
            return "Jejak audit kosong: belum ada entri."
        return (
            f"Jejak audit utuh: {self.checked} entri diperiksa; "
            f"terakhir seq {self.last_seq}, hash {self.last_hash}."
        )


def audit_verify(*, chunk_size: int = 2000, anchor: Anchor | None = None) -> VerifyResult:
    """Recompute the chain in seq order and report its first break (or that it is intact)."""
    expected_seq, expected_prev = 1, GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        found = _check(entry, expected_seq=expected_seq, expected_prev=expected_prev)
        if found is not None:
            kind, seq, message = found
            return _broken(checked, expected_seq - 1, expected_prev, kind, seq, message)
        if anchor is not None and entry.seq == anchor.seq and entry.hash != anchor.hash:
            return _broken(
                checked,
                expected_seq - 1,
                expected_prev,
                BreakKind.EDITED,
                entry.seq,
                f"Rantai audit rusak: entri seq {entry.seq} tidak cocok dengan jangkar yang "
                "dicatat; rantai telah ditulis ulang sampai atau sebelum entri ini.",
            )
        checked += 1
        expected_seq, expected_prev = entry.seq + 1, entry.hash
    last_seq = expected_seq - 1 if checked else None
    if anchor is not None and (last_seq or 0) < anchor.seq:
        return _broken(
            checked,
            last_seq,
            expected_prev,
            BreakKind.DELETED,
            expected_seq,
            f"Rantai audit rusak: entri seq {expected_seq} sampai {anchor.seq} telah dihapus "
            "(jangkar yang dicatat lebih panjang dari rantai).",
        )
    return VerifyResult(checked=checked, last_seq=last_seq, last_hash=expected_prev)


def _broken(
    checked: int,
    last_seq: int | None,
    last_hash: str,
    kind: BreakKind,
    seq: int,
    message: str,
) -> VerifyResult:
    return VerifyResult(
        checked=checked,
        last_seq=last_seq or None,
        last_hash=last_hash,
        kind=kind,
        seq=seq,
        message=message,
    )


def _check(
    entry: AuditEntry, *, expected_seq: int, expected_prev: str
) -> tuple[BreakKind, int, str] | None:
    """The break at this entry (kind, seq, message), or None when it follows correctly."""
    seq = entry.seq
    if seq != expected_seq:  # seq is unique and read in order: a gap
        missing = (
            f"seq {expected_seq}"
            if seq == expected_seq + 1
            else f"seq {expected_seq} sampai {seq - 1}"
        )
        return (
            BreakKind.DELETED,
            expected_seq,
            f"Rantai audit rusak: entri {missing} telah dihapus.",
        )
    intact = entry.compute_hash() == entry.hash
    if entry.prev_hash == expected_prev:
        if intact:
            return None
        return (
            BreakKind.EDITED,
            seq,
            (f"Rantai audit rusak: entri seq {seq} telah diubah (hash isinya tidak cocok)."),
        )
    # It was not recorded after the entry before it. Whether the entries around it still
    # exist elsewhere tells a move from a deletion (two scans, only once, at the break).
    pointed = AuditEntry.objects.filter(hash=entry.prev_hash).values_list("seq", flat=True)
    if (pointed_seq := pointed.first()) is not None:
        return (
            BreakKind.REORDERED,
            seq,
            (
                f"Rantai audit rusak: urutan diubah di seq {seq} (entri ini tercatat sesudah "
                f"entri yang kini bernomor seq {pointed_seq}, bukan sesudah seq {seq - 1})."
            ),
        )
    follower = (
        AuditEntry.objects.filter(prev_hash=expected_prev)
        .exclude(seq=seq)
        .values_list("seq", flat=True)
    )
    if (follower_seq := follower.first()) is not None:
        return (
            BreakKind.REORDERED,
            seq,
            (
                f"Rantai audit rusak: urutan diubah di seq {seq} (entri yang tercatat sesudah "
                f"seq {seq - 1} kini bernomor seq {follower_seq})."
            ),
        )
    if intact or _renumbered(entry):
        return (
            BreakKind.DELETED,
            seq,
            (
                f"Rantai audit rusak: entri sebelum seq {seq} telah dihapus (entri yang "
                "ditunjuknya tidak ada lagi)."
            ),
        )
    return BreakKind.EDITED, seq, f"Rantai audit rusak: entri seq {seq} telah diubah."


def _renumbered(entry: AuditEntry) -> bool:
    """Whether the entry is intact under a later seq: moved down after a deletion."""
    return any(
        entry.compute_hash(seq=original) == entry.hash
        for original in range(entry.seq + 1, entry.seq + 1 + RENUMBER_SEARCH)
    )
