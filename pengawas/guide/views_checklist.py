"""The PTPS's checklist for their own TPS: a page that works without JavaScript (one form per
item), enhanced by guide-checklist.js to keep marks on the phone and sync them, and the JSON
endpoint it syncs with. Only the TPS's own PTPS keeps it (guide/rules.py)."""

import json
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.elections.models import Tps
from pengawas.guide import rules
from pengawas.guide.models import ChecklistMark, Edition
from pengawas.guide.services_checklist import (
    checklist_items,
    checklist_marks,
    checklist_sync,
    form_a_drafts,
    tps_label,
)
from pengawas.guide.views import _latest_or_404, for_guide


def _own_tps(jurisdiction: Jurisdiction | None) -> Tps:
    if (
        jurisdiction is None
        or jurisdiction.tps_id is None
        or not rules.can_keep_checklist(jurisdiction)
    ):
        raise PermissionDenied(_("Daftar periksa disimpan oleh Pengawas TPS untuk TPS-nya."))
    return Tps.objects.select_related("village").get(pk=jurisdiction.tps_id)


def _mark_json(mark: ChecklistMark) -> dict[str, str]:
    return {
        "check_id": mark.check_id,
        "mark": mark.mark,
        "note": mark.note,
        "marked_at": mark.marked_at.isoformat(),
    }


@require_http_methods(["GET", "POST"])
@for_guide
def checklist_page(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    tps = _own_tps(jurisdiction)
    edition = _latest_or_404(series)
    if request.method == "POST":
        # Without JavaScript: one item per form, marked now.
        raw = {
            "check_id": request.POST.get("check_id", ""),
            "mark": request.POST.get("mark", ""),
            "note": request.POST.get("note", ""),
            "marked_at": timezone.now().isoformat(),
        }
        _applied, refused = checklist_sync(
            user=cast(User, request.user), tps=tps, edition=edition, raw_marks=[raw]
        )
        if refused:
            messages.error(request, _("Tanda tidak disimpan: %(reason)s") % refused[0])
        return redirect(reverse("guide-checklist", args=[series]) + f"#c-{raw['check_id']}")
    return render(request, "guide/checklist.html", _checklist_context(request, edition, tps))


def _checklist_context(request: HttpRequest, edition: Edition, tps: Tps) -> dict[str, Any]:
    items = checklist_items(edition=edition)
    marks = checklist_marks(tps=tps, series=edition.series)
    steps: list[dict[str, Any]] = []
    for item in items:
        if not steps or steps[-1]["id"] != item.step_id:
            steps.append(
                {"id": item.step_id, "title": item.step_title, "time": item.time, "items": []}
            )
        steps[-1]["items"].append({"item": item, "mark": marks.get(item.check_id)})
    state = {
        "series": edition.series,
        "tps": tps.pk,
        "tps_label": tps_label(tps),
        "api": reverse("guide-api-checklist", args=[edition.series]),
        "templates": {item.check_id: item.form_a for item in items},
        "marks": [_mark_json(mark) for mark in marks.values()],
    }
    return {
        "edition": edition,
        "latest": edition,
        "tps_label": tps_label(tps),
        "steps": steps,
        "drafts": form_a_drafts(edition=edition, tps=tps),
        "state": state,
        "done": sum(1 for mark in marks.values() if mark.mark),
        "total": len(items),
    }


@require_http_methods(["GET", "POST"])
def api_checklist(request: HttpRequest, series: str) -> HttpResponse:
    """GET: the TPS's marks (and a fresh CSRF token for the phone's next sync).
    POST {"marks": [{"check_id", "mark", "note", "marked_at"}]}: apply them."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk terlebih dahulu.")}, status=401)
    jurisdiction = user_jurisdiction(user=request.user)
    if not rules.can_keep_checklist(jurisdiction):
        return JsonResponse(
            {"error": _("Daftar periksa disimpan oleh Pengawas TPS untuk TPS-nya.")}, status=403
        )
    tps = _own_tps(jurisdiction)
    edition = Edition.objects.filter(series=series).order_by("-number").first()
    if edition is None:
        return JsonResponse({"error": _("Seri panduan tidak ditemukan.")}, status=404)
    applied, refused = 0, list[dict[str, str]]()
    if request.method == "POST":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": _("Isi permintaan bukan JSON yang sah.")}, status=400)
        raw_marks = body.get("marks") if isinstance(body, dict) else None
        if not isinstance(raw_marks, list):
            return JsonResponse({"error": _('Kirim {"marks": [...]}.')}, status=400)
        applied, refused = checklist_sync(
            user=request.user, tps=tps, edition=edition, raw_marks=raw_marks
        )
    marks = checklist_marks(tps=tps, series=series)
    return JsonResponse(
        {
            "applied": applied,
            "refused": refused,
            "marks": [_mark_json(mark) for mark in marks.values()],
            "csrf": get_token(request),
        }
    )
