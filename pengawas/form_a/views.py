"""Form A pages: the PTPS's form for their own TPS (works without JavaScript; form-a.js keeps
the draft on the phone and sends it when the signal returns), the review list and a report's
page for PKD, Panwascam and Bawaslu, the PDF, the photos, and the page's service worker.
Every view asks form_a/rules.py (through services); outside the jurisdiction → 404."""

import hashlib
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.cases.models import ViolationType
from pengawas.form_a import rules
from pengawas.form_a.models import FormA, Status
from pengawas.form_a.report import (
    KEGIATAN_FIELDS,
    LABELS,
    LONG_FIELDS,
    MAX_KEGIATAN,
    PELANGGARAN_FIELDS,
    PENGAWAS_FIELDS,
    SENGKETA_FIELDS,
    report_flags,
    report_from_post,
)
from pengawas.form_a.services import (
    FormAInvalid,
    form_a_archive,
    form_a_confirm,
    form_a_prefill,
    form_a_return,
    form_a_temuan,
    form_a_upsert,
    form_get_visible,
    form_pdf,
    forms_for,
    own_tps,
)
from pengawas.guide.services_checklist import tps_label

SCOPE = "/hari-h/form-a/"
# What the page needs without signal; the service worker keeps these beside the page.
OFFLINE_STATIC = (
    "pengawas/pengawas.css",
    "pengawas/form-a.css",
    "pengawas/form-a.js",
    "pengawas/favicon.svg",
    "django_htmx/htmx-2.min.js",
    "pengawas/logout-guard.js",
)


def offline_version() -> str:
    """Changes with the static files: a new worker script makes the phone refresh its copy."""
    names = "|".join(staticfiles_storage.url(name) for name in OFFLINE_STATIC)
    return hashlib.sha256(names.encode()).hexdigest()[:16]


for_form_a = jurisdiction_required(rules.can_read)


def _sections(data: dict[str, Any]) -> dict[str, Any]:
    """The report as labelled rows, for the templates."""

    def rows(block: dict[str, str], fields: tuple[str, ...]) -> list[tuple[str, str, str]]:
        return [(name, LABELS[name], block.get(name, "")) for name in fields]

    return {
        "pengawas": rows(data["pengawas"], PENGAWAS_FIELDS),
        "kegiatan": [rows(block, KEGIATAN_FIELDS) for block in data["kegiatan"]],
        "uraian": data.get("uraian", ""),
        "keberatan": bool(data.get("keberatan")),
        "pelanggaran": rows(data["pelanggaran"], PELANGGARAN_FIELDS),
        "sengketa": rows(data["sengketa"], SENGKETA_FIELDS),
        "flags": report_flags(data),
    }


