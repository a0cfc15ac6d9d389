"""The case register (penindakan): dashboard, filing, a case's page, status moves, changes
and the pemberitahuan status letter.

Login required; cases/rules.py decides everything. A case outside the user's view is 404;
an action the user's role may not take on a case they can see is 403. The pelapor's data
appears only on a handler's case page and in the letter, never in the list.
"""

from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.archive import rules as archive_rules
from pengawas.archive.models import Record
from pengawas.cases import rules
from pengawas.cases.forms import CaseChangeForm, CaseCreateForm, CaseMoveForm
from pengawas.cases.models import Case
from pengawas.cases.notice import notice_pdf
from pengawas.cases.services import (
    case_change,
    case_create,
    case_deadlines_of,
    case_get_visible,
    case_move,
    case_view_record,
    cases_dashboard,
    mask_name,
)
from pengawas.cases.states import CaseMoveError, next_statuses

_for_cases = jurisdiction_required(rules.can_use_cases)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@never_cache
@require_GET
@_for_cases
def case_list(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    dashboard = cases_dashboard(user=_user(request))
    show_pelapor = rules.can_see_pelapor(jurisdiction)
    rows = [
        {
            "case": row.case,
            "next": row.next,
            "pelapor": mask_name(row.case.pelapor_name) if show_pelapor else "",
        }
        for row in dashboard.rows
    ]
    return render(
        request,
        "cases/list.html",
        {
            "dashboard": dashboard,
            "rows": rows,
            "show_pelapor": show_pelapor,
            "can_create": bool(rules.kinds_for(jurisdiction)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_for_cases
def case_create_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    user = _user(request)
    if not rules.kinds_for(jurisdiction) or not rules.filing_regions(jurisdiction).exists():
        raise PermissionDenied
    form = CaseCreateForm(request.POST or None, user=user, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = case_create(
            user=user,
            kind=data["kind"],
            election=data["election"],
            region=data["region"],
            received_at=data["received_at"],
            known_on=data.get("known_on"),
            occurred_at=data.get("occurred_at"),
            place=data.get("place", ""),
            pelapor_name=data.get("pelapor_name", ""),
            pelapor_address=data.get("pelapor_address", ""),
            pelapor_contact=data.get("pelapor_contact", ""),
            terlapor=data["terlapor"],
            description=data["description"],
            violation_type=data["violation_type"],
            source_record=form.source,
            documents=form.document_records,
            request=request,
        )
        return redirect("case-detail", case.pk)
    return render(request, "cases/create.html", {"form": form})


def _detail(
    request: HttpRequest,
    jurisdiction: Jurisdiction,
    case: Case,
    *,
    move_form: CaseMoveForm | None = None,
    change_form: CaseChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    handler = rules.can_move(jurisdiction)
    # Documents are SIP records: each shows (and goes into a bundle) only when the archive's
    # own rules let this user see it.
    visible = archive_rules.records_visible(jurisdiction, user.pk, Record.objects.all())
    events = list(
        case.events.select_related("decided_by")
        .prefetch_related(Prefetch("documents", queryset=visible))
        .order_by("on", "pk")
    )
    if handler and next_statuses(case.status):
        move_form = move_form or CaseMoveForm(case=case, user=user)
    else:
        move_form = None
    if rules.can_change(jurisdiction):
        change_form = change_form or CaseChangeForm(user=user)
    else:
        change_form = None
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "events": events,
            "deadlines": case_deadlines_of(case=case),
            "documents": case.documents.filter(pk__in=visible.values("pk")),
            "show_pelapor": rules.can_see_pelapor(jurisdiction),
            "can_notice": rules.can_print_notice(jurisdiction),
            "move_form": move_form,
            "change_form": change_form,
        },
        status=status,
    )


@never_cache
@require_GET
@_for_cases
def case_detail(request: HttpRequest, jurisdiction: Jurisdiction, case_id: int) -> HttpResponse:
    case = case_get_visible(user=_user(request), case_id=case_id)
    case_view_record(case=case, user=_user(request), request=request, page="detail")
    return _detail(request, jurisdiction, case)


@never_cache
@require_POST
@_for_cases
def case_move_page(request: HttpRequest, jurisdiction: Jurisdiction, case_id: int) -> HttpResponse:
    user = _user(request)
    case = case_get_visible(user=user, case_id=case_id)
    if not rules.can_move(jurisdiction):
        raise PermissionDenied
    form = CaseMoveForm(request.POST, case=case, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case_move(
                case=case,
                user=user,
                target=data["to"],
                on=data["on"],
                note=data["note"],
                destination=data["destination"],
                destination_name=data["destination_name"],
                documents=form.document_records,
                request=request,
            )
        except CaseMoveError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("case-detail", case.pk)
    return _detail(request, jurisdiction, case, move_form=form, status=400)


@never_cache
@require_POST
@_for_cases
def case_change_page(
    request: HttpRequest, jurisdiction: Jurisdiction, case_id: int
) -> HttpResponse:
    user = _user(request)
    case = case_get_visible(user=user, case_id=case_id)
    if not rules.can_change(jurisdiction):
        raise PermissionDenied
    form = CaseChangeForm(request.POST, user=user)
    if form.is_valid():
        try:
            case_change(
                case=case,
                user=user,
                change=form.cleaned_data["change"],
                on=form.cleaned_data["on"],
                documents=form.document_records,
                request=request,
            )
        except CaseMoveError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("case-detail", case.pk)
    return _detail(request, jurisdiction, case, change_form=form, status=400)


@never_cache
@require_GET
@_for_cases
def case_notice(request: HttpRequest, jurisdiction: Jurisdiction, case_id: int) -> HttpResponse:
    user = _user(request)
    case = case_get_visible(user=user, case_id=case_id)
    if not rules.can_print_notice(jurisdiction):
        raise PermissionDenied
    events = list(case.events.order_by("on", "pk"))
    pdf = notice_pdf(case=case, events=events)
    case_view_record(case=case, user=user, request=request, page="notice")
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries the case id only: the number has slashes, the pelapor's name
    # never goes into a header.
    response["Content-Disposition"] = f'inline; filename="pemberitahuan-status-{case.pk}.pdf"'
    return response
