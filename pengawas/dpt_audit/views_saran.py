"""Saran perbaikan pages: what the letter will include, making it, and its downloads.

The selection (finding ids, or categories and desa) travels in POST bodies (or, for
categories and desa only, the query string of a GET): never a NIK or a name in a URL. When
the archive keeps the documents, the page links to the archive's own downloads; otherwise
the documents are rebuilt on demand from the same selection (POST), each download recorded.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pengawas.accounts.roles import Jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.cases.deadlines import jakarta_date
from pengawas.dpt_audit import saran
from pengawas.dpt_audit.models import AuditRun
from pengawas.dpt_audit.rules_access import runs_visible
from pengawas.dpt_audit.services_saran import (
    PDF_NAME,
    XLSX_NAME,
    SaranRefused,
    Selection,
    issuer_for,
    saran_create,
    saran_documents,
    saran_preview,
)
from pengawas.dpt_audit.views_common import for_audit


class SaranForm(forms.Form):
    addressee = forms.CharField(label=_("Kepada (Yth.)"), max_length=200)
    day = forms.DateField(label=_("Tanggal surat"), widget=forms.DateInput(attrs={"type": "date"}))
    signer = forms.CharField(
        label=_("Nama penanda tangan (Ketua)"),
        max_length=120,
        required=False,
        help_text=_("Kosongkan untuk menandatangani dengan nama tulisan tangan."),
    )

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Tanggal surat tidak masuk akal."))
        return day

    def letter_fields(self) -> saran.LetterFields:
        data = self.cleaned_data
        return saran.LetterFields(
            addressee=data["addressee"], day=data["day"], signer=data.get("signer", "")
        )


def _run(jurisdiction: Jurisdiction, run_id: int) -> AuditRun:
    runs = AuditRun.objects.select_related("snapshot__election__region__parent", "region__parent")
    return get_object_or_404(runs_visible(jurisdiction, runs), pk=run_id)


@never_cache
@require_http_methods(["GET", "POST"])
@for_audit
def saran_view(request: HttpRequest, jurisdiction: Jurisdiction, run_id: int) -> HttpResponse:
    """GET/POST with a selection: the confirmation page; POST with "buat": make the letter."""
    run = _run(jurisdiction, run_id)
    data = request.POST if request.method == "POST" else request.GET
    selection = Selection.from_data(data)
    issuer = issuer_for(jurisdiction=jurisdiction, run=run)
    refusal = ""
    if request.method == "POST" and "buat" in request.POST:
        form = SaranForm(request.POST)
        if form.is_valid():
            try:
                result = saran_create(
                    user=request.user,  # type: ignore[arg-type]
                    jurisdiction=jurisdiction,
                    run=run,
                    selection=selection,
                    fields=form.letter_fields(),
                    request=request,
                )
            except SaranRefused as refused:
                refusal = str(refused)
            else:
                return render(
                    request,
                    "dpt_audit/saran_done.html",
                    {
                        "run": run,
                        "result": result,
                        "letter": result.letter,
                        "selection_pairs": selection.as_pairs(),
                        "form": form,
                    },
                )
    else:
        form = SaranForm(
            initial={
                "addressee": issuer.addressee_default,
                "day": jakarta_date(timezone.now()),
                "signer": "",
            }
        )
    preview = saran_preview(run=run, selection=selection)
    return render(
        request,
        "dpt_audit/saran.html",
        {
            "run": run,
            "issuer": issuer,
            "preview": preview,
            "form": form,
            "refusal": refusal or preview.refusal,
            "selection_pairs": selection.as_pairs(),
            "selection": selection,
        },
        status=200,
    )


def _download(
    request: HttpRequest, jurisdiction: Jurisdiction, run_id: int, kind: str
) -> HttpResponse:
    run = _run(jurisdiction, run_id)
    selection = Selection.from_data(request.POST)
    form = SaranForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("Isian surat tidak lengkap; buat surat dari halaman saran perbaikan."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        result = saran_documents(
            jurisdiction=jurisdiction, run=run, selection=selection, fields=form.letter_fields()
        )
    except SaranRefused as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    audit_record(
        action=Action.DPT_AUDIT_EXPORTED,
        request=request,
        target_type="dpt_audit_run",
        target_id=str(run.pk),
        target_label=f"audit {run.pk}",
        detail={"document": f"saran-{kind}", "findings": result.letter.total},
    )
    if kind == "pdf":
        content, name, mime = result.pdf, PDF_NAME, "application/pdf"
    else:
        content, name = result.xlsx, XLSX_NAME
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@for_audit
def saran_pdf_view(request: HttpRequest, jurisdiction: Jurisdiction, run_id: int) -> HttpResponse:
    return _download(request, jurisdiction, run_id, "pdf")


@require_POST
@for_audit
def saran_xlsx_view(request: HttpRequest, jurisdiction: Jurisdiction, run_id: int) -> HttpResponse:
    return _download(request, jurisdiction, run_id, "xlsx")
