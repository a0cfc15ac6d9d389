"""The JSON API the phone sends Form A through (form-a.js), for the PTPS of the TPS only.

GET  api/v1/hari-h/form-a: the TPS's reports (status, review note) and a fresh CSRF token.
POST api/v1/hari-h/form-a: one report, as multipart (field "report": the JSON below; files
     "photos") or as JSON (photos as data: URLs in "photos"):
     {"client_uuid": "…", "revision": 1, "final": true, "data": {sections I to V}}
     The same client_uuid sent again answers with the same report (never a second one).
Errors: 401 not logged in, 403 not the PTPS of a TPS, 400 unreadable or incomplete, each
with {"error": "…"} in Bahasa Indonesia (and "errors" by field for an incomplete report).
"""

import base64
import binascii
import io
import json
import uuid
from typing import IO, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.form_a import rules
from pengawas.form_a.models import FormA
from pengawas.form_a.photos import MAX_PHOTOS, MAX_UPLOAD_BYTES
from pengawas.form_a.services import FormAInvalid, form_a_upsert, own_tps


def _report_json(form: FormA) -> dict[str, Any]:
    return {
        "id": form.pk,
        "client_uuid": str(form.client_uuid),
        "status": form.status,
        "status_label": form.get_status_display(),
        "revision": form.revision,
        "review_note": form.review_note,
        "photos": form.photos.count(),
        "submitted_at": form.submitted_at.isoformat() if form.submitted_at else None,
        "url": reverse("form-a-detail", args=[form.pk]),
    }


def _bad(message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=400)


def _data_url_photos(items: object) -> list[IO[bytes]] | None:
    if items is None:
        return []
    if not isinstance(items, list) or len(items) > MAX_PHOTOS:
        return None
    photos: list[IO[bytes]] = []
    for item in items:
        if (
            not isinstance(item, str)
            or not item.startswith("data:image/")
            or ";base64," not in item
        ):
            return None
        encoded = item.split(";base64,", 1)[1]
        if len(encoded) > MAX_UPLOAD_BYTES * 4 // 3 + 4:
            return None
        try:
            photos.append(io.BytesIO(base64.b64decode(encoded, validate=True)))
        except (binascii.Error, ValueError):
            return None
    return photos


@require_http_methods(["GET", "POST"])
def api_form_a(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk terlebih dahulu.")}, status=401)
    jurisdiction = user_jurisdiction(user=request.user)
    if not rules.can_write(jurisdiction):
        return JsonResponse(
            {"error": _("Form A dikirim oleh Pengawas TPS untuk TPS-nya.")}, status=403
        )
    tps = own_tps(jurisdiction)
    if request.method == "GET":
        forms = FormA.objects.filter(tps=tps).order_by("-updated_at", "-pk")[:50]
        return JsonResponse(
            {"reports": [_report_json(form) for form in forms], "csrf": get_token(request)}
        )
    photos: list[IO[bytes]] | None
    try:
        if request.content_type == "multipart/form-data":
            body = json.loads(request.POST.get("report") or "")
            photos = list(request.FILES.getlist("photos"))
        else:
            body = json.loads(request.body or b"")
            photos = _data_url_photos(body.get("photos")) if isinstance(body, dict) else []
    except ValueError:
        return _bad(_("Isi permintaan bukan JSON yang sah."))
    if not isinstance(body, dict):
        return _bad(_("Kirim satu Form A sebagai objek JSON."))
    if photos is None:
        return _bad(
            _("Foto harus berupa data:image/…;base64 (paling banyak %(n)d).") % {"n": MAX_PHOTOS}
        )
    if len(photos) > MAX_PHOTOS:
        return _bad(_("Paling banyak %(n)d foto per Form A.") % {"n": MAX_PHOTOS})
    try:
        client_uuid = uuid.UUID(str(body.get("client_uuid", "")))
    except ValueError:
        return _bad(_("client_uuid harus berupa UUID yang dibuat ponsel untuk laporan ini."))
    revision = body.get("revision", 1)
    if not isinstance(revision, int) or isinstance(revision, bool) or not 1 <= revision <= 10_000:
        return _bad(_("revision harus bilangan bulat positif."))
    try:
        result = form_a_upsert(
            user=request.user, tps=tps, client_uuid=client_uuid, raw=body.get("data"),
            final=body.get("final", True) is not False, revision=revision, photos=photos,
            request=request,
        )  # fmt: skip
    except FormAInvalid as invalid:
        return _bad(_("Form A belum lengkap."), errors=invalid.errors)
    return JsonResponse(
        {
            "report": _report_json(result.form),
            "created": result.created,
            "changed": result.changed,
            "photos_added": result.photos_added,
            "photos_refused": result.photos_refused,
        },
        status=201 if result.created else 200,
    )
