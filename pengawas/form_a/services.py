"""Form A from the TPS: sent once, reviewed, confirmed into the archive, turned into a temuan.

- form_a_upsert: the PTPS's phone sends a report named by its client_uuid, as often as it
  must (lost answers, a signal that comes and goes); the server keeps one report per uuid
  and each photo once per report (by SHA-256). A copy older than the one kept (its revision)
  never overwrites it, and a report under review or confirmed does not change.
- form_a_return / form_a_confirm: PKD and Panwascam review the reports of their area.
  Confirmed, a report becomes a record of the archive (SIP) with the official PDF and the
  photos as files (hashes and custody events: the archive's own); without an archive key the
  confirmation stands and archive_error says why (form_a_archive tries again).
- form_a_temuan: a confirmed report with section IV becomes a temuan in the case register.
- form_a_status / form_a_flags: what the live overview reads (the voting-day contract).
"""

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive.crypto import ArchiveKeyMissing
from pengawas.archive.models import Classification
from pengawas.archive.refusals import FileRefused
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.cases.models import Case, CaseKind
from pengawas.cases.services import case_create
from pengawas.elections.models import Tps
from pengawas.form_a import rules
from pengawas.form_a.models import FormA, FormAPhoto, Status
from pengawas.form_a.pdf import form_a_pdf
from pengawas.form_a.photos import MAX_PHOTOS, PhotoRefused, photo_prepare
from pengawas.form_a.report import empty_report, report_clean, report_flags
from pengawas.guide.services import edition_latest, series_for_election
from pengawas.guide.services_checklist import form_a_drafts, tps_label

CLASSIFICATION = "PM.01.03"  # pengawasan: laporan hasil pengawasan (archive migration 0002)
DOC_TYPE = "LHP"
STAGE = "Pemungutan dan penghitungan suara"


class FormAInvalid(ValidationError):
    """The report cannot be kept as sent; `errors` by field path, in Bahasa Indonesia."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(list(errors.values()))
        self.errors = errors


@dataclass
class Upserted:
    form: FormA
    created: bool
    changed: bool
    photos_added: int = 0
    photos_refused: list[str] = field(default_factory=list)


def _audit(
    action: Action,
    *,
    form: FormA,
    user: User,
    request: HttpRequest | None,
    **detail: object,
) -> None:
    audit_record(
        action=action,
        request=request,
        actor=user,
        target_type="form_a",
        target_id=str(form.pk),
        target_label=f"Form A {form.pk} {form.tps.label}",
        detail=detail,
    )


# --- reading --------------------------------------------------------------------------------


def own_tps(jurisdiction: Jurisdiction | None) -> Tps:
    if not rules.can_write(jurisdiction):
        raise PermissionDenied(_("Form A diisi oleh Pengawas TPS untuk TPS-nya."))
    assert jurisdiction is not None and jurisdiction.tps_id is not None
    return Tps.objects.select_related("village__parent", "election").get(pk=jurisdiction.tps_id)


def forms_for(*, user: User) -> Any:
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_read(jurisdiction):
        raise PermissionDenied
    assert jurisdiction is not None
    return rules.forms_visible(
        jurisdiction,
        FormA.objects.select_related("tps__village__parent", "tps__election", "author"),
    )


def form_get_visible(*, user: User, form_id: int) -> FormA:
    try:
        form: FormA = forms_for(user=user).get(pk=form_id)
    except FormA.DoesNotExist:
        raise Http404("form_a") from None
    return form


def form_a_prefill(*, user: User, tps: Tps) -> dict[str, Any]:
    """A new report for the TPS: section I from the PTPS and their TPS, one activity block
    for voting day, section III from the checklist's steps marked not compliant."""
    data = empty_report()
    label = tps_label(tps)
    data["pengawas"].update(
        tahapan=STAGE,
        nama=user.get_full_name() or user.get_username(),
        jabatan=f"Pengawas {label}",
    )
    day = tps.election.voting_day.strftime("%d-%m-%Y")
    place = label + (f", {tps.address}" if tps.address else "")
    data["kegiatan"] = [
        {
            "bentuk": "Pengawasan langsung",
            "tujuan": "Memastikan pemungutan dan penghitungan suara di TPS berjalan sesuai "
            "ketentuan",
            "sasaran": f"Ketua dan anggota KPPS {tps.label}",
            "waktu_tempat": f"{day}, {tps.election.voting_opens:%H.%M} WIB sampai selesai, {place}",
        }
    ]
    series = series_for_election(election=tps.election)
    edition = edition_latest(series=series) if series else None
    if edition is not None:
        drafts = form_a_drafts(edition=edition, tps=tps)
        data["uraian"] = "\n\n".join(draft["text"] for draft in drafts)
    return data


# --- the PTPS sends -------------------------------------------------------------------------


