"""The supervisors' voter search, a voter's full record and the printable list of one TPS.

Login required; what each user may see is decided in dpt/rules.py (their jurisdiction).
Results show masked data; a voter's full record is opened one at a time, and every opening,
NIK search and TPS list is written to the audit trail.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.core.services import keyed_hash
from pengawas.dpt import rules
from pengawas.dpt.forms import NikSearchForm, TpsListForm, VoterSearchForm
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.services.search import (
    SearchUnavailable,
    tps_roster_build,
    voter_find_by_nik,
    voter_search,
)
from pengawas.elections.models import Tps


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# The fragments of dpt/search.html that an htmx request may ask for, by its target id.
_SEARCH_FRAGMENTS = {
    "results": "results",
    "region-fields": "region-fields",
    "desa-field": "desa-field",
}


_for_supervisors = jurisdiction_required(rules.can_search_voters)


def _fragment(request: HtmxHttpRequest) -> str:
    """ "#name" of the fragment to render for an htmx request, "" for the whole page."""
    if not request.htmx or request.htmx.history_restore_request:
        return ""
    return "#" + _SEARCH_FRAGMENTS.get(request.htmx.target or "", "results")


def _name_results(form: VoterSearchForm) -> dict[str, Any]:
    if not form.is_valid() or form.chosen_snapshot is None or not form.has_criteria:
        return {}
    data = form.cleaned_data
    allowed = rules.search_tps_allowed(form.jurisdiction, form.chosen_snapshot.election)
    try:
        page = voter_search(
            snapshot=form.chosen_snapshot,
            query=data["q"],
            kecamatan=form.chosen_kecamatan,
            village=form.chosen_village,
            tps_number=data["tps"],
            sex=data["sex"],
            birth_year=data["birth_year"],
            age=data["age"],
            page=data["page"] or 1,
            tps_allowed=allowed,
        )
    except SearchUnavailable as exc:
        form.add_error(exc.field, exc.message)
        return {}
    return {"page": page}


def _nik_results(
    request: HttpRequest, nik_form: NikSearchForm, jurisdiction: Jurisdiction
) -> dict[str, Any]:
    if not nik_form.is_valid():
        return {"nik_searched": True}
    # The same rules as the name form pick the election and list (default: the current).
    chosen = QueryDict(mutable=True)
    chosen.update({k: nik_form.cleaned_data[k] for k in ("election", "snapshot")})
    snapshot = VoterSearchForm(chosen, jurisdiction=jurisdiction).chosen_snapshot
    if snapshot is None:
        return {"nik_searched": True}
    nik = nik_form.cleaned_data["nik"]
    try:
        voters = voter_find_by_nik(
            snapshot=snapshot,
            nik=nik,
            tps_allowed=rules.search_tps_allowed(jurisdiction, snapshot.election),
        )
    except SearchUnavailable as exc:
        nik_form.add_error("nik", exc.message)
        return {"nik_searched": True}
    audit_record(
        action=Action.VOTERS_SEARCHED,
        request=request,
        target_type="snapshot",
        target_id=str(snapshot.pk),
        target_label=f"{snapshot.election.code} {snapshot.stage}",
        detail={"by": "nik", "nik_hash": keyed_hash(nik, purpose="audit"), "found": len(voters)},
    )
    return {"nik_searched": True, "nik_voters": voters, "nik_snapshot": snapshot}


@_for_supervisors
@never_cache
@require_http_methods(["GET", "POST"])
def search_page(request: HtmxHttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """Search by name and filters, or by NIK. Names and NIKs come by POST only, so that they
    never stand in a URL, a browser history or an access log; a GET may carry the filters
    (a kecamatan, a desa, a TPS), never a name."""
    if request.method == "POST":
        form = VoterSearchForm(request.POST, jurisdiction=jurisdiction)
    else:
        filters = request.GET.copy()
        filters.pop("q", None)
        form = VoterSearchForm(filters, jurisdiction=jurisdiction)
    fragment = _fragment(request)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and "nik" in request.POST:
        nik_form = NikSearchForm(request.POST)
        context |= _nik_results(request, nik_form, jurisdiction)
    else:
        nik_form = NikSearchForm(
            initial={
                "election": form.chosen_election.code if form.chosen_election else "",
                "snapshot": form.chosen_snapshot.pk if form.chosen_snapshot else "",
            }
        )
        if fragment in ("", "#results"):
            context |= _name_results(form)
    context["nik_form"] = nik_form
    context["snapshot"] = context.get("nik_snapshot", form.chosen_snapshot)
    response = render(request, f"dpt/search.html{fragment}", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@_for_supervisors
@never_cache
@require_GET
def tps_list(request: HtmxHttpRequest, jurisdiction: Jurisdiction, tps_id: int) -> HttpResponse:
    """All voters of one TPS in file order, for the screen and for print (A4).

    A TPS outside the user's jurisdiction does not exist for them (404, not 403: the answer
    does not even confirm the id)."""
    tps = get_object_or_404(
        rules.tps_visible(jurisdiction, Tps.objects.select_related("election", "village__parent")),
        pk=tps_id,
    )
    form = TpsListForm(request.GET, election=tps.election)
    if not form.is_valid():
        raise Http404("snapshot")
    snapshot: Snapshot | None = form.snapshot_chosen()
    roster = tps_roster_build(tps=tps, snapshot=snapshot) if snapshot is not None else None
    if roster is not None:
        audit_record(
            action=Action.VOTERS_EXPORTED,
            request=request,
            target_type="tps",
            target_id=str(tps.pk),
            target_label=f"{tps.label} {tps.village_id}",
            detail={"snapshot": roster.snapshot.pk, "rows": roster.total},
        )
    return render(
        request,
        "dpt/tps_list.html",
        {"tps": tps, "form": form, "snapshot": snapshot, "roster": roster},
    )


@_for_supervisors
@never_cache
@require_GET
def voter_detail(
    request: HtmxHttpRequest, jurisdiction: Jurisdiction, voter_id: int
) -> HttpResponse:
    """One voter's full record (NIK, NKK, birth date, address), opened on purpose and
    written to the audit trail; outside the user's jurisdiction the voter does not exist."""
    voters = rules.voters_visible(
        jurisdiction, Voter.objects.select_related("snapshot__election", "tps__village__parent")
    )
    voter = get_object_or_404(voters, pk=voter_id)
    audit_record(
        action=Action.VOTER_VIEWED,
        request=request,
        target_type="voter",
        target_id=str(voter.pk),
        target_label=f"{voter.snapshot_id}:{voter.source_line}",
        detail={"snapshot": voter.snapshot_id, "tps": voter.tps_id},
    )
    return render(request, "dpt/voter_detail.html", {"voter": voter, "snapshot": voter.snapshot})
