"""Saran perbaikan: the findings chosen, what the letter will include, and making it.

saran_preview counts what a selection includes (for the confirmation page); saran_create
builds the letter (PDF) and the spreadsheet (XLSX), files both in the archive when the
archive is configured (a record of function "pencegahan", numbered when the classification
line of saran.CLASSIFICATION exists) and writes SARAN_PERBAIKAN_CREATED to the audit trail.
Without an archive key the letter is still made and downloadable; the result says why it
was not archived. The findings are named by id and counts, never by NIK, in the trail.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.archive import crypto
from pengawas.archive.models import AccessLevel, Classification, Function, Record, StoredFile
from pengawas.archive.refusals import FileRefused
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create, record_number_issue, unit_code
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt_audit import saran
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.dpt_audit.saran_pdf import letter_pdf
from pengawas.dpt_audit.saran_xlsx import findings_xlsx
from pengawas.regions.models import Region

# A letter with more findings than this is refused: narrow it by category or desa (the
# lampiran would run to hundreds of pages and the PDF is built in memory).
MAX_FINDINGS = 20_000
PDF_NAME = "saran-perbaikan.pdf"
XLSX_NAME = "saran-perbaikan-temuan.xlsx"


class SaranRefused(Exception):
    """The selection cannot make a letter (empty, too large, run not done); the message is
    for the user, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Selection:
    """Which findings of one run: ids, or every finding in some categories and/or desa."""

    finding_ids: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    desa: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Selection:
        """From a QueryDict (POST body or query string); unknown values are dropped."""
        getlist = getattr(data, "getlist", None)

        def values(name: str) -> list[str]:
            if getlist is not None:
                return [str(v) for v in getlist(name)]
            value = data.get(name)
            return [] if value is None else [str(value)]

        ids = sorted({int(v) for v in values("finding") if v.strip().isdigit()})
        categories = sorted({v for v in values("category") if v in Category.values})
        desa = sorted({v.strip() for v in values("desa") if v.strip()})
        return cls(tuple(ids), tuple(categories), tuple(desa))

    def as_pairs(self) -> list[tuple[str, str]]:
        """Hidden form fields that carry the selection to the next request."""
        return (
            [("finding", str(i)) for i in self.finding_ids]
            + [("category", c) for c in self.categories]
            + [("desa", d) for d in self.desa]
        )


def findings_selected(*, run: AuditRun, selection: Selection) -> QuerySet[Finding]:
    findings = Finding.objects.filter(run=run)
    if selection.finding_ids:
        return findings.filter(pk__in=selection.finding_ids[: MAX_FINDINGS + 1])
    if selection.categories:
        findings = findings.filter(category__in=selection.categories)
    if selection.desa:
        findings = findings.filter(village_id__in=selection.desa)
    return findings


@dataclass(frozen=True)
class DesaCount:
    code: str
    desa: str
    kecamatan: str
    count: int


@dataclass(frozen=True)
class SaranPreview:
    total: int
    by_category: list[tuple[str, str, int]]  # (code, label, count)
    by_desa: list[DesaCount]
    refusal: str  # why no letter can be made from it ("" when one can)


def _counts(findings: QuerySet[Finding]) -> dict[str, int]:
    rows = findings.values("category").annotate(n=Count("id")).order_by()
    return {row["category"]: row["n"] for row in rows}


def saran_preview(*, run: AuditRun, selection: Selection) -> SaranPreview:
    findings = findings_selected(run=run, selection=selection)
    counts = _counts(findings)
    labels = dict(Category.choices)
    by_category = [
        (code, str(labels.get(code, code)), counts[code])
        for code in saran.categories_ordered(counts)
    ]
    desa_rows = (
        findings.values("village_id", "village__name", "village__parent__name")
        .annotate(n=Count("id"))
        .order_by("village_id")
    )
    by_desa = [
        DesaCount(
            code=row["village_id"] or "",
            desa=row["village__name"] or _("(tanpa desa)"),
            kecamatan=row["village__parent__name"] or "",
            count=row["n"],
        )
        for row in desa_rows
    ]
    total = sum(counts.values())
    return SaranPreview(
        total=total,
        by_category=by_category,
        by_desa=by_desa,
        refusal=_refusal(run, total),
    )


