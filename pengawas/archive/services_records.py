"""Records (arsip): create, change, number, link, hold; and the one way to fetch a record.

Every function that hands out a record goes through rules.records_visible (the user's
jurisdiction and the record's access level, in SQL); a record outside the rules does not
exist for the user (Http404). Every change is written to the audit trail, with the names of
the fields changed, never their values (a title may name a person).

Document numbers follow the tata naskah dinas of Perbawaslu 13/2020:
`{no}/{type}/{klasifikasi}/{unit code}/{roman month}/{year}`, e.g.
`12/LHP/PM.01.03/16.12/XII/2020`, issued without gaps or repeats per series and year.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.models import (
    Classification,
    NumberSeries,
    Record,
    RecordLink,
    RetentionOutcome,
    StoredFile,
    Tag,
)
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
TAG_MAX_LENGTH = 60
# The metadata record_update may change (the number, once issued, never changes).
EDITABLE_FIELDS = (
    "function",
    "title",
    "description",
    "election",
    "stage",
    "region",
    "tps",
    "date",
    "classification",
    "access_level",
)


def _jurisdiction(user: User) -> Jurisdiction:
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_use_archive(jurisdiction):
        raise PermissionDenied
    assert jurisdiction is not None
    return jurisdiction


def record_audit(
    *,
    action: Action,
    record: Record,
    request: HttpRequest | None = None,
    actor: User | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """audit_record for something that happened to a record: it is the object, named by its
    number or id, never by its title (a title may name a person)."""
    audit_record(
        action=action,
        request=request,
        actor=actor,
        target_type="record",
        target_id=str(record.pk),
        target_label=record.number or f"arsip-{record.pk}",
        detail=detail,
    )


def records_for(*, user: User) -> QuerySet[Record]:
    """All records the user may see (jurisdiction and access level, in SQL)."""
    jurisdiction = _jurisdiction(user)
    return rules.records_visible(jurisdiction, user.pk, Record.objects.all())


def record_get_visible(*, user: User, record_id: int) -> Record:
    """The record, if the user may see it; Http404 otherwise (the answer does not even
    confirm that the id exists)."""
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None:
        raise Http404("record")
    records = rules.records_visible(
        jurisdiction,
        user.pk,
        Record.objects.select_related(
            "election", "region__parent", "tps__village", "author", "classification"
        ),
    )
    try:
        return records.get(pk=record_id)
    except Record.DoesNotExist:
        raise Http404("record") from None


def tags_parse(text: str) -> list[str]:
    """ "kampanye, APK , kampanye" → ["kampanye", "APK"] (comma-separated, first spelling)."""
    seen: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:TAG_MAX_LENGTH]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def _tags_set(record: Record, names: Iterable[str]) -> None:
    tags = []
    for name in tags_parse(",".join(names)):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    record.tags.set(tags)


def _check_place(
    jurisdiction: Jurisdiction, *, region: Region, tps: Tps | None, access_level: str
) -> None:
    if tps is not None and tps.village_id != region.code:
        raise ValidationError(_("TPS tidak berada di wilayah yang dipilih."))
    if not rules.can_create_in(
        jurisdiction, region_code=region.code, tps_id=tps.pk if tps is not None else None
    ):
        raise PermissionDenied
    if access_level not in rules.levels_for(jurisdiction):
        raise PermissionDenied


def unit_code() -> str:
    """The issuing unit's code in numbers (Bawaslu Kabupaten Blitar: 16.12)."""
    return str(settings.PENGAWAS_UNIT_CODE)


