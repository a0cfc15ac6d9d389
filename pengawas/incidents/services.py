"""Recording incidents at a TPS, the answer for the TPS, and the texts drafted from it."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Tps
from pengawas.incidents.grounds import TYPES, IncidentError, incident_clean, ulang_check
from pengawas.incidents.models import Incident

WIB = ZoneInfo("Asia/Jakarta")
NOTE_MAX = 2000
# Not in the audit trail yet: audit/actions.py has no action for it (asked of the lead).
# The incident row itself keeps who recorded it and when (recorded_by, created_at).


class IncidentRefused(ValueError):
    """The incident cannot be recorded; the message is for the user."""


@dataclass(frozen=True)
class Recorded:
    incident: Incident
    created: bool  # False: the same client_uuid had been received before


def _clean(
    *, code: str, count: Any, note: str, occurred_at: datetime.datetime | None
) -> tuple[int | None, str, datetime.datetime]:
    try:
        _code, clean_count = incident_clean({"code": code, "count": count}, 1)
    except IncidentError as error:
        raise IncidentRefused(str(error)) from None
    if len(note) > NOTE_MAX:
        raise IncidentRefused(_("Catatan paling panjang %(n)d huruf.") % {"n": NOTE_MAX})
    now = timezone.now()
    when = occurred_at or now
    if timezone.is_naive(when):
        when = timezone.make_aware(when, WIB)
    if when > now + datetime.timedelta(minutes=5):
        raise IncidentRefused(_("Waktu kejadian tidak boleh di masa depan."))
    return clean_count, note.strip(), when


def incident_record(
    *,
    user: User,
    tps: Tps,
    code: str,
    count: Any = None,
    note: str = "",
    occurred_at: datetime.datetime | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Recorded:
    """Record one incident; a resend with the same client_uuid returns the first one.

    The caller has checked that the user may record at this TPS (incidents/rules.py).
    """
    if client_uuid is not None:
        existing = Incident.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return _resent(existing, tps)
    clean_count, clean_note, when = _clean(
        code=code, count=count, note=note, occurred_at=occurred_at
    )
    try:
        with transaction.atomic():
            incident = Incident.objects.create(
                tps=tps,
                code=code,
                count=clean_count,
                note=clean_note,
                occurred_at=when,
                recorded_by=user,
                client_uuid=client_uuid or uuid.uuid4(),
            )
            audit_record(
                action=Action.INCIDENT_RECORDED,
                actor=user,
                target_type="incidents.incident",
                target_id=str(incident.pk),
                target_label=f"{code} {tps.label} {tps.village_id}",
                detail={"code": code, "count": clean_count},
            )
    except IntegrityError:
        # Two copies of the same resend arrived at once: the other one won.
        if client_uuid is None:
            raise
        existing = Incident.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        return _resent(existing, tps)
    return Recorded(incident, True)


def _resent(existing: Incident, tps: Tps) -> Recorded:
    if existing.tps_id != tps.pk:
        raise IncidentRefused(_("Kode kiriman ini sudah dipakai untuk TPS lain."))
    return Recorded(existing, False)


def tps_incidents(*, tps: Tps) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(tps=tps).select_related("recorded_by").order_by("occurred_at", "pk")
    )


def _as_rows(incidents: QuerySet[Incident] | list[Incident]) -> list[dict[str, Any]]:
    return [{"code": i.code, "count": i.count} for i in incidents]


def tps_grounds(*, tps: Tps) -> dict[str, Any]:
    """ulang_check for the incidents recorded at the TPS, under its election's law."""
    return ulang_check(election_kind=tps.election.kind, incidents=_as_rows(tps_incidents(tps=tps)))


def place_label(tps: Tps) -> str:
    """ "TPS 001 Desa Jaten, Kecamatan Wonodadi"."""
    village = tps.village
    level = "Kelurahan" if village.level == "kelurahan" else "Desa"
    text = f"{tps.label} {level} {village.name}"
    parent = village.parent
    if parent is not None:
        text += f", Kecamatan {parent.name}"
    return text


def wib(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment, WIB)
    return local.strftime("%d-%m-%Y pukul %H.%M WIB")


def _incident_line(incident: Incident) -> str:
    incident_type = TYPES[incident.code]
    line = f"{wib(incident.occurred_at)}: {incident_type.label}"
    if incident.count is not None:
        line += f" ({incident_type.count_label}: {incident.count})"
    line += "."
    if incident.note:
        line += f" {_('Keterangan')}: {incident.note}"
    return line


def drafts(*, tps: Tps, incidents: list[Incident], answer: dict[str, Any]) -> dict[str, str]:
    """Plain-Indonesian drafts to copy: the C.Kejadian Khusus dan/atau Keberatan-KWK entry
    and the Panwaslu Kecamatan's rekomendasi. Empty strings when nothing applies."""
    if not incidents:
        return {"kejadian": "", "rekomendasi": ""}
    place = place_label(tps)
    lines = [f"{n}. {_incident_line(i)}" for n, i in enumerate(incidents, start=1)]
    grounded = [g for s in ("recount", "revote") for g in answer[s]["grounds"] if g["grounded"]]
    kejadian = "\n".join(
        [
            _("Catatan kejadian khusus di %(place)s:") % {"place": place},
            *lines,
            *([_("Dasar hukum yang terkait:")] if grounded else []),
            *(f"- {g['basis']}" for g in grounded),
            _("Dicatat oleh pengawas pada %(now)s.") % {"now": wib(timezone.now())},
        ]
    )
    return {"kejadian": kejadian, "rekomendasi": _recommendation(tps, place, lines, answer)}


def _recommendation(tps: Tps, place: str, lines: list[str], answer: dict[str, Any]) -> str:
    parts: list[str] = []
    recount = [g for g in answer["recount"]["grounds"] if g["grounded"]]
    revote = [g for g in answer["revote"]["grounds"] if g["grounded"]]
    if not recount and not revote:
        return ""
    village = tps.village
    kecamatan = village.parent.name if village.parent is not None else ""
    parts.append(
        _("Kepada Yth. Ketua PPK Kecamatan %(kec)s dan Ketua KPPS %(tps)s")
        % {"kec": kecamatan, "tps": place}
    )
    parts.append(
        _(
            "Berdasarkan hasil pengawasan dan penelitian atas kejadian di %(place)s pada hari "
            "pemungutan suara, Panwaslu Kecamatan %(kec)s mencatat:"
        )
        % {"place": place, "kec": kecamatan}
    )
    parts.extend(lines)
    if recount:
        parts.append(
            _("Maka Panwaslu Kecamatan merekomendasikan penghitungan suara ulang di %(tps)s, "
              "dilaksanakan dan selesai pada hari yang sama, dengan dasar:")
            % {"tps": tps.label}
        )  # fmt: skip
        parts.extend(f"- {g['basis']}" for g in recount)
    if revote:
        parts.append(
            _("Maka Panwaslu Kecamatan merekomendasikan pemungutan suara ulang di %(tps)s, "
              "dengan dasar:")
            % {"tps": tps.label}
        )  # fmt: skip
        parts.extend(f"- {g['basis']}" for g in revote)
    parts.append(
        _("Rekomendasi ini perlu ditindaklanjuti sesuai ketentuan peraturan perundang-undangan.")
    )
    return "\n".join(parts)
