"""The DPT audit from the web: the runs and the form to start one, a run's progress and
findings, and its downloads (JSON, XLSX, PDF).

Login and the audit rule come from views_common.for_audit; a run outside the user's area is
404 (rules_access.runs_visible). Pages show NIK and NKK masked; full values only in the
downloads, each recorded in the audit trail. No personal data in URLs: the filters are a
category, a desa code and a finding id.
"""

import tempfile
from typing import IO, cast
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from pengawas.accounts.roles import Jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt.services.search import nik_mask
from pengawas.dpt_audit.forms_runs import AuditStartForm, FindingFilterForm
from pengawas.dpt_audit.models import AuditRun, Finding, Status
from pengawas.dpt_audit.rules_access import runs_visible
from pengawas.dpt_audit.services import (
    AuditRunRefused,
    audit_run_create,
    audit_run_start,
    findings_page,
    findings_villages,
    run_summary,
)
from pengawas.dpt_audit.views_common import for_audit

RUNS_LISTED = 50
FORMATS = {
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _runs(jurisdiction: Jurisdiction) -> QuerySet[AuditRun]:
    return runs_visible(
        jurisdiction,
        AuditRun.objects.select_related("snapshot__election", "region", "requested_by"),
    )


def _run_visible(jurisdiction: Jurisdiction, run_id: int) -> AuditRun:
    return get_object_or_404(_runs(jurisdiction), pk=run_id)


@never_cache
@for_audit
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The runs the user may see, newest first, and the form that starts one."""
    form = AuditStartForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = audit_run_create(
                user=cast(User, request.user),
                election=data["election"],
                snapshot=data.get("snapshot"),
                region=data.get("region"),
                request=request,
            )
        except AuditRunRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            audit_run_start(run=run)
            return redirect("dpt-audit-run", run.pk)
    runs = [
        {"run": run, "findings": _findings_total(run)} for run in _runs(jurisdiction)[:RUNS_LISTED]
    ]
    return render(request, "dpt_audit/list.html", {"form": form, "runs": runs})


def _findings_total(run: AuditRun) -> int:
    return sum(int(count) for count in (run.summary or {}).values())


def _saran_url(run: AuditRun) -> str:
    try:
        return reverse("dpt-audit-saran", args=[run.pk])
    except NoReverseMatch:  # the saran perbaikan is not installed
        return ""


def _finding_rows(findings: list[Finding]) -> list[dict[str, object]]:
    """What the table shows of each finding: NIK and NKK masked, never in full."""
    rows = []
    for finding in findings:
        voter = finding.voter
        village = finding.village or (finding.tps.village if finding.tps else None)
        rows.append(
            {
                "finding": finding,
                "nik": nik_mask(voter.nik) if voter is not None and voter.nik else "",
                "nkk": nik_mask(finding.nkk) if finding.nkk else "",
                "name": voter.name if voter is not None else "",
                "village": village,
            }
        )
    return rows


@never_cache
@for_audit
@require_GET
def run_page(request: HtmxHttpRequest, jurisdiction: Jurisdiction, run_id: int) -> HttpResponse:
    """A run: its progress while it runs (the page asks again every 2 s), then its summary,
    the rules it could not run, and its findings a page at a time."""
    run = _run_visible(jurisdiction, run_id)
    context: dict[str, object] = {"run": run, "done": run.status == Status.DONE}
    if run.status == Status.DONE:
        villages = findings_villages(run=run)
        filters = FindingFilterForm(request.GET, villages=villages)
        data = filters.cleaned_data if filters.is_valid() else {}
        category = data.get("category") or ""
        desa = data.get("desa") or ""
        page = findings_page(
            run=run, category=category or None, village_code=desa or None, after=data.get("after")
        )
        chosen = {key: value for key, value in (("category", category), ("desa", desa)) if value}
        filtered = Finding.objects.filter(run=run)
        if category:
            filtered = filtered.filter(category=category)
        if desa:
            filtered = filtered.filter(village_id=desa)
        context |= {
            "summary": run_summary(run=run),
            "total": _findings_total(run),
            "filters": filters,
            "category": category,
            "desa": desa,
            "rows": _finding_rows(page.findings),
            "next_query": urlencode(chosen | {"after": page.next_after}) if page.next_after else "",
            "first_query": urlencode(chosen) if data.get("after") else None,
            "filter_count": filtered.count(),
            "saran_url": _saran_url(run),
        }
    template = "dpt_audit/run.html"
    if request.htmx and request.htmx.target == "run-body":
        template += "#run-body"
    return render(request, template, context)


@never_cache
@for_audit
@require_GET
def run_download(
    request: HttpRequest, jurisdiction: Jurisdiction, run_id: int, fmt: str
) -> HttpResponse:
    """The run's findings with full NIK and NKK, as a file; recorded in the audit trail."""
    if fmt not in FORMATS:
        raise Http404
    run = _run_visible(jurisdiction, run_id)
    if run.status != Status.DONE:
        return HttpResponse(
            _("Audit belum selesai: unduhan tersedia setelah audit selesai."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    content_type, extension = FORMATS[fmt]
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    if fmt == "json":
        from io import TextIOWrapper

        from pengawas.dpt_audit.report_json import findings_json

        text = TextIOWrapper(out, encoding="utf-8", write_through=True)
        findings_json(run=run, out=text)
        text.flush()
        text.detach()
    elif fmt == "xlsx":
        from pengawas.dpt_audit.report_xlsx import findings_xlsx

        findings_xlsx(run=run, out=out)
    else:
        from pengawas.dpt_audit.report_pdf import findings_pdf

        findings_pdf(run=run, out=out)
    size = out.tell()
    out.seek(0)
    audit_record(
        action=Action.DPT_AUDIT_EXPORTED,
        request=request,
        target_type="dpt_audit_run",
        target_id=str(run.pk),
        target_label=f"{run.snapshot.election.code} {run.snapshot.stage} #{run.snapshot_id}",
        detail={
            "format": fmt,
            "findings": _findings_total(run),
            "bytes": size,
        },
    )
    filename = f"audit-dpt-{run.snapshot.election.code}-{run.pk}.{extension}"
    response = FileResponse(
        cast(IO[bytes], out), as_attachment=True, filename=filename, content_type=content_type
    )
    return cast(
        HttpResponse, response
    )  # a streaming response; for_audit types views as HttpResponse