def _refusal(run: AuditRun, total: int) -> str:
    if run.status != Status.DONE:
        return _("Audit ini belum selesai; saran perbaikan dibuat dari audit yang selesai.")
    if total == 0:
        return _("Tidak ada temuan yang dipilih.")
    if total > MAX_FINDINGS:
        return _(
            "Terlalu banyak temuan untuk satu surat (%(total)s; paling banyak %(max)s). "
            "Pilih sebagian kategori atau desa."
        ) % {"total": total, "max": MAX_FINDINGS}
    return ""


def _kabupaten(region: Region | None) -> Region | None:
    while region is not None and region.level not in ("kabupaten", "kota"):
        region = region.parent
    return region


def _province_name(region: Region | None) -> str:
    while region is not None and region.level != "provinsi":
        region = region.parent
    return region.name if region is not None else ""


def issuer_for(*, jurisdiction: Jurisdiction, run: AuditRun) -> saran.Issuer:
    """Bawaslu of the election's kabupaten/kota, or the user's Panwascam (letter to PPK)."""
    election = run.snapshot.election
    if jurisdiction.role == Role.PANWASCAM and jurisdiction.region_code:
        kecamatan = Region.objects.select_related("parent__parent").get(
            code=jurisdiction.region_code
        )
        office = _kabupaten(kecamatan)
        return saran.Issuer(
            office=office.name if office else election.region.name,
            province=_province_name(kecamatan),
            kecamatan=kecamatan.name,
        )
    own = (
        Region.objects.filter(code=jurisdiction.region_code).first()
        if jurisdiction.region_code
        else None
    )
    office = _kabupaten(election.region) or _kabupaten(own) or election.region
    return saran.Issuer(office=office.name, province=_province_name(office))


def _annex(findings: QuerySet[Finding]) -> Iterator[saran.AnnexGroup]:
    rows = findings.order_by(
        "village_id", "tps__number", "category", "source_line", "pk"
    ).values_list(
        "village_id",
        "village__name",
        "village__parent__name",
        "category",
        "voter__nik",
        "voter__name",
        "tps__number",
        "nkk",
        "detail",
    )
    current: str | None = None
    names = ("", "")
    group: list[saran.AnnexRow] = []
    for village, desa, kecamatan, category, nik, name, tps, nkk, detail in rows.iterator(
        chunk_size=2000
    ):
        if village != current:
            if group:
                yield saran.AnnexGroup(desa=names[0], kecamatan=names[1], rows=group)
            current, names, group = village, (desa or "-", kecamatan or "-"), []
        is_family = category == Category.FAMILY_SPLIT
        group.append(
            saran.AnnexRow(
                nik=nkk if is_family else (nik or ""),
                nik_label="NKK" if is_family else "",
                name=name or "",
                tps=f"TPS {tps:03d}" if tps is not None else "-",
                category=category,
                detail=detail,
            )
        )
    if group:
        yield saran.AnnexGroup(desa=names[0], kecamatan=names[1], rows=group)


def saran_number_line() -> Classification | None:
    return Classification.objects.filter(code=saran.CLASSIFICATION).first()


@dataclass
class SaranResult:
    letter: saran.Letter
    pdf: bytes
    xlsx: bytes
    record: Record | None = None
    files: list[StoredFile] = field(default_factory=list)
    not_archived_reason: str = ""


def _archive_ready() -> str:
    """ "" when files can be stored, else why not (the archive's own message)."""
    try:
        crypto.keyring()
    except crypto.ArchiveKeyMissing as missing:
        return str(missing)
    return ""


def saran_documents(
    *,
    jurisdiction: Jurisdiction,
    run: AuditRun,
    selection: Selection,
    fields: saran.LetterFields,
    number: str | None = None,
) -> SaranResult:
    """The letter and the spreadsheet for a selection (no archive, no audit entry: the
    callers record what they do with them)."""
    findings = findings_selected(run=run, selection=selection)
    counts = _counts(findings)
    refusal = _refusal(run, sum(counts.values()))
    if refusal:
        raise SaranRefused(refusal)
    snapshot = run.snapshot
    election = snapshot.election
    issuer = issuer_for(jurisdiction=jurisdiction, run=run)
    issued = number is not None
    if number is None:
        unit = "" if issuer.is_panwascam else unit_code()
        number = saran.number_placeholder(unit_code=unit, day=fields.day)
    annex = list(_annex(findings))
    letter = saran.letter_build(
        issuer=issuer,
        fields=fields,
        number=number,
        number_issued=issued,
        election_name=election.name,
        stage=snapshot.stage,
        snapshot_label=f"berkas {snapshot.source_name}",
        voters_checked=run.voters_checked,
        counts=counts,
        annex=annex,
        max_voters_per_tps=election.max_voters_per_tps,
    )
    return SaranResult(letter=letter, pdf=letter_pdf(letter), xlsx=findings_xlsx(letter))


