"""The PTPS's checklist on the server: the phone's marks arrive (often late, in batches,
out of order) and the latest mark of each item wins, by the time it was made."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from pengawas.elections.models import Tps
from pengawas.guide.checklist import MarkRefused, form_a_paragraph, mark_parse
from pengawas.guide.models import ChecklistMark, Edition, Mark


@dataclass(frozen=True)
class ChecklistItem:
    check_id: str
    text: str
    basis: list[str]
    form_a: str
    step_id: str
    step_title: str
    time: str


def tps_label(tps: Tps) -> str:
    """ "TPS 003 Desa Jaten": how Form A names the place."""
    village = tps.village
    level = "Kelurahan" if village.level == "kelurahan" else "Desa"
    return f"{tps.label} {level} {village.name}"


def checklist_items(*, edition: Edition) -> list[ChecklistItem]:
    items = []
    for section in edition.sections.filter(type="langkah").order_by("order", "page_id"):
        for check in section.data.get("checks", []):
            items.append(
                ChecklistItem(
                    check_id=check["id"],
                    text=check["text"],
                    basis=check["basis"],
                    form_a=check["form_a"],
                    step_id=section.page_id,
                    step_title=section.title,
                    time=section.time,
                )
            )
    return items


def checklist_marks(*, tps: Tps, series: str) -> dict[str, ChecklistMark]:
    return {mark.check_id: mark for mark in ChecklistMark.objects.filter(tps=tps, series=series)}


def checklist_sync(
    *,
    user: User,
    tps: Tps,
    edition: Edition,
    raw_marks: list[Any],
    now: datetime.datetime | None = None,
) -> tuple[int, list[dict[str, str]]]:
    """Apply the phone's marks; returns (applied, refused with reasons). A mark older than the
    one kept changes nothing, so sending the same batch twice is harmless."""
    now = now or timezone.now()
    known = {item.check_id for item in checklist_items(edition=edition)}
    applied = 0
    refused = []
    with transaction.atomic():
        kept = {
            mark.check_id: mark
            for mark in ChecklistMark.objects.select_for_update().filter(
                tps=tps, series=edition.series
            )
        }
        for raw in raw_marks:
            try:
                incoming = mark_parse(raw, known_checks=known, now=now)
            except MarkRefused as refusal:
                check_id = raw.get("check_id") if isinstance(raw, dict) else None
                refused.append({"check_id": str(check_id or ""), "reason": str(refusal)})
                continue
            current = kept.get(incoming.check_id)
            if current is not None and current.marked_at >= incoming.marked_at:
                continue
            kept[incoming.check_id], _ = ChecklistMark.objects.update_or_create(
                tps=tps,
                series=edition.series,
                check_id=incoming.check_id,
                defaults={
                    "mark": incoming.mark,
                    "note": incoming.note,
                    "marked_at": incoming.marked_at,
                    "marked_by": user,
                },
            )
            applied += 1
    return applied, refused


def form_a_drafts(*, edition: Edition, tps: Tps) -> list[dict[str, str]]:
    """The Form A paragraphs of the steps marked not compliant, in the order of the day."""
    marks = checklist_marks(tps=tps, series=edition.series)
    drafts = []
    for item in checklist_items(edition=edition):
        mark = marks.get(item.check_id)
        if mark is None or mark.mark != Mark.TIDAK_SESUAI:
            continue
        drafts.append(
            {
                "check_id": item.check_id,
                "step_title": item.step_title,
                "text": form_a_paragraph(
                    template=item.form_a,
                    tps_label=tps_label(tps),
                    marked_at=mark.marked_at,
                    note=mark.note,
                ),
            }
        )
    return drafts
