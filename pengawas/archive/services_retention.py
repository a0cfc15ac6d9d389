"""Retention (penyusutan arsip): which records are due, and their disposal.

Legal basis: the JRA of Bawaslu (Perbawaslu 21/2014, Jadwal Retensi Arsip) gives each
classification a retention period and an outcome (musnah, dinilai kembali, permanen);
UU 43/2009 (Kearsipan) Pasal 51 requires destruction (pemusnahan) to follow the JRA and
be approved, and forbids destroying records that are part of a legal process.

The rule, counted in whole years as the JRA is (its periods are "n tahun"): a record
made in year Y whose classification keeps records R years is due on 1 January of
Y + R + 1, i.e. after R full calendar years following the year it was made. A record dated
15 March 2020 under a 5-year classification is due on 1 January 2026. A classification
with no retention period set is never due (Bawaslu has not decided it yet).

Disposal (outcome musnah only) is a DisposalRequest approved by two different people
allowed by rules.can_approve_disposal. The requester may be one of the two: that is
still two people, and the request itself is no approval (the requester approves as a
separate, recorded act). A legal hold on any record blocks the request from being made,
approved or executed; a hold set after an approval still blocks the execution. Executing
deletes the files' ciphertext and previews from the archive storage, keeps every record
row as a metadata stub (its files' rows too, with deleted_at and no text) with its whole
audit history, and records DISPOSAL_APPROVED and RECORD_DISPOSED.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest
from django.utils import timezone

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.models import Record, RetentionOutcome, StoredFile
from pengawas.archive.models_custody import (
    APPROVALS_NEEDED,
    DisposalApproval,
    DisposalRequest,
    DisposalStatus,
)
from pengawas.archive.services_files import NO_PREVIEW
from pengawas.archive.storage import archive_storage
from pengawas.audit.actions import Action
from pengawas.audit.services import AuditDraft, audit_record_many

# --- The rule (pure) ----------------------------------------------------------------------


def retention_due_date(
    *, record_date: datetime.date, retention_years: int | None
) -> datetime.date | None:
    """The day a record's retention ends (see the module docstring), or None if never."""
    if retention_years is None:
        return None
    year = record_date.year + retention_years + 1
    if year > datetime.MAXYEAR:
        return None
    return datetime.date(year, 1, 1)


def retention_is_due(
    *, record_date: datetime.date, retention_years: int | None, as_of: datetime.date
) -> bool:
    due = retention_due_date(record_date=record_date, retention_years=retention_years)
    return due is not None and as_of >= due


# --- Which records are due ----------------------------------------------------------------


def records_due(
    *, as_of: datetime.date, records: QuerySet[Record] | None = None
) -> QuerySet[Record]:
    """The records (not yet disposed) whose retention ended on or before as_of, in SQL:
    year(date) + retention_years + 1 <= year(as_of), the rule of retention_due_date."""
    base = Record.objects.all() if records is None else records
    return (
        base.filter(disposed_at__isnull=True, classification__retention_years__isnull=False)
        .annotate(due_year=ExtractYear("date") + F("classification__retention_years") + 1)
        .filter(due_year__lte=as_of.year)
    )


@dataclass
class RetentionGroup:
    classification: str
    classification_name: str
    year: int
    outcome: str
    outcome_label: str
    records: list[Record] = field(default_factory=list)


@dataclass
class RetentionReport:
    as_of: datetime.date
    groups: list[RetentionGroup]
    held: list[Record]

    @property
    def due_count(self) -> int:
        return sum(len(group.records) for group in self.groups)

    def count_by_outcome(self) -> dict[str, int]:
        counts = {outcome.value: 0 for outcome in RetentionOutcome}
        for group in self.groups:
            counts[group.outcome] = counts.get(group.outcome, 0) + len(group.records)
        return counts

    @property
    def destroyable_ids(self) -> list[int]:
        return [
            record.pk
            for group in self.groups
            if group.outcome == RetentionOutcome.MUSNAH
            for record in group.records
        ]


def retention_report(
    *, as_of: datetime.date, records: QuerySet[Record] | None = None
) -> RetentionReport:
    """Due records grouped by classification and year (the order Bawaslu sorts them in
    for penyusutan), each group with its outcome; records under legal hold apart."""
    due = (
        records_due(as_of=as_of, records=records)
        .select_related("classification", "region")
        .order_by("classification_id", "date", "pk")
    )
    groups: dict[tuple[str, int], RetentionGroup] = {}
    held: list[Record] = []
    for record in due:
        if record.legal_hold:
            held.append(record)
            continue
        classification = record.classification
        assert classification is not None
        key = (classification.code, record.date.year)
        if key not in groups:
            groups[key] = RetentionGroup(
                classification=classification.code,
                classification_name=classification.name,
                year=record.date.year,
                outcome=classification.retention_outcome,
                outcome_label=str(RetentionOutcome(classification.retention_outcome).label),
            )
        groups[key].records.append(record)
    return RetentionReport(as_of=as_of, groups=list(groups.values()), held=held)