def saran_create(
    *,
    user: User,
    jurisdiction: Jurisdiction,
    run: AuditRun,
    selection: Selection,
    fields: saran.LetterFields,
    request: HttpRequest | None = None,
) -> SaranResult:
    """Make the letter and the spreadsheet; file both in the archive when it is configured;
    SaranRefused when the selection cannot make a letter."""
    reason = _archive_ready()
    if not reason:
        try:
            with transaction.atomic():
                result = _create_archived(
                    user=user,
                    jurisdiction=jurisdiction,
                    run=run,
                    selection=selection,
                    fields=fields,
                    request=request,
                )
                _audit(run=run, result=result, request=request, user=user)
                return result
        except (PermissionDenied, ValidationError, FileRefused) as refused:
            reason = _("Arsip menolak dokumen ini (%(why)s).") % {
                "why": getattr(refused, "message", "") or refused.__class__.__name__
            }
    result = saran_documents(jurisdiction=jurisdiction, run=run, selection=selection, fields=fields)
    result.not_archived_reason = reason
    _audit(run=run, result=result, request=request, user=user)
    return result


def _create_archived(
    *,
    user: User,
    jurisdiction: Jurisdiction,
    run: AuditRun,
    selection: Selection,
    fields: saran.LetterFields,
    request: HttpRequest | None,
) -> SaranResult:
    snapshot = run.snapshot
    election = snapshot.election
    # Refuse before a record (and a number) is taken.
    counts = _counts(findings_selected(run=run, selection=selection))
    refusal = _refusal(run, sum(counts.values()))
    if refusal:
        raise SaranRefused(refusal)
    # Numbered in Bawaslu's series (its unit code); a Panwascam numbers its own letters.
    line = None if jurisdiction.role == Role.PANWASCAM else saran_number_line()
    record = record_create(
        user=user,
        function=Function.PENCEGAHAN,
        title=f"Saran perbaikan {snapshot.stage} {election.name}",
        description=(
            f"Saran perbaikan dari audit #{run.pk} atas {snapshot.stage} {snapshot.source_name}: "
            f"{sum(counts.values())} temuan."
        ),
        region=run.region or election.region,
        date=fields.day,
        election=election,
        stage=snapshot.stage,
        classification=line,
        # The letter carries full NIKs: Bawaslu Kabupaten/Kota and Panwascam only.
        access_level=AccessLevel.TERBATAS,
        tags=["saran perbaikan", "daftar pemilih"],
        request=request,
    )
    number = None
    if line is not None:
        number = record_number_issue(record=record, doc_type="", unit_code=unit_code())
    result = saran_documents(
        jurisdiction=jurisdiction, run=run, selection=selection, fields=fields, number=number
    )
    result.record = record
    for content, name in ((result.pdf, PDF_NAME), (result.xlsx, XLSX_NAME)):
        result.files.append(
            file_store(
                record=record, source=io.BytesIO(content), name=name, user=user, request=request
            )
        )
    return result


def _audit(*, run: AuditRun, result: SaranResult, request: HttpRequest | None, user: User) -> None:
    counts = Counter(row.category for group in result.letter.annex for row in group.rows)
    audit_record(
        action=Action.SARAN_PERBAIKAN_CREATED,
        request=request,
        actor=user,
        target_type="dpt_audit_run",
        target_id=str(run.pk),
        target_label=f"audit {run.pk}",
        detail={
            "findings": result.letter.total,
            "categories": dict(sorted(counts.items())),
            "record": result.record.pk if result.record else None,
            "number_issued": result.letter.number_issued,
            "archived": result.record is not None,
        },
    )


def letter_fields_default(*, issuer: saran.Issuer, today: datetime.date) -> saran.LetterFields:
    return saran.LetterFields(addressee=issuer.addressee_default, day=today, signer="")
