"""Enforcement cases: filing, status moves, changes, deadlines and the dashboard.

Permissions come from cases/rules.py; every function that returns cases narrows them with
rules.cases_visible. Audit entries name a case by its id and number, never by the pelapor.
"""

from __future__ import annotations

import datetime
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive.models import Record
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.cases import rules
from pengawas.cases.deadlines import (
    CaseFacts,
    Deadline,
    State,
    WorkingDayTable,
    case_deadlines,
    jakarta_date,
    next_deadline,
)
from pengawas.cases.models import Case, CaseEvent, CaseKind, PublicHoliday
from pengawas.cases.numbers import receipt_number_issue, register_number_issue
from pengawas.cases.states import (
    DECIDED,
    ENDS,
    REGISTERED,
    CaseMoveError,
    Move,
    Status,
    move_check,
)
from pengawas.elections.models import Election
from pengawas.regions.models import Region


class CaseChangeError(CaseMoveError):
    """A change that does not fit the case's status (coded like CaseMoveError)."""


def pemilu_table() -> WorkingDayTable:
    """The Pemilu working-day figures (settings.PENGAWAS_PEMILU_WORKING_DAYS over the
    unverified defaults)."""
    return WorkingDayTable.from_mapping(getattr(settings, "PENGAWAS_PEMILU_WORKING_DAYS", None))


def holidays_all() -> frozenset[datetime.date]:
    return frozenset(PublicHoliday.objects.values_list("date", flat=True))


def _jurisdiction(user: User) -> Jurisdiction:
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None or not rules.can_use_cases(jurisdiction):
        raise PermissionDenied
    return jurisdiction


def _audit(
    action: Action, *, case: Case, user: User, request: HttpRequest | None, **detail: object
) -> None:
    audit_record(
        action=action,
        request=request,
        actor=user,
        target_type="case",
        target_id=str(case.pk),
        target_label=case.label,
        detail=detail,
    )


def case_create(
    *,
    user: User,
    kind: str,
    election: Election,
    region: Region,
    received_at: datetime.datetime,
    terlapor: str,
    description: str,
    violation_type: str,
    known_on: datetime.date | None = None,
    occurred_at: datetime.datetime | None = None,
    place: str = "",
    pelapor_name: str = "",
    pelapor_address: str = "",
    pelapor_contact: str = "",
    source_record: Record | None = None,
    documents: Sequence[Record] = (),
    request: HttpRequest | None = None,
) -> Case:
    """File a laporan (received from the public, with a receipt number) or a temuan.

    The case starts as "diterima", with a first event dated when it was received.
    """
    jurisdiction = _jurisdiction(user)
    if not rules.can_create(jurisdiction, kind=kind) or not rules.can_file_in(
        jurisdiction, region_code=region.code
    ):
        raise PermissionDenied
    if kind != CaseKind.LAPORAN:  # a temuan has no pelapor
        pelapor_name = pelapor_address = pelapor_contact = ""
    with transaction.atomic():
        case = Case.objects.create(
            kind=kind,
            election=election,
            region=region,
            received_at=received_at,
            known_on=known_on,
            occurred_at=occurred_at,
            place=place,
            pelapor_name=pelapor_name,
            pelapor_address=pelapor_address,
            pelapor_contact=pelapor_contact,
            terlapor=terlapor,
            description=description,
            violation_type=violation_type,
            source_record=source_record if kind == CaseKind.TEMUAN else None,
            created_by=user,
        )
        if kind == CaseKind.LAPORAN:
            case.receipt_number = receipt_number_issue(on=jakarta_date(received_at))
            case.save(update_fields=["receipt_number"])
        case.documents.set(documents)
        event = CaseEvent.objects.create(
            case=case, status_to=Status.DITERIMA, on=received_at, decided_by=user
        )
        event.documents.set(documents)
        _audit(
            Action.CASE_CREATED,
            case=case,
            user=user,
            request=request,
            kind=kind,
            region=region.code,
            election=election.code,
            violation_type=violation_type,
            documents=[record.pk for record in documents],
        )
    return case


def case_get_visible(*, user: User, case_id: int) -> Case:
    """The case, if this user may see it (Http404 otherwise: it does not exist for them)."""
    jurisdiction = _jurisdiction(user)
    queryset = rules.cases_visible(
        jurisdiction, user.pk, Case.objects.select_related("election", "region", "created_by")
    )
    case = queryset.filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def case_view_record(*, case: Case, user: User, request: HttpRequest, page: str) -> None:
    """Write CASE_VIEWED: the case page or its notice was opened."""
    _audit(Action.CASE_VIEWED, case=case, user=user, request=request, page=page)


