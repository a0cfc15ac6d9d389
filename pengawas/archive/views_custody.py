"""Evidence bundle download and retention (penyusutan) pages.

Login required (with the second factor, AccountPolicyMiddleware). Bundles: any archive
user, for records they may export (rules.records_exportable); one id they may not export
makes the whole request 404 (a bundle never leaves out silently what was asked for, and the
answer does not tell which ids exist). Retention and disposal: the roles of
rules.can_approve_disposal (Bawaslu commissioners and secretariat); others get 403, and a
disposal request with a record they do not see answers 404.
"""

import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.archive import rules
from pengawas.archive.crypto import ArchiveKeyMissing
from pengawas.archive.models import Record
from pengawas.archive.models_custody import APPROVALS_NEEDED, DisposalStatus
from pengawas.archive.services_custody import (
    BUNDLE_MAX_RECORDS,
    BundleFileCorrupted,
    bundle_write,
    records_for_bundle,
)
from pengawas.archive.services_retention import (
    DisposalRefused,
    disposal_approve,
    disposal_execute,
    disposal_get_visible,
    disposal_request_create,
    disposal_requests_visible,
    retention_report,
)


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views run after jurisdiction_required)."""
    assert isinstance(request.user, User)
    return request.user


def _ids(values: list[str]) -> list[int] | None:
    """Record ids from a form; None if any is not a plain positive number."""
    ids = []
    for value in values:
        if not value.isdigit() or len(value) > 18:
            return None
        ids.append(int(value))
    return ids


@jurisdiction_required(rules.can_use_archive)
@never_cache
@require_POST
def bundle_download(
    request: HttpRequest, jurisdiction: Jurisdiction
) -> HttpResponse | StreamingHttpResponse:
    """POST record=<id> (repeated): the evidence bundle of those records, as a ZIP download.

    The ZIP is written to a temporary file first (its SHA-256 must be in the audit trail
    before it leaves), then streamed from it."""
    ids = _ids(request.POST.getlist("record"))
    if not ids or len(ids) > BUNDLE_MAX_RECORDS:
        return render(
            request,
            "archive/bundle_error.html",
            {
                "message": _("Pilih antara 1 dan %(max)d arsip untuk diekspor.")
                % {"max": BUNDLE_MAX_RECORDS}
            },
            status=400,
        )
    records = records_for_bundle(user=_user(request), record_ids=ids)
    spool = tempfile.TemporaryFile(prefix="bundel-")  # noqa: SIM115 - closed by the response
    try:
        bundle = bundle_write(user=_user(request), records=records, out=spool, request=request)
    except BundleFileCorrupted as error:
        spool.close()
        return render(request, "archive/bundle_error.html", {"message": str(error)}, status=409)
    except ArchiveKeyMissing as error:
        spool.close()
        return render(request, "archive/bundle_error.html", {"message": str(error)}, status=503)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=bundle.filename, content_type="application/zip"
    )
    response["X-Bundle-SHA256"] = bundle.sha256
    return response


def _as_of(text: str | None) -> datetime.date:
    if text:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    return timezone.localdate()


@jurisdiction_required(rules.can_approve_disposal)
@never_cache
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The records due for penyusutan in the user's area, and the disposal requests.
    POST record=<id>… proposes the destruction of those records."""
    if request.method == "POST":
        ids = _ids(request.POST.getlist("record"))
        if not ids:
            messages.error(request, _("Pilih sedikitnya satu arsip yang akan diusulkan."))
            return redirect("archive-retention")
        try:
            proposal = disposal_request_create(
                user=_user(request),
                record_ids=ids,
                as_of=_as_of(request.POST.get("per")),
                note=request.POST.get("catatan", ""),
            )
        except DisposalRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("archive-retention")
        messages.success(request, _("Usulan penyusutan dibuat; perlu dua persetujuan."))
        return redirect("archive-disposal", proposal.pk)
    as_of = _as_of(request.GET.get("per"))
    visible = rules.records_visible(jurisdiction, _user(request).pk, Record.objects.all())
    report = retention_report(as_of=as_of, records=visible)
    proposals = (
        disposal_requests_visible(user=_user(request))
        .select_related("created_by")
        .prefetch_related("approvals__approver")
    )[:50]
    return render(
        request,
        "archive/retention.html",
        {"report": report, "proposals": proposals, "as_of": as_of},
    )


@jurisdiction_required(rules.can_approve_disposal)
@never_cache
@require_http_methods(["GET", "POST"])
def disposal_page(
    request: HttpRequest, jurisdiction: Jurisdiction, disposal_id: int
) -> HttpResponse:
    """One disposal request: its records, approvals and state. POST aksi=setujui (approve)
    or aksi=laksanakan (execute, after two approvals by two different people)."""
    proposal = disposal_get_visible(user=_user(request), request_id=disposal_id)
    if request.method == "POST":
        action = request.POST.get("aksi", "")
        try:
            if action == "setujui":
                disposal_approve(user=_user(request), request_id=proposal.pk, http_request=request)
                messages.success(request, _("Persetujuan Anda tercatat."))
            elif action == "laksanakan":
                result = disposal_execute(
                    user=_user(request), request_id=proposal.pk, http_request=request
                )
                messages.success(
                    request,
                    _("%(records)d arsip dimusnahkan (%(files)d berkas); data pokoknya tetap.")
                    % {"records": result.records, "files": result.files},
                )
                if result.storage_left:
                    messages.warning(
                        request,
                        _(
                            "%(count)d objek penyimpanan belum terhapus (tetap terenkripsi). "
                            "Hubungi administrator."
                        )
                        % {"count": len(result.storage_left)},
                    )
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except DisposalRefused as refusal:
            messages.error(request, refusal.message)
        return redirect("archive-disposal", proposal.pk)
    approvals = list(proposal.approvals.select_related("approver"))
    records = list(
        proposal.records.select_related("classification", "region").order_by("date", "pk")
    )
    approved_by_me = any(approval.approver_id == request.user.pk for approval in approvals)
    pending = proposal.status == DisposalStatus.PENDING
    held = [record for record in records if record.legal_hold]
    return render(
        request,
        "archive/retention_disposal.html",
        {
            "proposal": proposal,
            "records": records,
            "approvals": approvals,
            "approvals_needed": APPROVALS_NEEDED,
            "held": held,
            "can_approve": pending
            and not approved_by_me
            and len(approvals) < APPROVALS_NEEDED
            and not held,
            "can_execute": pending and len(approvals) >= APPROVALS_NEEDED and not held,
        },
    )
