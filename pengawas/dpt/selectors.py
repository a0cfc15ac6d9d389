"""Reads of the voter lists that several views share."""

import datetime

from pengawas.dpt.models import STAGE_ORDER, Snapshot
from pengawas.elections.models import Election


def snapshot_rank(snapshot: Snapshot) -> tuple[int, datetime.datetime, int]:
    """Which snapshot an election stands on: the latest stage, then the latest import."""
    return (STAGE_ORDER[snapshot.stage], snapshot.imported_at, snapshot.pk)


def snapshot_current(*, election: Election) -> Snapshot | None:
    """The list the election stands on now."""
    return max(election.snapshots.all(), key=snapshot_rank, default=None)


def snapshots_public() -> list[Snapshot]:
    """The current snapshot of every election that has one, newest voting day first.

    One query: the snapshots table holds a few rows per election.
    """
    current: dict[int, Snapshot] = {}
    for snapshot in Snapshot.objects.select_related("election"):
        best = current.get(snapshot.election_id)
        if best is None or snapshot_rank(snapshot) > snapshot_rank(best):
            current[snapshot.election_id] = snapshot
    return sorted(
        current.values(),
        key=lambda s: (-s.election.voting_day.toordinal(), s.election.code),
    )
