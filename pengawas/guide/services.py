"""Publishing editions of the Panduan and reading them."""

import dataclasses
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election
from pengawas.guide.content import CONTENT_ROOT, Page, series_read
from pengawas.guide.models import Edition, Section
from pengawas.guide.render import body_html, search_parts
from pengawas.guide.search import INDEX_VERSION, SearchDocument, index_build


def _section_data(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if page.checks:
        data["checks"] = [
            {**dataclasses.asdict(check), "basis": [str(c) for c in check.basis]}
            for check in page.checks
        ]
    if page.nodes:
        data["start"] = page.start
        data["nodes"] = [
            {**dataclasses.asdict(node), "basis": [str(c) for c in node.basis]}
            for node in page.nodes
        ]
    if page.ballots:
        data["ballots"] = list(page.ballots)
    return data


def section_url(*, series: str, page_id: str) -> str:
    return reverse("guide-page", kwargs={"series": series, "page_id": page_id})


@transaction.atomic
def edition_publish(
    *,
    series: str,
    user: User | None = None,
    note: str = "",
    root: Path = CONTENT_ROOT,
) -> tuple[Edition, bool]:
    """Check the series' content and publish it as its next edition.

    Raises content.ContentInvalid (nothing written) when a page is wrong. Content identical
    to the latest edition publishes nothing: (latest edition, False).
    """
    source = series_read(series, root=root)
    latest = Edition.objects.filter(series=series).order_by("-number").first()
    if latest is not None and latest.content_hash == source.content_hash:
        return latest, False
    number = (Edition.objects.filter(series=series).aggregate(top=Max("number"))["top"] or 0) + 1
    edition = Edition.objects.create(
        series=series,
        number=number,
        title=source.title,
        kinds=list(source.kinds),
        voting_day=source.voting_day,
        content_hash=source.content_hash,
        note=note,
        published_at=timezone.now(),
        published_by=user,
    )
    Section.objects.bulk_create(
        Section(
            edition=edition,
            page_id=page.id,
            book=page.book,
            type=page.type,
            order=page.order,
            title=page.title,
            summary=page.summary,
            basis=[str(citation) for citation in page.basis],
            kinds=list(page.kinds),
            tags=list(page.tags),
            time=page.time,
            body_md=page.body,
            body_html=body_html(page),
            data=_section_data(page),
        )
        for page in source.pages
    )
    edition_search_index(edition=edition)
    audit_record(
        action=Action.GUIDE_PUBLISHED,
        actor=user,
        target_type="guide.edition",
        target_id=str(edition.pk),
        target_label=str(edition),
        detail={"series": series, "number": number, "pages": len(source.pages)},
    )
    return edition, True


def edition_search_index(*, edition: Edition) -> dict[str, Any]:
    """The edition's search index, built from its pages when published and built again
    when the search rules change (INDEX_VERSION), so an old edition searches like a new one."""
    stored: dict[str, Any] = edition.search_index
    if stored.get("version") == INDEX_VERSION:
        return stored
    documents = [
        SearchDocument(
            id=section.page_id,
            title=section.title,
            book=section.book,
            url=section_url(series=edition.series, page_id=section.page_id),
            summary=section.summary,
            tags=tuple(section.tags),
            parts=search_parts(
                title=section.title,
                summary=section.summary,
                body=section.body_md,
                checks=[check["text"] for check in section.data.get("checks", [])],
                nodes=section.data.get("nodes", []),
            ),
        )
        for section in edition.sections.order_by("book", "order", "page_id")
    ]
    index = index_build(documents)
    Edition.objects.filter(pk=edition.pk).update(search_index=index)
    edition.search_index = index
    return index


def edition_latest(*, series: str) -> Edition | None:
    return Edition.objects.filter(series=series).order_by("-number").first()


def series_published() -> list[Edition]:
    """The latest edition of every published series, newest election first."""
    latest = []
    for series in Edition.objects.values_list("series", flat=True).distinct():
        edition = edition_latest(series=series)
        if edition is not None:
            latest.append(edition)
    return sorted(latest, key=lambda edition: edition.voting_day, reverse=True)


def series_for_election(*, election: Election) -> str | None:
    """The series that serves an election: same kind and year, else the newest of its kind."""
    candidates = [e for e in series_published() if election.kind in e.kinds]
    for edition in candidates:
        if edition.voting_day.year == election.voting_day.year:
            return edition.series
    return candidates[0].series if candidates else None
