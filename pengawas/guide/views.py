"""Reading the Panduan: the books of an edition, a page, earlier editions, what changed, search.

Login required; guide/rules.py decides. Pages are the same for every reader, so they carry
no personal data and can be kept on the phone for reading offline (views_offline.py).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.elections.models import Tps
from pengawas.guide import rules
from pengawas.guide.ballot_drawing import ballot_svg
from pengawas.guide.ballots import ballot_get
from pengawas.guide.changes import editions_compare, snapshot
from pengawas.guide.content import instruments_read
from pengawas.guide.models import Book, Edition, PageType, Section
from pengawas.guide.search import index_search
from pengawas.guide.services import (
    edition_latest,
    edition_search_index,
    series_for_election,
    series_published,
)

SEARCH_LIMIT = 10


for_guide = jurisdiction_required(rules.can_read_guide)


def own_series(jurisdiction: Jurisdiction) -> str | None:
    """The series of the PTPS's election; for everyone else the newest published one."""
    if jurisdiction.tps_id is not None:
        tps = Tps.objects.select_related("election").filter(pk=jurisdiction.tps_id).first()
        if tps is not None:
            return series_for_election(election=tps.election)
    published = series_published()
    return published[0].series if published else None


def _latest_or_404(series: str) -> Edition:
    edition = edition_latest(series=series)
    if edition is None:
        raise Http404
    return edition


def _books(edition: Edition) -> list[dict[str, Any]]:
    sections = list(edition.sections.defer("body_md", "body_html"))
    books = []
    for book in Book:
        of_book = [section for section in sections if section.book == book]
        books.append(
            {
                "book": book,
                "groups": [
                    (page_type, [s for s in of_book if s.type == page_type])
                    for page_type in PageType
                    if any(s.type == page_type for s in of_book)
                ],
            }
        )
    return books


