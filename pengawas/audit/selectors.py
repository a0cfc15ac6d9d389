"""Reading the audit trail: filters and pages, newest first, without COUNT."""

import datetime
import zoneinfo
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import QuerySet

from pengawas.audit.models import AuditEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    action: str = ""
    date_from: datetime.date | None = None  # days in Asia/Jakarta (settings.TIME_ZONE)
    date_to: datetime.date | None = None  # inclusive
    target_type: str = ""
    target_id: str = ""

    def __bool__(self) -> bool:
        return any(asdict(self).values())

    def as_detail(self) -> dict[str, str]:
        """The filters as an audit entry's detail (only those chosen)."""
        return {key: str(value) for key, value in asdict(self).items() if value}


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, zoneinfo.ZoneInfo(settings.TIME_ZONE))


def audit_entries(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries matching the filters, newest first. Each filter has its index (models.py)."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if filters.username:
        entries = entries.filter(actor_label=filters.username)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from or filters.date_to:
        entries = _within_days(entries, filters.date_from, filters.date_to)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.target_id:
        entries = entries.filter(target_id=filters.target_id)
    return entries.order_by("-seq")


def _within_days(
    entries: QuerySet[AuditEntry], first: datetime.date | None, last: datetime.date | None
) -> QuerySet[AuditEntry]:
    """Entries of these days (inclusive), as a range of seq.

    Time never runs backwards along the chain (audit_record), so the entries of a period
    are those between the first entry at or after its start and the last one before its
    end. Two probes of the (at, seq) index find them; the page then walks the primary key
    from there, instead of walking back from the newest entry to the period.
    """
    seqs = AuditEntry.objects.values_list("seq", flat=True)
    if first is not None:
        low = seqs.filter(at__gte=_day_start(first)).order_by("at", "seq").first()
        if low is None:
            return entries.none()
        entries = entries.filter(seq__gte=low)
    if last is not None:
        end = _day_start(last + datetime.timedelta(days=1))
        high = seqs.filter(at__lt=end).order_by("-at", "-seq").first()
        if high is None:
            return entries.none()
        entries = entries.filter(seq__lte=high)
    return entries


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    before: int | None  # the cursor this page was read from (None: the newest)
    next_before: int | None  # the cursor of the next (older) page, None when none


def audit_page(
    *, entries: QuerySet[AuditEntry], before: int | None, size: int = PAGE_SIZE
) -> AuditPage:
    """One page of entries with seq below `before` (keyset: no COUNT, no OFFSET)."""
    if before is not None:
        entries = entries.filter(seq__lt=before)
    rows = list(entries[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return AuditPage(entries=rows, before=before, next_before=rows[-1].seq if more else None)
