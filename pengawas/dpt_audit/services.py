"""Starting audits from the web and reading their findings.

audit_run_create checks who asks for what (the election visible to the user, the snapshot
of that election, the part of the list) and records the request in the audit trail;
audit_run_start hands the run to the background worker (tasks.audit_run_task), once the
run is committed; findings_page reads the findings of a run a page at a time, by keyset.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pengawas.accounts.roles import Role
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt.models import Snapshot, Stage
from pengawas.dpt.rules import elections_visible
from pengawas.dpt_audit.models import AuditRun, Category, Finding
from pengawas.dpt_audit.rules_access import can_audit
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region

FINDINGS_PAGE_MAX = 200


class AuditRunRefused(Exception):
    """A request to audit that may not run; `message` is for the user, `field` the form field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def snapshot_default(*, election: Election) -> Snapshot | None:
    """The list an audit reads unless told otherwise: the latest DPT, else the latest list."""
    snapshots = Snapshot.objects.filter(election=election).order_by("-imported_at", "-pk")
    return snapshots.filter(stage=Stage.DPT).first() or snapshots.first()


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def audit_run_create(
    *,
    user: AbstractBaseUser,
    election: Election,
    snapshot: Snapshot | None = None,
    region: Region | None = None,
    request: HttpRequest | None = None,
) -> AuditRun:
    """A queued run over the snapshot (default: snapshot_default) and the part of it allowed.

    A Panwascam audits their own kecamatan whatever `region` says; Bawaslu audits the whole
    list (region None) or one kecamatan of the election's region. Refusals raise
    AuditRunRefused with a message in Bahasa Indonesia.
    """
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None or not can_audit(jurisdiction):
        raise AuditRunRefused(_("Anda tidak berwenang menjalankan audit DPT."))
    if not elections_visible(jurisdiction, Election.objects.filter(pk=election.pk)).exists():
        raise AuditRunRefused(_("Pemilihan ini di luar wilayah Anda."), field="election")
    if snapshot is None:
        snapshot = snapshot_default(election=election)
        if snapshot is None:
            raise AuditRunRefused(
                _("Pemilihan ini belum punya daftar pemilih. Impor daftar pemilih lebih dulu."),
                field="snapshot",
            )
    elif snapshot.election_id != election.pk:
        raise AuditRunRefused(
            _("Daftar pemilih yang dipilih bukan milik pemilihan ini."), field="snapshot"
        )

    if jurisdiction.role == Role.PANWASCAM:
        region = Region.objects.get(pk=jurisdiction.region_code)
    elif region is None:
        if not jurisdiction.covers_region(election.region_id):
            raise AuditRunRefused(
                _("Pemilihan ini lebih luas dari wilayah Anda: pilih satu kecamatan."),
                field="region",
            )
    else:
        if region.level != Level.KECAMATAN or not _within(region.code, election.region_id):
            raise AuditRunRefused(
                _("Pilih satu kecamatan di wilayah pemilihan ini."), field="region"
            )
        if not jurisdiction.covers_region(region.code):
            raise AuditRunRefused(_("Kecamatan ini di luar wilayah Anda."), field="region")

    with transaction.atomic():
        run = AuditRun.objects.create(snapshot=snapshot, region=region, requested_by_id=user.pk)
        audit_record(
            action=Action.DPT_AUDIT_RUN,
            request=request,
            actor=user,
            target_type="dpt_audit_run",
            target_id=str(run.pk),
            target_label=f"{election.code} {snapshot.stage} #{snapshot.pk}",
            detail={
                "election": election.code,
                "snapshot": snapshot.pk,
                "region": region.code if region is not None else "",
            },
        )
    return run


def audit_run_start(*, run: AuditRun) -> None:
    """Queue the run for the worker once the transaction that made it is committed (the
    worker must find the row). Under huey's immediate mode (tests) it runs right there."""
    from pengawas.dpt_audit.tasks import audit_run_task

    run_id = run.pk
    transaction.on_commit(lambda: audit_run_task(run_id))


# --- Reading findings ---------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    label: str  # the category's name
    explanation: str  # what the rule checks, in plain Bahasa Indonesia
    basis: str  # the legal ground, "" when the rules module gives none


@dataclass(frozen=True)
class FindingsPage:
    findings: list[Finding]
    # The key to ask for the next page with (`after`), None on the last page.
    next_after: int | None


@functools.cache
def _legal_basis() -> dict[str, tuple[str, str]]:
    """Category → (citation, reason) from the rules module (rules.LEGAL_BASIS), when present."""
    try:
        from pengawas.dpt_audit import rules
    except ImportError:  # pragma: no cover - the rules ship with the app
        return {}
    table = getattr(rules, "LEGAL_BASIS", {})
    return {str(code): (str(basis[0]), str(basis[1])) for code, basis in table.items()}


def category_info(code: str) -> CategoryInfo:
    label = str(Category(code).label) if code in Category.values else code
    citation, reason = _legal_basis().get(code, ("", ""))
    return CategoryInfo(code=code, label=label, explanation=reason, basis=citation)


@dataclass(frozen=True)
class SummaryRow:
    info: CategoryInfo
    count: int


def run_summary(*, run: AuditRun) -> list[SummaryRow]:
    """Every category in the model's order with its count in the run (0 when none)."""
    summary = run.summary or {}
    return [SummaryRow(category_info(code), int(summary.get(code, 0))) for code in Category.values]


def findings_of(
    *, run: AuditRun, category: str | None = None, village_code: str | None = None
) -> QuerySet[Finding]:
    """A run's findings, with what the pages and the files show of each, in a stable order."""
    findings = Finding.objects.filter(run=run)
    if category:
        findings = findings.filter(category=category)
    if village_code:
        findings = findings.filter(village_id=village_code)
    return findings.select_related("voter", "tps", "village", "village__parent").order_by("pk")


def findings_page(
    *,
    run: AuditRun,
    category: str | None = None,
    village_code: str | None = None,
    after: int | None = None,
    limit: int = 50,
) -> FindingsPage:
    """One page of findings after the finding `after` (keyset: no OFFSET, as fast on the last
    page of 100,000 findings as on the first)."""
    limit = max(1, min(limit, FINDINGS_PAGE_MAX))
    findings = findings_of(run=run, category=category, village_code=village_code)
    if after is not None:
        findings = findings.filter(pk__gt=after)
    rows = list(findings[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return FindingsPage(rows, rows[-1].pk if more and rows else None)


def findings_villages(*, run: AuditRun) -> list[Region]:
    """The desa where the run found something, for the desa filter."""
    codes = (
        Finding.objects.filter(run=run, village__isnull=False)
        .order_by()
        .values_list("village_id", flat=True)
        .distinct()
    )
    return list(Region.objects.filter(code__in=codes).select_related("parent").order_by("code"))


def findings_iter(*, run: AuditRun, chunk_size: int = 2000) -> Iterator[Finding]:
    """Every finding of a run, read in chunks (the downloads stay flat in memory)."""
    return findings_of(run=run).order_by("village_id", "tps__number", "pk").iterator(chunk_size)
