"""The live overview (pantauan/): the TPS of the user's area and what each has reported.

The page polls its own table every 30 seconds (htmx, `overview/_board.html`), with the same
GET parameters, so the filters stay and the window keeps its scroll position. Each poll names
the version of the board it shows; when nothing has changed the answer is only the time of
the check (a kabupaten's board is 1.3 MB of HTML: a Panwascam's phone should not fetch and
redraw it every 30 seconds for nothing). What does travel is gzipped.
"""

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from pengawas.accounts.roles import Jurisdiction
from pengawas.overview import sources
from pengawas.overview.access import for_watchers
from pengawas.overview.board import STATES, board_build
from pengawas.overview.board_html import rows_html
from pengawas.overview.choice import choice_read

POLL_SECONDS = 30


@for_watchers
@gzip_page
@never_cache
@require_GET
def board_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    choice = choice_read(request, jurisdiction)
    context: dict[str, Any] = {
        "choice": choice,
        "states": STATES,
        "poll_seconds": POLL_SECONDS,
        "now": timezone.localtime(),
    }
    if choice.election is not None:
        board = board_build(
            election=choice.election, tps=choice.tps(jurisdiction), state=choice.state
        )
        context |= {
            "board": board,
            "count_links": [
                (slug, label, board.counts[slug], choice.query(keadaan=slug))
                for slug, label in STATES.items()
            ],
            "rows": board.rows,
            "rows_html": rows_html(
                board.rows, sources.tps_link_patterns(), sources.form_link_pattern()
            ),
            "all_query": choice.query(keadaan=""),
        }
        board_html = render_to_string("overview/_board.html#content", context, request)
        context |= {"board_html": board_html, "version": board_version(board_html)}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        if "version" in context and request.GET.get("versi") == context["version"]:
            unchanged = render(request, "overview/_board.html#updated", context | {"oob": True})
            unchanged["HX-Reswap"] = "none"
            return unchanged
        return render(request, "overview/_board.html", context)
    return render(request, "overview/board.html", context)


def board_version(board_html: str) -> str:
    """Names what the board shows: the same counts and rows give the same version."""
    return hashlib.sha256(board_html.encode()).hexdigest()[:16]