def record_number_issue(*, record: Record, doc_type: str, unit_code: str) -> str:
    """Give the record the next number of its series (type, classification, unit, year).

    Gapless and never repeated: the series row is locked (SELECT … FOR UPDATE; SQLite
    serialises writers anyway) inside the transaction that saves the record, so a number
    is taken only if the record is kept: a rolled-back record gives its number back.
    """
    if record.number:
        raise ValueError("record already has a number")
    if record.classification_id is None:
        raise ValueError("a number needs a classification")
    doc_type = doc_type.strip().strip("/")
    with transaction.atomic():
        key: dict[str, Any] = {
            "doc_type": doc_type,
            "classification_id": record.classification_id,
            "unit_code": unit_code,
            "year": record.date.year,
        }
        # The unique constraint settles a race to create the series (get_or_create
        # retries the read after an IntegrityError inside its own savepoint).
        NumberSeries.objects.get_or_create(**key)
        series = NumberSeries.objects.select_for_update().get(**key)
        series.last_number += 1
        series.save(update_fields=["last_number"])
        parts = [str(series.last_number)]
        if doc_type:
            parts.append(doc_type)
        parts += [
            str(record.classification_id),
            unit_code,
            ROMAN_MONTHS[record.date.month - 1],
            str(record.date.year),
        ]
        record.number = "/".join(parts)
        record.save(update_fields=["number", "updated"])
    return record.number


def record_create(
    *,
    user: User,
    function: str,
    title: str,
    region: Region,
    date: datetime.date,
    election: Election | None = None,
    stage: str = "",
    tps: Tps | None = None,
    classification: Classification | None = None,
    access_level: str = "biasa",
    description: str = "",
    tags: Sequence[str] = (),
    doc_type: str = "",
    request: HttpRequest | None = None,
) -> Record:
    """A new record in the user's jurisdiction, at a level they may read themselves; numbered
    when a classification and a document type are given."""
    jurisdiction = _jurisdiction(user)
    _check_place(jurisdiction, region=region, tps=tps, access_level=access_level)
    with transaction.atomic():
        record = Record.objects.create(
            function=function,
            title=title.strip(),
            description=description.strip(),
            election=election,
            stage=stage.strip(),
            region=region,
            tps=tps,
            date=date,
            author=user,
            classification=classification,
            access_level=access_level,
        )
        _tags_set(record, tags)
        if classification is not None and doc_type.strip():
            record_number_issue(record=record, doc_type=doc_type, unit_code=unit_code())
        record_audit(
            action=Action.RECORD_CREATED,
            record=record,
            request=request,
            actor=user,
            detail={"function": function, "access_level": access_level, "region": region.code},
        )
    return record


def _require_change(user: User, record: Record) -> Jurisdiction:
    jurisdiction = _jurisdiction(user)
    if not rules.can_change(jurisdiction, user_id=user.pk, record=record):
        raise PermissionDenied
    return jurisdiction


def record_update(
    *,
    user: User,
    record: Record,
    changes: dict[str, Any],
    tags: Sequence[str] | None = None,
    doc_type: str = "",
    request: HttpRequest | None = None,
) -> list[str]:
    """Change a record's metadata (fields in EDITABLE_FIELDS); returns the names changed.

    The record must have been fetched with record_get_visible. A new place or level is
    checked as for a new record; the number stays (a record without one gets it when a
    classification and a document type are given).
    """
    jurisdiction = _require_change(user, record)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    with transaction.atomic():
        for name in changed:
            setattr(record, name, changes[name])
        if {"region", "tps", "access_level"} & set(changed):
            _check_place(
                jurisdiction,
                region=record.region,
                tps=record.tps,
                access_level=record.access_level,
            )
        if changed:
            record.save()
        if tags is not None:
            before = sorted(record.tags.values_list("name", flat=True))
            _tags_set(record, tags)
            if sorted(record.tags.values_list("name", flat=True)) != before:
                changed.append("tags")
        if not record.number and record.classification_id is not None and doc_type.strip():
            record_number_issue(record=record, doc_type=doc_type, unit_code=unit_code())
            changed.append("number")
        if changed:
            record_audit(
                action=Action.RECORD_CHANGED,
                record=record,
                request=request,
                actor=user,
                detail={"fields": changed},
            )
    return changed


