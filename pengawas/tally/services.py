"""Writing and reading C.Hasil-KWK sheets and paslon.

sheet_save keeps one sheet per TPS and entry (the latest version replaces the earlier one,
which stays as a revision) and is exactly-once per client_uuid: a resend of a version that
was already stored, even one replaced since, changes nothing.
"""

import io
import secrets
import uuid
from collections.abc import Iterable
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election, Tps
from pengawas.tally.checks import Finding, sheet_check, sheet_differences
from pengawas.tally.models import Candidate, Entry, Result, ResultSheet, ResultSheetRevision

# The photo: phones shrink it to ~1600 px JPEG before sending (static/pengawas/tally.js);
# without JavaScript the camera's own file arrives, so the limit leaves room for it.
PHOTO_MAX_BYTES = 12 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_MAX_SIDE = 1600
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_FOLDER = "tally"
STATUSES = ("none", "ok", "warnings", "errors", "mismatch")


class PhotoRefused(ValidationError):
    pass


def candidate_add(*, election: Election, number: int, name: str, user: User | None = None,
                  request: HttpRequest | None = None) -> Candidate:  # fmt: skip
    """Register one paslon; the same nomor urut again renames it."""
    name = " ".join(name.split())
    if number < 1 or not name:
        raise ValidationError(_("Nomor urut harus bilangan bulat positif dan nama tidak kosong."))
    candidate, _created = Candidate.objects.update_or_create(
        election=election, number=number, defaults={"name": name}
    )
    audit_record(
        action=Action.TALLY_CANDIDATE_SAVED,
        request=request,
        actor=user,
        target_type="tally.candidate",
        target_id=str(candidate.pk),
        target_label=str(candidate),
        detail={"election": election.code, "number": number},
    )
    return candidate


def candidates_of(*, election: Election) -> list[Candidate]:
    return list(Candidate.objects.filter(election=election).order_by("number"))


def result_of(findings: Iterable[Finding]) -> str:
    severities = {finding.severity for finding in findings}
    if "error" in severities:
        return Result.ERRORS
    if "warning" in severities:
        return Result.WARNINGS
    return Result.OK


def photo_prepare(upload: IO[bytes], *, size: int | None = None) -> bytes:
    """Check that an upload is a photo (Pillow) and re-encode it: JPEG, at most 1600 px on
    the longer side, upright, without metadata (no GPS or phone details are kept)."""
    if size is not None and size > PHOTO_MAX_BYTES:
        raise PhotoRefused(_("Foto terlalu besar (paling besar 12 MB)."))
    try:
        with Image.open(upload) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise PhotoRefused(_("Foto harus berformat JPEG, PNG atau WebP."))
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise PhotoRefused(_("Ukuran gambar terlalu besar."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            upright.convert("RGB").save(out, format="JPEG", quality=80, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoRefused(_("Berkas itu bukan foto yang dapat dibaca.")) from error
    return out.getvalue()


def photo_store(data: bytes) -> str:
    """Keep a prepared photo under a name nobody can guess; returns the storage name."""
    name = f"{PHOTO_FOLDER}/{secrets.token_urlsafe(24)}.jpg"
    return default_storage.save(name, ContentFile(data))


def sheet_save(
    *,
    user: User,
    tps: Tps,
    entry: str,
    data: dict[str, Any],
    client_uuid: uuid.UUID,
    photo: bytes | None = None,
    request: HttpRequest | None = None,
) -> tuple[ResultSheet, bool]:
    """Store one version of the sheet; (sheet, False) when this client_uuid was stored before."""
    if entry not in Entry.values:
        raise ValueError(f"entry must be ptps or pkd, not {entry!r}")
    done = _already_saved(client_uuid)
    if done is not None:
        return done, False
    findings = sheet_check(data)
    stored_photo = photo_store(photo) if photo else ""
    try:
        with transaction.atomic():
            sheet = ResultSheet.objects.select_for_update().filter(tps=tps, entry=entry).first()
            fields = {
                "entered_by": user,
                "data": data,
                "findings": [finding.as_dict() for finding in findings],
                "result": result_of(findings),
                "client_uuid": client_uuid,
            }
            if sheet is None:
                sheet = ResultSheet.objects.create(
                    tps=tps, entry=entry, photo=stored_photo, **fields
                )
            else:
                for name, value in fields.items():
                    setattr(sheet, name, value)
                sheet.version += 1
                if stored_photo:
                    sheet.photo = stored_photo
                sheet.save()
            ResultSheetRevision.objects.create(
                sheet=sheet,
                version=sheet.version,
                entered_by=user,
                data=data,
                findings=sheet.findings,
                photo=stored_photo,
                client_uuid=client_uuid,
            )
            audit_record(
                action=Action.TALLY_SHEET_SAVED,
                request=request,
                actor=user,
                target_type="tally.sheet",
                target_id=str(sheet.pk),
                target_label=f"C.Hasil {tps.label} {tps.village_id} ({entry})",
                detail={
                    "version": sheet.version,
                    "result": sheet.result,
                    "photo": bool(stored_photo),
                },
            )
    except IntegrityError:
        # The same client_uuid sent twice at the same moment: the other request stored it.
        if stored_photo:
            default_storage.delete(stored_photo)
        done = _already_saved(client_uuid)
        if done is None:
            raise
        return done, False
    return sheet, True


def _already_saved(client_uuid: uuid.UUID) -> ResultSheet | None:
    revision = (
        ResultSheetRevision.objects.filter(client_uuid=client_uuid).select_related("sheet").first()
    )
    return revision.sheet if revision is not None else None


def sheets_of(*, tps: Tps) -> dict[str, ResultSheet]:
    return {sheet.entry: sheet for sheet in ResultSheet.objects.filter(tps=tps)}


def sheet_latest(*, tps: Tps) -> ResultSheet | None:
    """The PTPS's entry, else the PKD's."""
    sheets = sheets_of(tps=tps)
    return sheets.get(Entry.PTPS) or sheets.get(Entry.PKD)


def status_of(sheets: dict[str, ResultSheet]) -> str:
    """ "none", "ok", "warnings", "errors", or "mismatch" when the two entries differ."""
    ptps, pkd = sheets.get(Entry.PTPS), sheets.get(Entry.PKD)
    if ptps is not None and pkd is not None and sheet_differences(ptps.data, pkd.data):
        return "mismatch"
    latest = ptps or pkd
    return "none" if latest is None else latest.result


def sheet_status(*, tps: Tps) -> str:
    return status_of(sheets_of(tps=tps))


def sheet_statuses(*, tps_ids: Iterable[int]) -> dict[int, str]:
    """sheet_status for many TPS in one query (TPS without sheets answer "none")."""
    ids = list(tps_ids)
    grouped: dict[int, dict[str, ResultSheet]] = {tps_id: {} for tps_id in ids}
    for sheet in ResultSheet.objects.filter(tps_id__in=ids):
        grouped[sheet.tps_id][sheet.entry] = sheet
    return {tps_id: status_of(sheets) for tps_id, sheets in grouped.items()}