def _form_rows(data: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The page's fields: (input name, label, value, error, long text) per field."""

    def rows(
        section: str, block: dict[str, Any], fields: tuple[str, ...], path: str = ""
    ) -> list[Any]:
        prefix = path or section
        return [
            {
                "name": f"{prefix}-{name}".replace(".", "-"),
                "label": LABELS[name],
                "value": block.get(name, ""),
                "error": errors.get(f"{prefix}.{name}".replace("-", ".")),
                "long": name in LONG_FIELDS,
            }
            for name in fields
        ]

    kegiatan = list(data.get("kegiatan") or [])
    kegiatan.append(dict.fromkeys(KEGIATAN_FIELDS, ""))  # room for one more without JS
    return {
        "pengawas": rows("pengawas", data.get("pengawas") or {}, PENGAWAS_FIELDS),
        "kegiatan": [
            rows("kegiatan", block, KEGIATAN_FIELDS, f"kegiatan-{index}")
            for index, block in enumerate(kegiatan[:MAX_KEGIATAN])
        ],
        "uraian": {"value": data.get("uraian", ""), "error": errors.get("uraian")},
        "keberatan": bool(data.get("keberatan")),
        "pelanggaran": rows("pelanggaran", data.get("pelanggaran") or {}, PELANGGARAN_FIELDS),
        "sengketa": rows("sengketa", data.get("sengketa") or {}, SENGKETA_FIELDS),
    }


@require_http_methods(["GET", "POST"])
@for_form_a
def own(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The PTPS's Form A; reviewers go to their list."""
    if not rules.can_write(jurisdiction):
        if rules.can_review(jurisdiction) or jurisdiction.is_bawaslu:
            return redirect("form-a-review-list")
        raise PermissionDenied
    user = cast(User, request.user)
    tps = own_tps(jurisdiction)
    reports = list(FormA.objects.filter(tps=tps).order_by("-updated_at", "-pk"))
    editing: FormA | None = None
    wanted = request.GET.get("laporan") or request.POST.get("laporan")
    if wanted:
        editing = next((form for form in reports if str(form.pk) == wanted), None)
        if editing is None:
            raise Http404("form_a")
        if not rules.can_edit(jurisdiction, editing):
            return redirect("form-a-detail", editing.pk)
    errors: dict[str, str] = {}
    data = editing.data if editing else form_a_prefill(user=user, tps=tps)
    client_uuid = str(editing.client_uuid) if editing else str(uuid.uuid4())
    revision = editing.revision + (1 if editing.status == Status.RETURNED else 0) if editing else 1
    if request.method == "POST":
        final = request.POST.get("action") != "draft"
        raw = report_from_post(request.POST)
        try:
            client_uuid = str(uuid.UUID(request.POST.get("client_uuid", "")))
            revision = max(1, int(request.POST.get("revision", "1")))
        except ValueError:
            return HttpResponse(_("Formulir Form A tidak lengkap: muat ulang halaman."), status=400)
        try:
            result = form_a_upsert(
                user=user, tps=tps, client_uuid=uuid.UUID(client_uuid), raw=raw, final=final,
                revision=revision, photos=request.FILES.getlist("photos"), request=request,
            )  # fmt: skip
        except FormAInvalid as invalid:
            errors = invalid.errors
            data = raw
            messages.error(request, _("Form A belum terkirim: lengkapi bagian yang ditandai."))
        else:
            for refusal in result.photos_refused:
                messages.error(request, refusal)
            if final:
                messages.success(request, _("Terkirim. Form A menunggu tinjauan PKD/Panwascam."))
            else:
                messages.success(request, _("Draf tersimpan di server."))
            return redirect(reverse("form-a-own") + f"#laporan-{result.form.pk}")
    return render(
        request,
        "form_a/own.html",
        {
            "tps": tps,
            "tps_label": tps_label(tps),
            "fields": _form_rows(data, errors),
            "errors": errors,
            "editing": editing,
            "reports": reports,
            "client_uuid": client_uuid,
            "revision": revision,
            "state": {
                "tps": tps.pk,
                "api": reverse("form-a-api"),
                "editing": str(editing.client_uuid) if editing else "",
                "revision": revision,
                "sw": reverse("form-a-sw"),
                "scope": SCOPE,
                "keep": [reverse("form-a-own")]
                + [staticfiles_storage.url(name) for name in OFFLINE_STATIC],
            },
        },
    )


@require_GET
@for_form_a
def review_list(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    status = request.GET.get("status", Status.SUBMITTED)
    forms = forms_for(user=cast(User, request.user))
    if status in Status.values:
        forms = forms.filter(status=status)
    rows = [
        {"form": form, "label": tps_label(form.tps), "flags": sorted(report_flags(form.data))}
        for form in forms.order_by("-submitted_at", "-pk")[:500]
    ]
    return render(
        request,
        "form_a/review_list.html",
        {"rows": rows, "status": status, "statuses": Status.choices, "can_review": rules.can_review(jurisdiction)},
    )  # fmt: skip


@require_GET
@for_form_a
def detail(request: HttpRequest, jurisdiction: Jurisdiction, pk: int) -> HttpResponse:
    form = form_get_visible(user=cast(User, request.user), form_id=pk)
    sections = _sections(form.data)
    return render(
        request,
        "form_a/detail.html",
        {
            "form": form,
            "label": tps_label(form.tps),
            "sections": sections,
            "photos": list(form.photos.all()),
            "can_review": rules.can_review(jurisdiction) and form.status == Status.SUBMITTED,
            "can_edit": rules.can_edit(jurisdiction, form),
            "is_writer": rules.can_write(jurisdiction),
            "can_archive": form.status == Status.CONFIRMED
            and form.record_id is None
            and (rules.can_review(jurisdiction) or jurisdiction.is_bawaslu),
            "can_temuan": rules.can_file_temuan(jurisdiction)
            and form.status == Status.CONFIRMED
            and form.case_id is None
            and "pelanggaran" in sections["flags"],
            "violation_types": ViolationType.choices,
        },
    )


@require_POST
@for_form_a
def review(request: HttpRequest, jurisdiction: Jurisdiction, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    form = form_get_visible(user=user, form_id=pk)
    if not rules.can_review(jurisdiction):
        raise PermissionDenied
    action = request.POST.get("action")
    try:
        if action == "return":
            form_a_return(user=user, form=form, note=request.POST.get("note", ""), request=request)
            messages.success(request, _("Form A dikembalikan kepada PTPS dengan catatan."))
        elif action == "confirm":
            form_a_confirm(user=user, form=form, note=request.POST.get("note", ""), request=request)
            messages.success(request, _("Form A dikonfirmasi."))  # the page says if not archived
        else:
            return HttpResponse(_("Pilih: kembalikan atau konfirmasi."), status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("form-a-detail", form.pk)


@require_POST
@for_form_a
def archive(request: HttpRequest, jurisdiction: Jurisdiction, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    form = form_get_visible(user=user, form_id=pk)
    if not (rules.can_review(jurisdiction) or jurisdiction.is_bawaslu):
        raise PermissionDenied
    if form.status != Status.CONFIRMED:
        return HttpResponse(_("Hanya Form A terkonfirmasi yang diarsipkan."), status=400)
    if form_a_archive(user=user, form=form, request=request):
        messages.success(request, _("Form A tersimpan di arsip."))
    else:
        messages.error(request, form.archive_error)
    return redirect("form-a-detail", form.pk)


@require_POST
@for_form_a
def temuan(request: HttpRequest, jurisdiction: Jurisdiction, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    form = form_get_visible(user=user, form_id=pk)
    if not rules.can_file_temuan(jurisdiction):
        raise PermissionDenied
    violation = request.POST.get("violation_type", "")
    if violation not in ViolationType.values:
        return HttpResponse(_("Pilih jenis dugaan pelanggaran."), status=400)
    try:
        case = form_a_temuan(user=user, form=form, violation_type=violation, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("form-a-detail", form.pk)
    messages.success(request, _("Temuan dicatat dalam daftar penanganan pelanggaran."))
    return redirect("case-detail", case.pk)


@require_GET
@for_form_a
def pdf(request: HttpRequest, jurisdiction: Jurisdiction, pk: int) -> HttpResponse:
    form = form_get_visible(user=cast(User, request.user), form_id=pk)
    response = HttpResponse(form_pdf(form), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="form-a-{form.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@for_form_a
def photo(
    request: HttpRequest, jurisdiction: Jurisdiction, pk: int, photo_id: int
) -> HttpResponseBase:
    form = form_get_visible(user=cast(User, request.user), form_id=pk)
    found = form.photos.filter(pk=photo_id).first()
    if found is None:
        raise Http404("photo")
    response = FileResponse(found.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Keeps the Form A page and its files on the phone (templates/form_a/sw.js)."""
    response = render(
        request,
        "form_a/sw.js",
        {"scope": SCOPE, "version": offline_version()},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = SCOPE
    return response