def _photos_add(form: FormA, photos: Sequence[IO[bytes]]) -> tuple[int, list[str]]:
    added, refused = 0, []
    for source in photos:
        try:
            photo = photo_prepare(source)
        except PhotoRefused as refusal:
            refused.append(str(refusal))
            continue
        if FormAPhoto.objects.filter(form_a=form, sha256=photo.sha256).exists():
            continue
        if form.photos.count() >= MAX_PHOTOS:
            refused.append(_("Paling banyak %(n)d foto per Form A.") % {"n": MAX_PHOTOS})
            continue
        row = FormAPhoto(
            form_a=form,
            sha256=photo.sha256,
            size=len(photo.content),
            width=photo.width,
            height=photo.height,
        )
        row.image.save(f"{photo.sha256}.jpg", ContentFile(photo.content), save=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same photo, sent at the same moment by a second request
            row.image.storage.delete(row.image.name)
            continue
        added += 1
    return added, refused


def form_a_upsert(
    *,
    user: User,
    tps: Tps,
    client_uuid: uuid.UUID,
    raw: object,
    final: bool = True,
    revision: int = 1,
    photos: Sequence[IO[bytes]] = (),
    request: HttpRequest | None = None,
) -> Upserted:
    """Keep the report named client_uuid (create it, or update it while it is the PTPS's to
    change); add its photos once. FormAInvalid when a report sent for review lacks a part."""
    data, errors = report_clean(raw, final=final)
    if errors:
        raise FormAInvalid(errors)
    status = Status.SUBMITTED if final else Status.DRAFT
    now = timezone.now()
    with transaction.atomic():
        form = FormA.objects.select_for_update().filter(client_uuid=client_uuid).first()
        created = changed = False
        if form is None:
            try:
                with transaction.atomic():
                    form = FormA.objects.create(
                        tps=tps, author=user, status=status, data=data, client_uuid=client_uuid,
                        revision=revision, submitted_at=now if final else None,
                    )  # fmt: skip
                created = changed = True
            except IntegrityError:  # a second request with the same uuid won the race
                form = FormA.objects.select_for_update().get(client_uuid=client_uuid)
        if form.tps_id != tps.pk:
            raise FormAInvalid({"client_uuid": _("Kode laporan ini milik TPS lain.")})
        if not created and form.status in (Status.DRAFT, Status.RETURNED):
            newer = revision > form.revision or (
                form.status == Status.DRAFT and revision == form.revision
            )
            if newer:
                form.data, form.status, form.revision = data, status, revision
                if final:
                    form.submitted_at = now
                form.save()
                changed = True
        added, refused = 0, list[str]()
        if form.status != Status.CONFIRMED:
            added, refused = _photos_add(form, photos)
        if changed and final:
            _audit(Action.FORM_A_SENT, form=form, user=user, request=request, revision=form.revision,
                   photos=form.photos.count())  # fmt: skip
    return Upserted(form, created, changed, added, refused)


# --- review ---------------------------------------------------------------------------------


def _reviewable(user: User, form: FormA) -> None:
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_review(jurisdiction):
        raise PermissionDenied(_("Form A ditinjau oleh PKD dan Panwaslu Kecamatan."))
    if form.status != Status.SUBMITTED:
        raise ValidationError(_("Hanya Form A yang terkirim dan menunggu tinjauan yang dapat ditinjau."))  # fmt: skip


def form_a_return(
    *, user: User, form: FormA, note: str, request: HttpRequest | None = None
) -> FormA:
    _reviewable(user, form)
    note = note.strip()
    if not note:
        raise ValidationError(_("Tuliskan catatan: apa yang perlu diperbaiki."))
    with transaction.atomic():
        form.status, form.review_note, form.reviewed_by = Status.RETURNED, note[:5000], user
        form.save(update_fields=["status", "review_note", "reviewed_by", "updated_at"])
        _audit(Action.FORM_A_RETURNED, form=form, user=user, request=request)
    return form


def form_a_confirm(
    *, user: User, form: FormA, note: str = "", request: HttpRequest | None = None
) -> FormA:
    """Confirm, then archive (a missing archive key leaves archive_error, not a failure)."""
    _reviewable(user, form)
    with transaction.atomic():
        form.status, form.reviewed_by, form.confirmed_at = Status.CONFIRMED, user, timezone.now()
        form.review_note = note.strip()[:5000]
        form.save()
        _audit(Action.FORM_A_CONFIRMED, form=form, user=user, request=request)
    form_a_archive(user=user, form=form, request=request)
    return form


def form_pdf(form: FormA, *, number: str = "") -> bytes:
    photos = [
        (f"foto-{index}.jpg", photo.sha256) for index, photo in enumerate(form.photos.all(), 1)
    ]
    signed = form.submitted_at or form.created_at or timezone.now()
    status_line = ""
    if form.status == Status.CONFIRMED and form.reviewed_by is not None and form.confirmed_at:
        status_line = (f"Dikonfirmasi oleh {form.reviewed_by.get_full_name() or form.reviewed_by.get_username()}"
                       f" pada {timezone.localtime(form.confirmed_at):%d-%m-%Y %H.%M} WIB.")  # fmt: skip
    return form_a_pdf(
        data=form.data,
        place=form.tps.village.name,
        signed_on=timezone.localtime(signed).date(),
        number=number or (form.record.number or "" if form.record else ""),
        photos=photos,
        status_line=status_line,
    )


def form_a_archive(*, user: User, form: FormA, request: HttpRequest | None = None) -> bool:
    """File the confirmed report in the archive: a record (numbered LHP when its
    classification exists), the PDF and each photo. False, with archive_error, when it
    cannot be done now."""
    if form.status != Status.CONFIRMED or form.record_id is not None:
        return form.record_id is not None
    tps = form.tps
    try:
        with transaction.atomic():
            record = record_create(
                user=user,
                function="pengawasan",
                title=f"Form A {tps_label(tps)}",
                description=(form.data.get("uraian") or "")[:2000],
                region=tps.village,
                tps=tps,
                election=tps.election,
                stage=STAGE,
                date=timezone.localtime(form.submitted_at or form.created_at).date(),
                classification=Classification.objects.filter(code=CLASSIFICATION).first(),
                doc_type=DOC_TYPE,
                tags=["form a"],
                request=request,
            )
            file_store(record=record, source=io.BytesIO(form_pdf(form, number=record.number or "")),
                       name=f"form-a-{form.pk}.pdf", user=user, request=request)  # fmt: skip
            for index, photo in enumerate(form.photos.all(), start=1):
                with photo.image.open("rb") as handle:
                    file_store(record=record, source=handle, name=f"form-a-{form.pk}-foto-{index}.jpg",
                               user=user, request=request)  # fmt: skip
            form.record, form.archive_error = record, ""
            form.save(update_fields=["record", "archive_error", "updated_at"])
            _audit(Action.FORM_A_ARCHIVED, form=form, user=user, request=request, record=record.pk)
    except ArchiveKeyMissing:
        reason = _("kunci arsip (PENGAWAS_ARCHIVE_KEY) belum disetel.")
    except (FileRefused, PermissionDenied, ValidationError) as error:
        reason = str(getattr(error, "message", "") or error) or _("arsip menolak berkasnya.")
    else:
        return True
    form.archive_error = _("Form A belum masuk arsip: %(reason)s Coba lagi setelah diperbaiki.") % {
        "reason": reason
    }
    form.save(update_fields=["archive_error", "updated_at"])
    return False


# --- temuan ---------------------------------------------------------------------------------


def form_a_temuan(
    *, user: User, form: FormA, violation_type: str, request: HttpRequest | None = None
) -> Case:
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_file_temuan(jurisdiction):
        raise PermissionDenied(_("Temuan dicatat oleh Panwaslu Kecamatan atau Bawaslu."))
    if form.status != Status.CONFIRMED or "pelanggaran" not in report_flags(form.data):
        raise ValidationError(_("Hanya Form A terkonfirmasi yang memuat dugaan pelanggaran (bagian IV) yang dapat menjadi temuan."))  # fmt: skip
    if form.case_id is not None:
        raise ValidationError(_("Form A ini sudah menjadi temuan."))
    tps = form.tps
    kecamatan = tps.village.parent
    assert kecamatan is not None
    facts = form.data["pelanggaran"]
    description = "\n".join(
        line
        for line in (
            f"Dari Form A {tps_label(tps)} (Laporan Hasil Pengawasan).",
            f"Peristiwa: {facts['peristiwa']}",
            f"Waktu: {facts['waktu']}" if facts["waktu"] else "",
            f"Saksi: {facts['saksi']}" if facts["saksi"] else "",
            f"Alat bukti: {facts['alat_bukti']}" if facts["alat_bukti"] else "",
            facts["uraian"],
        )
        if line
    )
    with transaction.atomic():
        locked = FormA.objects.select_for_update().get(pk=form.pk)
        if locked.case_id is not None:
            raise ValidationError(_("Form A ini sudah menjadi temuan."))
        case = case_create(
            user=user,
            kind=CaseKind.TEMUAN,
            election=tps.election,
            region=kecamatan,
            received_at=timezone.now(),
            known_on=timezone.localtime(form.confirmed_at or timezone.now()).date(),
            terlapor=facts["pelaku"] or "-",
            description=description,
            violation_type=violation_type,
            place=(facts["tempat"] or tps_label(tps))[:255],
            source_record=form.record,
            documents=[form.record] if form.record is not None else [],
            request=request,
        )
        form.case = case
        form.save(update_fields=["case", "updated_at"])
        _audit(Action.FORM_A_TEMUAN, form=form, user=user, request=request,
               case=case.pk)  # fmt: skip
    return case


# --- the voting-day contract ----------------------------------------------------------------


def form_a_status(*, tps: Tps) -> str | None:
    """The status of the TPS's latest Form A (None: no report yet)."""
    status: str | None = (
        FormA.objects.filter(tps=tps).order_by("-updated_at", "-pk").values_list("status", flat=True).first()
    )  # fmt: skip
    return status


def form_a_flags(*, tps: Tps) -> set[str]:
    """⊆ {"pelanggaran", "sengketa", "keberatan"}, over the TPS's sent reports."""
    flags: set[str] = set()
    for data in (
        FormA.objects.filter(tps=tps).exclude(status=Status.DRAFT).values_list("data", flat=True)
    ):
        flags |= report_flags(data)
    return flags
