"""Bawaslu Kabupaten/Kota registers the paslon of an election (nomor urut and name), as the
KPU set them; the C.Hasil form asks for the votes of each (tally/rules.py)."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pengawas.accounts.roles import Jurisdiction
from pengawas.elections.models import Election
from pengawas.tally import rules
from pengawas.tally.models import Candidate
from pengawas.tally.services import candidate_add
from pengawas.tally.views import for_tally


@require_http_methods(["GET", "POST"])
@for_tally
def candidates_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    if not rules.can_manage_candidates(jurisdiction):
        raise PermissionDenied
    elections = list(rules.elections_of(jurisdiction, Election.objects.all()).distinct())
    error = ""
    if request.method == "POST":
        chosen = next((e for e in elections if str(e.pk) == request.POST.get("election")), None)
        number = request.POST.get("number", "").strip()
        if chosen is None or not number.isdigit():
            error = _("Pilih pemilihan dan isikan nomor urut berupa bilangan bulat.")
        else:
            try:
                candidate = candidate_add(
                    election=chosen,
                    number=int(number),
                    name=request.POST.get("name", ""),
                    user=request.user if isinstance(request.user, User) else None,
                    request=request,
                )
            except ValidationError as refused:
                error = refused.messages[0]
            else:
                messages.success(request, _("Paslon %(paslon)s tersimpan.") % {"paslon": candidate})
                return redirect("tally-candidates")
    candidates = Candidate.objects.filter(election__in=elections).order_by("election", "number")
    by_election = [
        (election, [c for c in candidates if c.election_id == election.pk])
        for election in elections
    ]
    return render(
        request,
        "tally/candidates.html",
        {
            "by_election": by_election,
            "elections": elections,
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )
