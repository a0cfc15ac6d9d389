"""Hari pemungutan suara: one page that leads each supervisor to their voting-day work.

Each link follows the rule of the page it opens (each app's rules.py), like the site menu."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.rules import has_assignment
from pengawas.elections.models import Tps
from pengawas.form_a import rules as form_a_rules
from pengawas.guide import rules as guide_rules
from pengawas.guide.services import series_for_election
from pengawas.incidents import rules as incidents_rules
from pengawas.overview import rules as overview_rules
from pengawas.tally import rules as tally_rules


@require_GET
@jurisdiction_required(has_assignment)
def voting_day(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    tps = None
    checklist_series = None
    if jurisdiction.tps_id is not None:
        tps = Tps.objects.select_related("election", "village").get(pk=jurisdiction.tps_id)
        if guide_rules.can_keep_checklist(jurisdiction):
            checklist_series = series_for_election(election=tps.election)
    return render(
        request,
        "core/voting_day.html",
        {
            "tps": tps,
            "checklist_series": checklist_series,
            "form_a_own": form_a_rules.can_write(jurisdiction),
            "form_a_review": form_a_rules.can_review(jurisdiction),
            "sheet_own": tally_rules.can_enter_own_sheet(jurisdiction),
            "candidates": tally_rules.can_manage_candidates(jurisdiction),
            "incidents_own": incidents_rules.is_ptps(jurisdiction),
            "watch": overview_rules.can_watch(jurisdiction),
            "recap": overview_rules.can_import_recap(jurisdiction),
            "guide": guide_rules.can_read_guide(jurisdiction),
        },
    )
