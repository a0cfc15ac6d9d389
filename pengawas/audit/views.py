"""The audit page for Bawaslu and its CSV export (login required; rules.can_view_audit).

Reading the unfiltered page records nothing: it is Bawaslu's routine view of its own
installation, and recording every visit would bury the events the log is for. Choosing
filters (looking into one user, one action or one object) records AUDIT_VIEWED once for
each new set of filters, paging through them does not: who investigated whom is itself
worth knowing. Every export records AUDIT_EXPORTED.
"""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.forms import AuditFilterForm
from pengawas.audit.models import AuditEntry, chain_time
from pengawas.audit.rules import can_view_audit
from pengawas.audit.selectors import AuditFilters, audit_entries, audit_page
from pengawas.audit.services import audit_record

_LAST_FILTERS = "audit_last_filters"
EXPORT_CHUNK = 2000


def _require_audit_reader(request: HttpRequest) -> None:
    if not can_view_audit(user_jurisdiction(user=request.user)):
        raise PermissionDenied


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


@never_cache
@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    _require_audit_reader(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilters()
    before = _cursor(request.GET.get("sebelum"))
    if filters and before is None:
        _record_new_filters(request, filters)
    page = audit_page(entries=audit_entries(filters=filters), before=before)
    query = request.GET.copy()
    query.pop("sebelum", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "filter_query": query.urlencode(), "filters": filters},
    )


def _record_new_filters(request: HttpRequest, filters: AuditFilters) -> None:
    detail = filters.as_detail()
    key = "&".join(f"{name}={value}" for name, value in sorted(detail.items()))
    if request.session.get(_LAST_FILTERS) == key:
        return
    request.session[_LAST_FILTERS] = key
    audit_record(action=Action.AUDIT_VIEWED, request=request, target_type="audit", detail=detail)


@never_cache
@login_required
@require_POST
def audit_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered log as CSV, oldest first (chain order).

    It carries every hashed field (the UTC time to the microsecond, the actor's id), so an
    auditor can recompute the hashes outside Pengawas; cells that a spreadsheet would run
    as a formula get a leading apostrophe.
    """
    _require_audit_reader(request)
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "audit/list.html",
            {"form": form, "page": None, "filter_query": "", "filters": AuditFilters()},
            status=400,
        )
    filters = form.filters()
    audit_record(
        action=Action.AUDIT_EXPORTED,
        request=request,
        target_type="audit",
        detail=filters.as_detail(),
    )
    entries = audit_entries(filters=filters).order_by("seq")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{stamp}.csv"'
    return response


CSV_HEADER = [
    "seq",
    "waktu",
    "waktu_utc",
    "id_pengguna",
    "pengguna",
    "tindakan",
    "jenis_objek",
    "id_objek",
    "objek",
    "alamat",
    "rincian",
    "prev_hash",
    "hash",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(entries: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # a BOM: spreadsheets then read UTF-8
    entry: AuditEntry
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(
            [
                entry.seq,
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                chain_time(entry.at),
                entry.actor_id or "",
                _cell(entry.actor_label),
                entry.action,
                _cell(entry.target_type),
                _cell(entry.target_id),
                _cell(entry.target_label),
                _cell(entry.address),
                _cell(entry.detail_text),
                entry.prev_hash,
                entry.hash,
            ]
        )
