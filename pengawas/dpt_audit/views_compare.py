"""Snapshot comparison page: choose two snapshots of one election, see what changed.

GET only, with ?dari=<snapshot id>&ke=<snapshot id>[&daftar=tambah|hapus|ubah&halaman=N]:
ids and page numbers only, never personal data. Scoped to the user's area (a Panwascam sees
their kecamatan); snapshots of elections the user may not see do not exist for them (404).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.dpt.models import Snapshot
from pengawas.dpt.rules import elections_visible
from pengawas.dpt_audit import compare
from pengawas.dpt_audit.models import Category
from pengawas.dpt_audit.views_common import for_audit
from pengawas.elections.models import Election
from pengawas.regions.models import Region


def snapshots_visible(jurisdiction: Jurisdiction) -> QuerySet[Snapshot]:
    elections = elections_visible(jurisdiction, Election.objects.all())
    return Snapshot.objects.filter(election__in=elections).select_related("election")


class CompareForm(forms.Form):
    dari = forms.IntegerField(label=_("Daftar sebelumnya"), min_value=1)
    ke = forms.IntegerField(label=_("Daftar sesudahnya"), min_value=1)
    daftar = forms.ChoiceField(required=False, choices=[(kind, kind) for kind in compare.KINDS])
    halaman = forms.IntegerField(required=False, min_value=1)


def scope_for(jurisdiction: Jurisdiction, election: Election) -> str | None:
    """The part of the list compared: the Panwascam's kecamatan, or the whole list for
    Bawaslu of the election's region (None), or the user's own region within a larger one."""
    if jurisdiction.region_code is None or jurisdiction.covers_region(election.region_id):
        return None
    return jurisdiction.region_code


@never_cache
@require_GET
@for_audit
def compare_view(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    snapshots = list(snapshots_visible(jurisdiction).order_by("election__name", "imported_at"))
    context: dict[str, Any] = {"snapshots": snapshots, "chosen": False}
    if "dari" not in request.GET and "ke" not in request.GET:
        context["form"] = CompareForm()
        return render(request, "dpt_audit/compare.html", context)
    form = CompareForm(request.GET)
    context["form"] = form
    if not form.is_valid():
        return render(request, "dpt_audit/compare.html", context)
    visible = {snapshot.pk: snapshot for snapshot in snapshots}
    before = visible.get(form.cleaned_data["dari"])
    after = visible.get(form.cleaned_data["ke"])
    if before is None or after is None:
        raise Http404("snapshot")
    if before.pk == after.pk:
        form.add_error(None, _("Pilih dua daftar pemilih yang berbeda."))
    elif before.election_id != after.election_id:
        form.add_error(None, _("Kedua daftar pemilih harus dari pemilihan yang sama."))
    if form.errors:
        return render(request, "dpt_audit/compare.html", context)
    region_code = scope_for(jurisdiction, before.election)
    comparison = compare.Comparison(before=before, after=after, region_code=region_code)
    counts = comparison.counts()
    kind = form.cleaned_data.get("daftar") or "ubah"
    page = compare.page_of(comparison, kind, form.cleaned_data.get("halaman") or 1, counts[kind])
    follow = compare.follow_up(before, after, region_code)
    labels = dict(Category.choices)
    context.update(
        chosen=True,
        before=before,
        after=after,
        comparison=comparison,
        counts=counts,
        page=page,
        kind=kind,
        follow=follow,
        follow_rows=[
            (code, labels.get(code, code), row) for code, row in sorted(follow.counts.items())
        ],
        scope=Region.objects.filter(code=region_code).first() if region_code else None,
        is_panwascam=jurisdiction.role == Role.PANWASCAM,
        field_labels=[compare.COMPARED[name] for name in comparison.fields_compared],
    )
    return render(request, "dpt_audit/compare.html", context)
