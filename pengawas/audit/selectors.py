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
    entries = AuditEntry.objects.all()
    if filters.username:
        entries = entries.filter(actor_label=filters.username)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.date_from:
        entries = entries.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.target_id:
        entries = entries.filter(target_id=filters.target_id)
    return entries.order_by("-seq")


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
