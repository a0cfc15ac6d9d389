"""Reads of the voter lists that several views share."""

from django.db.models import QuerySet

from pengawas.dpt.models import STAGE_ORDER, Snapshot
from pengawas.elections.models import Election


def snapshot_current(*, election: Election) -> Snapshot | None:
    """The list the election stands on now: the latest stage, and within it the latest import."""
    snapshots = list(election.snapshots.all())
    if not snapshots:
        return None
    return max(snapshots, key=lambda s: (STAGE_ORDER[s.stage], s.imported_at, s.pk))


def snapshots_public() -> list[Snapshot]:
    """The current snapshot of every election that has one, for the public Cek DPT."""
    current = (
        snapshot_current(election=election)
        for election in Election.objects.prefetch_related("snapshots").select_related("region")
    )
    return [snapshot for snapshot in current if snapshot is not None]


def snapshots_of(*, election: Election) -> QuerySet[Snapshot]:
    return election.snapshots.order_by("-imported_at")
