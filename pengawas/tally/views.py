"""The C.Hasil-KWK pages: the PTPS's sheet, the TPS view with double entry, the check shown
while typing (htmx), the photo, and the paslon of an election. Every view asks tally/rules.py.

The pages work without JavaScript: the form posts figures and photo; findings come back on
the page. With JavaScript, htmx posts the figures to the check on every change, and tally.js
shrinks the photo on the phone before it is sent.
"""

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.elections.models import Tps
from pengawas.tally import rules
from pengawas.tally.checks import sheet_check, sheet_differences
from pengawas.tally.forms import client_uuid_from, form_groups, form_values, sheet_from_post
from pengawas.tally.models import Entry, ResultSheet
from pengawas.tally.services import (
    PhotoRefused,
    candidates_of,
    photo_prepare,
    sheet_save,
    sheet_statuses,
    sheets_of,
    status_of,
)

LIST_LIMIT = 300


for_tally = jurisdiction_required(rules.can_use_tally)


def _tps_or_404(jurisdiction: Jurisdiction, tps_id: int) -> Tps:
    visible = rules.tps_of(jurisdiction, Tps.objects.select_related("election", "village"))
    return get_object_or_404(visible, pk=tps_id)


def _paslon(tps: Tps) -> list[tuple[str, str]]:
    return [(str(c.number), c.name) for c in candidates_of(election=tps.election)]


def _form_context(
    tps: Tps, sheet: dict[str, Any] | None, *, findings: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    paslon = _paslon(tps)
    values = form_values(sheet, kind=tps.election.kind, paslon=[n for n, _name in paslon])
    return {
        "groups": form_groups(kind=tps.election.kind, paslon=paslon, values=values),
        "no_paslon": not paslon,
        "findings": findings,
        "client_uuid": uuid.uuid4(),
        "check_url": reverse("tally-check", args=[tps.pk]),
    }


def _post_entry(
    request: HttpRequest, tps: Tps, entry: str, page: str
) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Store a posted sheet; a redirect when stored, else the form again with its errors."""
    paslon = [n for n, _name in _paslon(tps)]
    data = sheet_from_post(request.POST, kind=tps.election.kind, paslon=paslon)
    client_uuid = client_uuid_from(request.POST)
    context = _form_context(tps, data, findings=[f.as_dict() for f in sheet_check(data)])
    if client_uuid is None:
        context["form_error"] = _("Formulir tidak lengkap: muat ulang halaman lalu kirim lagi.")
        return None, context
    context["client_uuid"] = client_uuid
    photo = request.FILES.get("photo")
    prepared = None
    if photo is not None:
        try:
            prepared = photo_prepare(photo, size=photo.size)
        except PhotoRefused as refused:
            context["photo_error"] = refused.messages[0]
            return None, context
    _sheet, stored = sheet_save(
        user=cast(User, request.user),
        tps=tps,
        entry=entry,
        data=data,
        client_uuid=client_uuid,
        photo=prepared,
        request=request,
    )
    if stored:
        messages.success(request, _("Lembar C.Hasil tersimpan."))
    else:
        messages.info(request, _("Lembar ini sudah diterima sebelumnya; tidak disimpan dua kali."))
    if request.headers.get("X-Tally-Sync") == "1":
        # Sent by tally.js (perhaps long after it was filled in): it opens the page itself.
        return JsonResponse({"stored": stored, "url": page}), context
    return redirect(page), context


def _sheet_view(sheet: ResultSheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None
    return {
        "sheet": sheet,
        "findings": sheet.findings,
        "photo_url": reverse("tally-photo", args=[sheet.tps_id, sheet.entry])
        if sheet.photo
        else "",
    }


@require_http_methods(["GET", "POST"])
@for_tally
def sheet_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The PTPS: the sheet of their TPS. Everyone else: the TPS of their area and their state."""
    if not rules.can_enter_own_sheet(jurisdiction):
        if request.method == "POST":
            raise PermissionDenied
        return _tps_list(request, jurisdiction)
    tps = _tps_or_404(jurisdiction, cast(int, jurisdiction.tps_id))
    page = reverse("tally-sheet")
    status = 200
    if request.method == "POST":
        response, context = _post_entry(request, tps, Entry.PTPS, page)
        if response is not None:
            return response
        status = 400
    else:
        own = sheets_of(tps=tps).get(Entry.PTPS)
        context = _form_context(tps, own.data if own else None)
        context["stored"] = _sheet_view(own)
    context.update({"tps": tps, "entry": Entry.PTPS})
    return render(request, "tally/sheet.html", context, status=status)


def _tps_list(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    visible = rules.tps_of(jurisdiction, Tps.objects.select_related("village", "election"))
    desa = request.GET.get("desa", "").strip()
    if desa:
        visible = visible.filter(village_id=desa)
    rows = list(visible.order_by("village_id", "number")[: LIST_LIMIT + 1])
    statuses = sheet_statuses(tps_ids=[tps.pk for tps in rows[:LIST_LIMIT]])
    return render(
        request,
        "tally/tps_list.html",
        {
            "rows": [(tps, statuses[tps.pk]) for tps in rows[:LIST_LIMIT]],
            "more": len(rows) > LIST_LIMIT,
            "desa": desa,
            "can_manage_candidates": rules.can_manage_candidates(jurisdiction),
        },
    )


@require_http_methods(["GET", "POST"])
@for_tally
def tps_page(request: HttpRequest, jurisdiction: Jurisdiction, tps_id: int) -> HttpResponse:
    """A TPS's sheets: the PTPS's entry read-only, the PKD's own entry, their differences."""
    tps = _tps_or_404(jurisdiction, tps_id)
    if rules.can_enter_own_sheet(jurisdiction):
        return redirect("tally-sheet")
    may_enter = rules.can_enter_second_sheet(jurisdiction)
    page = reverse("tally-tps", args=[tps.pk])
    status = 200
    sheets = sheets_of(tps=tps)
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        response, context = _post_entry(request, tps, Entry.PKD, page)
        if response is not None:
            return response
        status = 400
    else:
        own = sheets.get(Entry.PKD)
        context = _form_context(tps, own.data if own else None) if may_enter else {}
    ptps, pkd = sheets.get(Entry.PTPS), sheets.get(Entry.PKD)
    context.update(
        {
            "tps": tps,
            "entry": Entry.PKD,
            "may_enter": may_enter,
            "ptps": _sheet_view(ptps),
            "pkd": _sheet_view(pkd),
            "status": status_of(sheets),
            "differences": sheet_differences(ptps.data, pkd.data) if ptps and pkd else [],
        }
    )
    return render(request, "tally/tps.html", context, status=status)


@require_POST
@for_tally
def check(request: HttpRequest, jurisdiction: Jurisdiction, tps_id: int) -> HttpResponse:
    """The findings for the figures typed so far (htmx partial; no data is stored)."""
    tps = _tps_or_404(jurisdiction, tps_id)
    paslon = [n for n, _name in _paslon(tps)]
    data = sheet_from_post(request.POST, kind=tps.election.kind, paslon=paslon)
    findings = [finding.as_dict() for finding in sheet_check(data)]
    return render(request, "tally/_findings.html", {"findings": findings, "live": True})


@require_GET
@for_tally
def photo(
    request: HttpRequest, jurisdiction: Jurisdiction, tps_id: int, entry: str
) -> HttpResponseBase:
    tps = _tps_or_404(jurisdiction, tps_id)
    sheet = sheets_of(tps=tps).get(entry)
    if sheet is None or not sheet.photo or not default_storage.exists(sheet.photo):
        raise Http404
    response = FileResponse(default_storage.open(sheet.photo, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
