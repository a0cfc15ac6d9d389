"""Rekap suara (pantauan/rekap/): the PTPS's copies next to KPU's recap, and its upload.

Everyone who watches the overview sees the comparison for their area; only Bawaslu uploads
KPU's recap (POST, a CSV in the format of recap.py). A refused file answers 400 with the
reasons, each naming its line; nothing is stored.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pengawas.accounts.roles import Jurisdiction
from pengawas.overview.access import for_watchers
from pengawas.overview.choice import choice_read
from pengawas.overview.compare import recap_compare
from pengawas.overview.models import KpuRecap
from pengawas.overview.recap import MAX_BYTES, RecapError, recap_import
from pengawas.overview.rules import can_import_recap


class RecapUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas rekap KPU (CSV)"))


@for_watchers
@never_cache
@require_http_methods(["GET", "POST"])
def recap_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    choice = choice_read(request, jurisdiction)
    may_import = can_import_recap(jurisdiction)
    form = RecapUploadForm()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if choice.election is None:
            raise Http404("election")
        form = RecapUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                errors = [_("Berkas terlalu besar (paling besar 5 MB).")]
            else:
                try:
                    result = recap_import(
                        election=choice.election,
                        content=upload.read(),
                        user=request.user,  # type: ignore[arg-type]
                        request=request,
                    )
                except RecapError as error:
                    errors = error.errors
                else:
                    messages.success(
                        request,
                        _("%(rows)d TPS diimpor dari rekap KPU (%(replaced)d menggantikan impor sebelumnya).")
                        % {"rows": result.rows, "replaced": result.replaced},
                    )  # fmt: skip
                    return redirect(f"{request.path}?{choice.query()}")
        status = 400
    context: dict[str, Any] = {
        "choice": choice,
        "form": form,
        "errors": errors,
        "may_import": may_import,
    }
    if choice.election is not None:
        comparison = recap_compare(election=choice.election, tps=choice.tps(jurisdiction))
        last = (
            KpuRecap.objects.filter(election=choice.election)
            .order_by("-imported_at")
            .values_list("imported_at", "source_sha256")
            .first()
        )
        context |= {"comparison": comparison, "last_import": last}
    return render(request, "overview/recap.html", context, status=status)