# --- Disposal -----------------------------------------------------------------------------


class DisposalRefused(Exception):
    """A disposal step that the rules do not allow; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _approver_jurisdiction(user: User) -> Jurisdiction:
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_approve_disposal(jurisdiction):
        raise PermissionDenied
    assert jurisdiction is not None
    return jurisdiction


def disposal_requests_visible(*, user: User) -> QuerySet[DisposalRequest]:
    """The requests whose every record the user sees (none outside their area or level)."""
    jurisdiction = _approver_jurisdiction(user)
    hidden = Record.objects.exclude(
        pk__in=rules.records_visible(jurisdiction, int(user.pk), Record.objects.all()).values("pk")
    )
    return DisposalRequest.objects.exclude(records__in=hidden.values("pk"))


def disposal_get_visible(*, user: User, request_id: int) -> DisposalRequest:
    found = disposal_requests_visible(user=user).filter(pk=request_id).first()
    if found is None:
        raise Http404("disposal")
    return found


def _held_labels(records: Iterable[Record]) -> list[str]:
    return [record.number or f"#{record.pk}" for record in records if record.legal_hold]


def disposal_request_create(
    *,
    user: User,
    record_ids: Sequence[int],
    as_of: datetime.date | None = None,
    note: str = "",
) -> DisposalRequest:
    """Propose the destruction of these records: each must be visible to the user, due on
    as_of (today by default), with outcome musnah, not held and not already disposed."""
    jurisdiction = _approver_jurisdiction(user)
    as_of = as_of or timezone.localdate()
    wanted = list(dict.fromkeys(record_ids))
    if not wanted:
        raise DisposalRefused("Pilih sedikitnya satu arsip.")
    visible = rules.records_visible(
        jurisdiction, int(user.pk), Record.objects.filter(pk__in=wanted)
    )
    if visible.count() != len(wanted):
        raise Http404("records")
    due = records_due(as_of=as_of, records=visible).filter(
        classification__retention_outcome=RetentionOutcome.MUSNAH
    )
    due_ids = set(due.values_list("pk", flat=True))
    not_due = [pk for pk in wanted if pk not in due_ids]
    if not_due:
        raise DisposalRefused(
            "Hanya arsip yang masa simpannya habis dengan keterangan akhir musnah yang dapat "
            f"diusulkan untuk dimusnahkan (bukan: {', '.join(f'#{pk}' for pk in not_due)})."
        )
    held = _held_labels(visible)
    if held:
        raise DisposalRefused(
            "Arsip berikut ditahan untuk proses hukum dan tidak dapat dimusnahkan: "
            + ", ".join(held)
        )
    with transaction.atomic():
        request = DisposalRequest.objects.create(created_by=user, as_of=as_of, note=note[:500])
        request.records.set(wanted)
    return request


def _check_records(request: DisposalRequest, *, for_update: bool) -> list[Record]:
    records = request.records.all().order_by("pk")
    if for_update:
        records = records.select_for_update()
    loaded = list(records)
    held = _held_labels(loaded)
    if held:
        raise DisposalRefused(
            "Penyusutan diblokir: arsip berikut ditahan untuk proses hukum: " + ", ".join(held)
        )
    if any(record.disposed_at is not None for record in loaded):
        raise DisposalRefused("Sebagian arsip usulan ini sudah dimusnahkan.")
    return loaded


def disposal_approve(
    *, user: User, request_id: int, http_request: HttpRequest | None = None
) -> DisposalApproval:
    """One approval of a pending request; the same person cannot approve twice."""
    disposal_get_visible(user=user, request_id=request_id)
    with transaction.atomic():
        request = DisposalRequest.objects.select_for_update().get(pk=request_id)
        if request.status != DisposalStatus.PENDING:
            raise DisposalRefused("Usulan ini tidak lagi menunggu persetujuan.")
        if request.approvals.filter(approver=user).exists():
            raise DisposalRefused(
                "Anda sudah menyetujui usulan ini; persetujuan kedua harus dari orang lain."
            )
        if request.approvals.count() >= APPROVALS_NEEDED:
            raise DisposalRefused("Usulan ini sudah mendapat dua persetujuan.")
        records = _check_records(request, for_update=False)
        try:
            with transaction.atomic():
                approval = DisposalApproval.objects.create(request=request, approver=user)
        except IntegrityError as error:  # a second click racing the first
            raise DisposalRefused(
                "Anda sudah menyetujui usulan ini; persetujuan kedua harus dari orang lain."
            ) from error
        number = request.approvals.count()
        audit_record_many(
            drafts=[
                AuditDraft(
                    action=Action.DISPOSAL_APPROVED,
                    target_type="record",
                    target_id=str(record.pk),
                    target_label=record.number or f"arsip #{record.pk}",
                    detail={"disposal": request.pk, "approval": number},
                )
                for record in records
            ],
            request=http_request,
            actor=user,
        )
    return approval


@dataclass(frozen=True)
class DisposalResult:
    request: DisposalRequest
    records: int
    files: int
    storage_left: list[str]  # storage names that could not be deleted (try again)


def disposal_execute(
    *, user: User, request_id: int, http_request: HttpRequest | None = None
) -> DisposalResult:
    """Destroy the files of an approved request: two approvals by two different people,
    no record held now, every record still due. The rows stay as stubs with their history;
    the ciphertext and previews leave the storage once the database says so."""
    disposal_get_visible(user=user, request_id=request_id)
    now = timezone.now()
    with transaction.atomic():
        request = DisposalRequest.objects.select_for_update().get(pk=request_id)
        if request.status != DisposalStatus.PENDING:
            raise DisposalRefused("Usulan ini sudah dilaksanakan atau dibatalkan.")
        approvers = list(request.approvals.values_list("approver_id", flat=True))
        if len(set(approvers)) < APPROVALS_NEEDED:
            raise DisposalRefused(
                "Pemusnahan memerlukan persetujuan dua orang yang berbeda "
                f"({len(set(approvers))} dari {APPROVALS_NEEDED})."
            )
        records = _check_records(request, for_update=True)
        due = set(
            records_due(as_of=timezone.localdate(), records=request.records.all())
            .filter(classification__retention_outcome=RetentionOutcome.MUSNAH)
            .values_list("pk", flat=True)
        )
        if any(record.pk not in due for record in records):
            raise DisposalRefused(
                "Klasifikasi atau tanggal sebagian arsip telah berubah: arsip itu tidak lagi "
                "jatuh tempo untuk dimusnahkan. Buat usulan baru."
            )
        files = list(
            StoredFile.objects.select_for_update()
            .filter(record__in=records, deleted_at__isnull=True)
            .order_by("pk")
        )
        names = [
            name
            for stored in files
            for name in (stored.storage_name, stored.preview_storage_name)
            if name and name != NO_PREVIEW
        ]
        StoredFile.objects.filter(pk__in=[stored.pk for stored in files]).update(
            deleted_at=now, text=""
        )
        Record.objects.filter(pk__in=[record.pk for record in records]).update(disposed_at=now)
        request.status = DisposalStatus.EXECUTED
        request.executed_at = now
        request.executed_by_id = user.pk
        request.save(update_fields=["status", "executed_at", "executed_by"])
        drafts = [
            AuditDraft(
                action=Action.RECORD_DISPOSED,
                target_type="file",
                target_id=str(stored.pk),
                target_label=f"arsip #{stored.record_id} v{stored.version}",
                detail={
                    "sha256": stored.sha256,
                    "file": stored.pk,
                    "version": stored.version,
                    "disposal": request.pk,
                },
            )
            for stored in files
        ] + [
            AuditDraft(
                action=Action.RECORD_DISPOSED,
                target_type="record",
                target_id=str(record.pk),
                target_label=record.number or f"arsip #{record.pk}",
                detail={
                    "disposal": request.pk,
                    "files": sum(1 for stored in files if stored.record_id == record.pk),
                    "approvers": sorted(set(approvers)),
                },
            )
            for record in records
        ]
        audit_record_many(drafts=drafts, request=http_request, actor=user)
    left = _storage_delete(names)
    return DisposalResult(
        request=request, records=len(records), files=len(files), storage_left=left
    )


def _storage_delete(names: Sequence[str]) -> list[str]:
    """Delete ciphertext and previews; the names that could not be deleted are returned
    (the rows already say deleted: run the disposal's names through this again)."""
    storage = archive_storage()
    left = []
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            left.append(name)
    return left