def case_move(
    *,
    case: Case,
    user: User,
    target: str,
    on: datetime.datetime,
    note: str = "",
    destination: str = "",
    destination_name: str = "",
    documents: Sequence[Record] = (),
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Move the case to its next status (states.MOVES), dated, with who decided it, its
    reasons and documents. A registration issues the register number (gapless per year and
    kind). Raises CaseMoveError for a move outside the machine."""
    jurisdiction = _jurisdiction(user)
    if not rules.can_move(jurisdiction):
        raise PermissionDenied
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        last = locked.events.order_by("-on", "-pk").first()
        move_check(
            Move(
                current=locked.status,
                target=target,
                on=on,
                last_on=last.on if last else None,
                now=timezone.now(),
                destination=destination,
                destination_name=destination_name,
                note=note,
            )
        )
        event = CaseEvent.objects.create(
            case=locked,
            status_from=locked.status,
            status_to=target,
            on=on,
            decided_by=user,
            note=note.strip(),
            destination=destination,
            destination_name=destination_name.strip(),
        )
        event.documents.set(documents)
        if documents:
            locked.documents.add(*documents)
        locked.status = target
        fields = ["status", "updated"]
        if target == Status.DIREGISTRASI:
            locked.register_number = register_number_issue(kind=locked.kind, on=jakarta_date(on))
            fields.append("register_number")
        locked.save(update_fields=fields)
        _audit(
            Action.CASE_STATUS_CHANGED,
            case=locked,
            user=user,
            request=request,
            status_from=event.status_from,
            status_to=target,
            destination=destination,
            documents=[record.pk for record in documents],
        )
    case.refresh_from_db()
    return event


class ChangeKind:
    COMPLETENESS_REQUESTED = "minta_kelengkapan"
    COMPLETENESS_MET = "kelengkapan_diterima"
    MORE_INFO = "perlu_keterangan"
    DOCUMENTS = "tambah_dokumen"


CHANGE_CHOICES = (
    (ChangeKind.COMPLETENESS_REQUESTED, gettext_lazy("Minta kelengkapan syarat (2x24 jam)")),
    (ChangeKind.COMPLETENESS_MET, gettext_lazy("Kelengkapan syarat diterima")),
    (ChangeKind.MORE_INFO, gettext_lazy("Perlu keterangan tambahan (+2 hari)")),
    (ChangeKind.DOCUMENTS, gettext_lazy("Tambah dokumen")),
)


def case_change(
    *,
    case: Case,
    user: User,
    change: str,
    on: datetime.datetime | None = None,
    documents: Sequence[Record] = (),
    request: HttpRequest | None = None,
) -> None:
    """Record a fact that moves a deadline, or add documents (CASE_CHANGED).

    - minta_kelengkapan: the pelapor is asked to complete the syarat (laporan, before
      registration); the 2x24 hours start `on`.
    - kelengkapan_diterima: the missing syarat arrived.
    - perlu_keterangan: more information is needed after registration (UU Pemilihan Pasal
      134 ayat (6): two more days).
    - tambah_dokumen: attach archive records to the case.
    """
    jurisdiction = _jurisdiction(user)
    if not rules.can_change(jurisdiction):
        raise PermissionDenied
    moment = on or timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        fields: list[str] = []
        early = locked.status in (Status.DITERIMA, Status.KAJIAN_AWAL)
        if change == ChangeKind.COMPLETENESS_REQUESTED:
            if locked.kind != CaseKind.LAPORAN or not early:
                raise CaseChangeError(
                    "change.completeness_stage",
                    _("Kelengkapan syarat hanya diminta untuk laporan sebelum registrasi."),
                )
            if locked.completeness_requested_at is not None:
                raise CaseChangeError(
                    "change.completeness_twice", _("Kelengkapan syarat sudah diminta.")
                )
            if moment > timezone.now():
                raise CaseChangeError("change.in_future", _("Tanggal ini belum terjadi."))
            locked.completeness_requested_at = moment
            fields.append("completeness_requested_at")
        elif change == ChangeKind.COMPLETENESS_MET:
            if locked.completeness_requested_at is None or locked.completeness_met_at:
                raise CaseChangeError(
                    "change.completeness_not_requested",
                    _("Tidak ada permintaan kelengkapan syarat yang terbuka."),
                )
            if moment < locked.completeness_requested_at or moment > timezone.now():
                raise CaseChangeError(
                    "change.completeness_date", _("Tanggal kelengkapan tidak masuk akal.")
                )
            locked.completeness_met_at = moment
            fields.append("completeness_met_at")
        elif change == ChangeKind.MORE_INFO:
            if locked.status not in REGISTERED or locked.status in DECIDED:
                raise CaseChangeError(
                    "change.more_info_stage",
                    _("Keterangan tambahan hanya untuk perkara teregistrasi yang belum diputus."),
                )
            if locked.more_info_needed:
                raise CaseChangeError("change.more_info_twice", _("Sudah dicatat."))
            locked.more_info_needed = True
            fields.append("more_info_needed")
        elif change == ChangeKind.DOCUMENTS:
            if not documents:
                raise CaseChangeError("change.no_documents", _("Pilih dokumen yang ditambahkan."))
        else:
            raise CaseChangeError("change.unknown", _("Perubahan tidak dikenal."))
        if documents:
            locked.documents.add(*documents)
        if fields:
            locked.save(update_fields=[*fields, "updated"])
        _audit(
            Action.CASE_CHANGED,
            case=locked,
            user=user,
            request=request,
            change=change,
            documents=[record.pk for record in documents],
        )
    case.refresh_from_db()


def case_facts(
    case: Case, *, events: Iterable[CaseEvent], holidays: frozenset[datetime.date]
) -> CaseFacts:
    """What the deadlines depend on, from the case and its events (oldest first)."""
    registered_on = decided_on = None
    left_kajian_awal = None
    for event in events:
        if event.status_to == Status.DIREGISTRASI and registered_on is None:
            registered_on = jakarta_date(event.on)
        if event.status_to in DECIDED and decided_on is None:
            decided_on = jakarta_date(event.on)
        if event.status_from == Status.KAJIAN_AWAL and left_kajian_awal is None:
            left_kajian_awal = event.on
    return CaseFacts(
        election_kind=case.election.kind,
        case_kind=case.kind,
        received_at=case.received_at,
        known_on=case.known_on,
        completeness_requested_at=case.completeness_requested_at,
        completeness_done_at=case.completeness_met_at or left_kajian_awal,
        registered_on=registered_on,
        more_info_needed=case.more_info_needed,
        decided_on=decided_on,
        holidays=holidays,
    )


def case_deadlines_of(
    *,
    case: Case,
    now: datetime.datetime | None = None,
    holidays: frozenset[datetime.date] | None = None,
) -> list[Deadline]:
    events = list(case.events.all())
    if holidays is None:
        holidays = holidays_all() if case.election.kind != "pilkada" else frozenset()
    facts = case_facts(case, events=events, holidays=holidays)
    return case_deadlines(facts, now=now or timezone.now(), table=pemilu_table())


@dataclass(frozen=True)
class DashboardRow:
    case: Case
    next: Deadline | None


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]  # open cases, overdue and due-soon first
    open_count: int
    overdue: int
    due_soon: int
    closed_count: int
    by_status: dict[str, int]


def cases_dashboard(
    *, user: User, now: datetime.datetime | None = None, limit: int = 200
) -> Dashboard:
    """The open cases in the user's view with their next deadline, most urgent first."""
    jurisdiction = _jurisdiction(user)
    moment = now or timezone.now()
    visible = rules.cases_visible(jurisdiction, user.pk, Case.objects.all())
    open_cases = (
        visible.exclude(status__in=ENDS)
        .select_related("election", "region")
        .prefetch_related("events")
        .order_by("received_at", "pk")[:limit]
    )
    holidays = holidays_all()
    table = pemilu_table()
    rows = []
    for case in open_cases:
        facts = case_facts(case, events=case.events.all(), holidays=holidays)
        rows.append(
            DashboardRow(case, next_deadline(case_deadlines(facts, now=moment, table=table)))
        )
    rows.sort(
        key=lambda row: (
            row.next.sort_key if row.next else (4, datetime.date.max),
            row.case.received_at,
        )
    )
    states = Tally(row.next.state for row in rows if row.next)
    by_status = Tally(row.case.status for row in rows)
    return Dashboard(
        rows=rows,
        open_count=len(rows),
        overdue=states[State.OVERDUE],
        due_soon=states[State.DUE_SOON],
        closed_count=visible.filter(status__in=ENDS).count(),
        by_status=dict(by_status),
    )


def records_by_numbers(*, user: User, numbers: Iterable[str]) -> tuple[list[Record], list[str]]:
    """Archive records by their numbers, as this user may see them (archive.rules); returns
    the records found and the numbers not found."""
    from pengawas.archive.rules import records_visible

    wanted = [number.strip() for number in numbers if number.strip()]
    if not wanted:
        return [], []
    jurisdiction = _jurisdiction(user)
    found = {
        record.number: record
        for record in records_visible(
            jurisdiction, user.pk, Record.objects.filter(number__in=wanted)
        )
    }
    missing = [number for number in wanted if number not in found]
    return [found[number] for number in wanted if number in found], missing


def mask_name(name: str) -> str:
    """ "Siti Aminah" → "S*** A***": enough to tell cases apart in a list, no more."""
    return " ".join(part[0] + "***" for part in name.split() if part)