@require_GET
@for_guide
def guide_home(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    series = own_series(jurisdiction)
    if series is None:
        return render(request, "guide/empty.html")
    return redirect("guide-series", series=series)


def _series_page(request: HttpRequest, edition: Edition, latest: Edition) -> HttpResponse:
    return render(
        request,
        "guide/series.html",
        {
            "edition": edition,
            "latest": latest,
            "books": _books(edition),
            "other_series": [e for e in series_published() if e.series != edition.series],
            "checklist": rules.can_keep_checklist(user_jurisdiction(user=request.user)),
        },
    )


@require_GET
@for_guide
def guide_series(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    edition = _latest_or_404(series)
    return _series_page(request, edition, edition)


@require_GET
@for_guide
def guide_edition(
    request: HttpRequest, jurisdiction: Jurisdiction, series: str, number: int
) -> HttpResponse:
    edition = get_object_or_404(Edition, series=series, number=number)
    return _series_page(request, edition, _latest_or_404(series))


def _neighbours(section: Section) -> tuple[Section | None, Section | None]:
    siblings = list(
        Section.objects.filter(edition=section.edition, book=section.book)
        .order_by("order", "page_id")
        .only("page_id", "title", "order")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    return (
        siblings[index - 1] if index > 0 else None,
        siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def _page(request: HttpRequest, edition: Edition, latest: Edition, page_id: str) -> HttpResponse:
    section = get_object_or_404(Section, edition=edition, page_id=page_id)
    instruments = instruments_read()

    def cited(citations: list[str]) -> list[dict[str, str]]:
        return [
            {
                "text": c,
                "title": next((t for k, t in instruments.items() if c.startswith(k + " ")), ""),
            }
            for c in citations
        ]

    previous, following = _neighbours(section)
    nodes = [{**node, "basis": cited(node["basis"])} for node in section.data.get("nodes", [])]
    checks = [{**check, "basis": cited(check["basis"])} for check in section.data.get("checks", [])]
    ballots = [
        {"ballot": ballot, "svg": mark_safe(ballot_svg(ballot=ballot))}  # noqa: S308 - our own SVG
        for ballot in (ballot_get(ballot_id=b) for b in section.data.get("ballots", []))
    ]
    return render(
        request,
        "guide/page.html",
        {
            "edition": edition,
            "latest": latest,
            "section": section,
            "basis": cited(section.basis),
            "checks": checks,
            "nodes": nodes,
            "start": section.data.get("start", ""),
            "ballots": ballots,
            "previous": previous,
            "following": following,
            "checklist": rules.can_keep_checklist(user_jurisdiction(user=request.user)),
        },
    )


@require_GET
@for_guide
def guide_page(
    request: HttpRequest, jurisdiction: Jurisdiction, series: str, page_id: str
) -> HttpResponse:
    edition = _latest_or_404(series)
    return _page(request, edition, edition, page_id)


@require_GET
@for_guide
def guide_edition_page(
    request: HttpRequest, jurisdiction: Jurisdiction, series: str, number: int, page_id: str
) -> HttpResponse:
    edition = get_object_or_404(Edition, series=series, number=number)
    return _page(request, edition, _latest_or_404(series), page_id)


@require_GET
@for_guide
def guide_editions(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    editions = list(Edition.objects.filter(series=series).order_by("-number").defer("search_index"))
    if not editions:
        raise Http404
    return render(request, "guide/editions.html", {"editions": editions, "latest": editions[0]})


def _snapshots(edition: Edition) -> list[Any]:
    return [
        snapshot(
            page_id=s.page_id,
            title=s.title,
            book=s.book,
            basis=s.basis,
            body=s.body_md,
            data=s.data,
        )
        for s in edition.sections.all()
    ]


@require_GET
@for_guide
def guide_changes(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    editions = list(Edition.objects.filter(series=series).order_by("-number").defer("search_index"))
    if not editions:
        raise Http404
    numbers = [edition.number for edition in editions]

    def chosen(name: str, default: int) -> int | None:
        value = request.GET.get(name, str(default))
        return int(value) if value.isdigit() and int(value) in numbers else None

    newest = numbers[0]
    older, newer = chosen("dari", numbers[1] if len(numbers) > 1 else newest), chosen("ke", newest)
    context: dict[str, Any] = {"editions": editions, "latest": editions[0], "series": series}
    if older is None or newer is None:
        context["error"] = _("Pilih dua edisi yang ada dari seri ini.")
        return render(request, "guide/changes.html", context, status=400)
    by_number = {edition.number: edition for edition in editions}
    context.update(
        older=by_number[older],
        newer=by_number[newer],
        changes=editions_compare(_snapshots(by_number[older]), _snapshots(by_number[newer])),
    )
    return render(request, "guide/changes.html", context)


def _search(
    jurisdiction: Jurisdiction, query: str, series: str | None
) -> tuple[Edition | None, list[Any]]:
    series = series or own_series(jurisdiction)
    edition = edition_latest(series=series) if series else None
    if edition is None or not query.strip():
        return edition, []
    index = edition_search_index(edition=edition)
    return edition, index_search(index, query[:200], limit=SEARCH_LIMIT)


@require_GET
@for_guide
def guide_search(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    query = request.GET.get("q", "")
    edition, results = _search(jurisdiction, query, request.GET.get("seri"))
    return render(
        request,
        "guide/search.html",
        {"query": query, "edition": edition, "latest": edition, "results": results},
    )


@require_GET
def api_guide_search(request: HttpRequest) -> HttpResponse:
    """`{"results": [{"id", "title", "book", "snippet", "url"}]}`, best first."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk terlebih dahulu.")}, status=401)
    jurisdiction = user_jurisdiction(user=request.user)
    if not rules.can_read_guide(jurisdiction):
        return JsonResponse({"error": _("Anda tidak memiliki akses ke panduan.")}, status=403)
    assert jurisdiction is not None
    _edition, results = _search(jurisdiction, request.GET.get("q", ""), request.GET.get("seri"))
    return JsonResponse({"results": results})


@require_GET
@gzip_page  # 350 KiB of JSON, 75 KiB compressed, on a phone's weak signal; it holds no secret
@for_guide
def guide_search_index(
    request: HttpRequest, jurisdiction: Jurisdiction, series: str
) -> HttpResponse:
    """The latest edition's search index, for searching on the phone without signal."""
    edition = _latest_or_404(series)
    response = JsonResponse(edition_search_index(edition=edition))
    response["ETag"] = f'"{edition.content_hash}"'
    return response


@require_GET
@for_guide
def guide_pocket_pdf(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    """The printable pocket Buku Saku (A6, or A5 with ?ukuran=A5)."""
    from pengawas.guide.views_pocket import pocket_pdf_view

    return pocket_pdf_view(request, series)