def record_link(
    *,
    user: User,
    source: Record,
    target_id: int,
    relation: str = "terkait",
    request: HttpRequest | None = None,
) -> RecordLink:
    """Link a record to another (a prevention letter → a later Form A → a finding). The user
    may change the source and see both."""
    _require_change(user, source)
    target = record_get_visible(user=user, record_id=target_id)
    if target.pk == source.pk:
        raise ValidationError(_("Arsip tidak dapat ditautkan ke dirinya sendiri."))
    if RecordLink.objects.filter(source=source, target=target).exists():
        raise ValidationError(_("Tautan ini sudah ada."))
    with transaction.atomic():
        link = RecordLink.objects.create(
            source=source, target=target, relation=relation, created_by=user
        )
        record_audit(
            action=Action.RECORD_CHANGED,
            record=source,
            request=request,
            actor=user,
            detail={"fields": ["links"], "target": target.pk, "relation": relation},
        )
    return link


@dataclass(frozen=True)
class Links:
    out: list[RecordLink]  # this record → others
    into: list[RecordLink]  # others → this record


def record_links_visible(*, user: User, record: Record) -> Links:
    """The record's links to and from records this user may also see (a link never reveals
    a record outside the rules)."""
    visible = records_for(user=user)
    out = (
        RecordLink.objects.filter(source=record, target__in=visible)
        .select_related("target")
        .order_by("created")
    )
    into = (
        RecordLink.objects.filter(target=record, source__in=visible)
        .select_related("source")
        .order_by("created")
    )
    return Links(out=list(out), into=list(into))


def record_file_versions(*, record: Record) -> list[list[StoredFile]]:
    """The record's files, one list per file: its newest version first, then the older ones.
    Files in the order they were first added."""
    files = list(StoredFile.objects.filter(record=record).order_by("pk"))
    replaced_by = {f.replaces_id: f for f in files if f.replaces_id is not None}
    chains = []
    for first in files:
        if first.replaces_id is not None:
            continue
        chain = [first]
        while chain[-1].pk in replaced_by:
            chain.append(replaced_by[chain[-1].pk])
        chains.append(list(reversed(chain)))
    return chains


def _hold_check(user: User) -> None:
    if not rules.can_hold(_jurisdiction(user)):
        raise PermissionDenied


def record_hold_set(
    *, user: User, record: Record, reason: str, request: HttpRequest | None = None
) -> None:
    """A legal hold: the record may not be disposed of while a case or a court needs it."""
    _hold_check(user)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Sebutkan alasan penahanan."))
    with transaction.atomic():
        record.legal_hold = True
        record.legal_hold_reason = reason[:300]
        record.save(update_fields=["legal_hold", "legal_hold_reason", "updated"])
        record_audit(
            action=Action.LEGAL_HOLD_SET,
            record=record,
            request=request,
            actor=user,
        )


def record_hold_lift(*, user: User, record: Record, request: HttpRequest | None = None) -> None:
    _hold_check(user)
    if not record.legal_hold:
        return
    with transaction.atomic():
        record.legal_hold = False
        record.legal_hold_reason = ""
        record.save(update_fields=["legal_hold", "legal_hold_reason", "updated"])
        record_audit(
            action=Action.LEGAL_HOLD_LIFTED,
            record=record,
            request=request,
            actor=user,
        )


def classification_save(
    *,
    user: User,
    code: str,
    name: str,
    retention_years: int | None,
    retention_outcome: str,
    request: HttpRequest | None = None,
) -> tuple[Classification, list[str]]:
    """Add a line to the classification and retention table (JRA) or change one; returns the
    line and the names of the fields changed (["code"] for a new line)."""
    if not rules.can_keep_tables(_jurisdiction(user)):
        raise PermissionDenied
    if retention_outcome not in RetentionOutcome.values:
        raise ValueError(retention_outcome)
    code = code.strip().upper()
    values = {
        "name": name.strip(),
        "retention_years": retention_years,
        "retention_outcome": retention_outcome,
    }
    with transaction.atomic():
        line = Classification.objects.select_for_update().filter(code=code).first()
        if line is None:
            line = Classification.objects.create(code=code, **values)
            changed = ["code"]
        else:
            changed = [k for k, v in values.items() if getattr(line, k) != v]
            for k in changed:
                setattr(line, k, values[k])
            if changed:
                line.save(update_fields=changed)
        if changed:
            audit_record(
                action=Action.CLASSIFICATION_CHANGED,
                request=request,
                actor=user,
                target_type="classification",
                target_id=code,
                target_label=code,
                detail={"fields": changed},
            )
    return line, changed
