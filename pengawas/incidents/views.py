"""Recording incidents at a TPS, the recount/re-vote answer (shown while choosing, with htmx,
and after saving) and the drafts to copy; a JSON endpoint for phones that send later.

Access: incidents/rules.py. A PTPS works on their own TPS (hari-h/kejadian/), everyone else
on a TPS of their area (hari-h/kejadian/tps/<id>/); elsewhere 404.
"""

import datetime
import json
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.elections.models import Tps
from pengawas.incidents import rules
from pengawas.incidents.forms import IncidentForm
from pengawas.incidents.grounds import TYPES, IncidentError, ulang_check
from pengawas.incidents.models import Incident
from pengawas.incidents.services import (
    IncidentRefused,
    drafts,
    incident_record,
    place_label,
    tps_incidents,
    wib,
)

LIST_LIMIT = 200


for_incidents = jurisdiction_required(rules.can_use_incidents)


def _tps_or_404(jurisdiction: Jurisdiction, tps_id: int) -> Tps:
    return get_object_or_404(rules.tps_for(jurisdiction), pk=tps_id)


@require_http_methods(["GET", "POST"])
@for_incidents
def incidents_own(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The PTPS's page for their TPS; for everyone else, the TPS of their area with incidents."""
    if rules.is_ptps(jurisdiction):
        tps = _tps_or_404(jurisdiction, cast(int, jurisdiction.tps_id))
        return _tps_page(request, tps, reverse("incidents-own"))
    if request.method == "POST":
        return HttpResponse(status=405)
    rows = (
        rules.tps_for(jurisdiction)
        .filter(incidents__isnull=False)
        .annotate(recorded=Count("incidents"))
        .order_by("village_id", "number")[:LIST_LIMIT]
    )
    return render(request, "incidents/list.html", {"rows": rows, "limit": LIST_LIMIT})


@require_http_methods(["GET", "POST"])
@for_incidents
def incidents_tps(request: HttpRequest, jurisdiction: Jurisdiction, tps_id: int) -> HttpResponse:
    tps = _tps_or_404(jurisdiction, tps_id)
    return _tps_page(request, tps, reverse("incidents-tps", args=[tps.pk]))


def _tps_page(request: HttpRequest, tps: Tps, here: str) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = incident_record(
                user=cast(User, request.user),
                tps=tps,
                code=form.cleaned_data["code"],
                count=form.cleaned_data["count"],
                note=form.cleaned_data["note"],
                occurred_at=form.occurred_at(),
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except IncidentRefused as refused:
            form.add_error(None, str(refused))
        else:
            if recorded.created:
                messages.success(request, _("Kejadian dicatat."))
            else:
                messages.info(request, _("Kejadian ini sudah tercatat sebelumnya."))
            return redirect(here + "#jawaban")
    incidents = list(tps_incidents(tps=tps))
    answer = ulang_check(
        election_kind=tps.election.kind,
        incidents=[{"code": i.code, "count": i.count} for i in incidents],
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "incidents/tps.html",
        {
            "tps": tps,
            "place": place_label(tps),
            "form": form,
            "incidents": [_row(i) for i in incidents],
            "answer": _answer_view(answer),
            "drafts": drafts(tps=tps, incidents=incidents, answer=answer),
            "preview_url": reverse("incidents-preview", args=[tps.pk]),
            "counted": [code for code, t in TYPES.items() if t.counted],
        },
        status=status,
    )


def _row(incident: Incident) -> dict[str, Any]:
    incident_type = TYPES[incident.code]
    return {
        "code": incident.code,
        "label": incident_type.label,
        "count": incident.count,
        "count_label": incident_type.count_label,
        "note": incident.note,
        "when": wib(incident.occurred_at),
        "by": incident.recorded_by.get_full_name() or incident.recorded_by.username,
    }


def _answer_view(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer as the template shows it: one block per decision, grounds with labels."""
    titles = {
        "recount": _("Penghitungan suara ulang"),
        "revote": _("Pemungutan suara ulang"),
    }
    return [
        {
            "key": key,
            "title": title,
            "grounded": answer[key]["grounded"],
            "grounds": [
                {**ground, "label": TYPES[ground["code"]].label}
                for ground in answer[key]["grounds"]
            ],
        }
        for key, title in titles.items()
    ]


@require_POST
@for_incidents
def incidents_preview(
    request: HttpRequest, jurisdiction: Jurisdiction, tps_id: int
) -> HttpResponse:
    """htmx: the answer for the recorded incidents plus the one being chosen (not saved)."""
    tps = _tps_or_404(jurisdiction, tps_id)
    rows: list[dict[str, Any]] = [
        {"code": i.code, "count": i.count} for i in tps_incidents(tps=tps)
    ]
    code = request.POST.get("code", "")
    pending = None
    if code in TYPES:
        raw = request.POST.get("count", "").strip()
        count: int | None = int(raw) if raw.isdigit() and int(raw) > 0 else None
        if not TYPES[code].counted or count is not None:
            rows.append({"code": code, "count": count if TYPES[code].counted else None})
            pending = TYPES[code].label
    try:
        answer = ulang_check(election_kind=tps.election.kind, incidents=rows)
    except IncidentError as error:  # pragma: no cover - rows are built valid above
        return HttpResponse(str(error), status=400)
    return render(
        request,
        "incidents/_answer.html",
        {"answer": _answer_view(answer), "pending": pending, "preview": True},
    )


def _json_incident(incident: Incident) -> dict[str, Any]:
    return {
        "client_uuid": str(incident.client_uuid),
        "tps": incident.tps_id,
        "code": incident.code,
        "count": incident.count,
        "note": incident.note,
        "occurred_at": incident.occurred_at.isoformat(),
        "created_at": incident.created_at.isoformat(),
    }


@require_http_methods(["GET", "POST"])
def api_incidents(request: HttpRequest) -> HttpResponse:
    """GET ?tps=ID (a PTPS: their own by default): the TPS's incidents and the answer.
    POST {"tps"?, "client_uuid", "code", "count", "note", "occurred_at"}: record one; the
    same client_uuid again returns the first record (200) instead of a new one (201)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk terlebih dahulu.")}, status=401)
    jurisdiction = user_jurisdiction(user=request.user)
    if jurisdiction is None or not rules.can_use_incidents(jurisdiction):
        return JsonResponse({"error": _("Anda tidak bertugas saat ini.")}, status=403)
    body: dict[str, Any] = {}
    if request.method == "POST":
        try:
            loaded = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": _("Isi permintaan bukan JSON yang sah.")}, status=400)
        if not isinstance(loaded, dict):
            return JsonResponse({"error": _("Kirim satu objek kejadian.")}, status=400)
        body = loaded
    raw_tps = body.get("tps", request.GET.get("tps")) or jurisdiction.tps_id
    if raw_tps is None:
        return JsonResponse({"error": _("Sebutkan TPS (tps).")}, status=400)
    try:
        tps = rules.tps_for(jurisdiction).get(pk=int(raw_tps))
    except (ValueError, TypeError, Tps.DoesNotExist):
        return JsonResponse({"error": _("TPS tidak ditemukan.")}, status=404)
    status, recorded = 200, None
    if request.method == "POST":
        try:
            recorded = incident_record(
                user=request.user,
                tps=tps,
                code=str(body.get("code", "")),
                count=body.get("count"),
                note=str(body.get("note") or ""),
                occurred_at=_moment(body.get("occurred_at")),
                client_uuid=_uuid(body.get("client_uuid")),
            )
        except IncidentRefused as refused:
            return JsonResponse({"error": str(refused)}, status=400)
        status = 201 if recorded.created else 200
    incidents = list(tps_incidents(tps=tps))
    answer = ulang_check(
        election_kind=tps.election.kind,
        incidents=[{"code": i.code, "count": i.count} for i in incidents],
    )
    payload: dict[str, Any] = {
        "tps": tps.pk,
        "incidents": [_json_incident(i) for i in incidents],
        "answer": answer,
        "csrf": get_token(request),
    }
    if recorded is not None:
        payload["recorded"] = _json_incident(recorded.incident)
    return JsonResponse(payload, status=status)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise IncidentRefused(_("client_uuid harus UUID yang sah.")) from None


def _moment(value: Any) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    moment = parse_datetime(str(value)) if isinstance(value, str) else None
    if moment is None:
        raise IncidentRefused(_("occurred_at harus waktu ISO 8601."))
    return moment
