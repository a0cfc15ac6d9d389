"""The archive search page (/arsip/cari/): a query, filters, results as the user types.

Login required; rules.can_use_archive decides who may search, rules.records_visible (inside
the search query) what each user finds. The query is sent by POST only, as in the voter
search (pengawas/dpt/views/supervisors.py): archive queries are often names (a pelapor, a
terlapor, a witness), so they stay out of URLs, browser histories and access logs. A GET may
carry the filters, never a query.
"""

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.archive import rules
from pengawas.archive.forms_search import ArchiveSearchForm
from pengawas.archive.search_index import query_parse
from pengawas.archive.services_search import SearchPage, record_search
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.core.services import keyed_hash


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


_for_archive_users = jurisdiction_required(rules.can_use_archive)


def _search(request: HttpRequest, form: ArchiveSearchForm) -> SearchPage | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    assert isinstance(request.user, User)
    return record_search(
        user=request.user,
        query=data["q"],
        function=data["function"] or None,
        election=data["election"],
        stage=data["stage"] or None,
        region_code=data["region"] or None,
        date_from=data["date_from"],
        date_to=data["date_to"],
        classification=data["classification"].pk if data["classification"] else None,
        tag=data["tag"].name if data["tag"] else None,
        page=data["page"] or 1,
    )


def _audit_search(request: HttpRequest, form: ArchiveSearchForm, page: SearchPage) -> None:
    """RECORDS_SEARCHED, for a search the user submitted (the Cari button or Enter; the
    script marks it `cari=1`), never for the searches made while typing: those are the same
    search being written, and one entry per keystroke would bury the trail in fragments of
    words. The query itself is not written (it may name a person): only its keyed hash,
    which matches the same query searched again, and its number of words."""
    query = form.cleaned_data["q"]
    audit_record(
        action=Action.RECORDS_SEARCHED,
        request=request,
        target_type="archive",
        target_label="arsip",
        detail={
            "query_hash": keyed_hash(query.strip().lower(), purpose="audit") if query else "",
            "words": len(query_parse(query).words),
            "filters": form.filters_used(),
            "page": page.number,
            "shown": len(page.hits),
        },
    )


@_for_archive_users
@never_cache
@require_http_methods(["GET", "POST"])
def search_page(request: HtmxHttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The search page; an htmx request gets the results fragment only."""
    user_id = request.user.pk
    assert user_id is not None
    if request.method == "POST":
        form = ArchiveSearchForm(request.POST, jurisdiction=jurisdiction, user_id=user_id)
    else:
        filters = request.GET.copy()
        filters.pop("q", None)
        form = ArchiveSearchForm(filters, jurisdiction=jurisdiction, user_id=user_id)
    page = _search(request, form)
    if page is not None and request.method == "POST" and request.POST.get("cari") == "1":
        _audit_search(request, form, page)
    fragment = "#results" if request.htmx and not request.htmx.history_restore_request else ""
    response = render(request, f"archive/search.html{fragment}", {"form": form, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response
