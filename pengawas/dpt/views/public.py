"""The public Cek DPT: a page and a JSON API, no login.

Both share one rate limit per client address (every attempt counts, invalid ones too),
log one line per lookup with a keyed hash of the NIK (never the NIK), and answer with
Cache-Control: no-store. The page POSTs so that the NIK never lands in a URL, and it never
writes the typed NIK back into the HTML.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from pengawas.core.services import RateDecision, client_address, keyed_hash, rate_hit
from pengawas.dpt.openapi import OPENAPI_DOCUMENT
from pengawas.dpt.services.lookup import (
    NikInvalid,
    PublicLookup,
    nik_clean,
    public_lookup_json,
    voter_lookup_public,
)

logger = logging.getLogger("pengawas.cek_dpt")
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _rate_hit(request: HttpRequest) -> RateDecision:
    # One key for the page and the API: switching between them buys no extra attempts.
    return rate_hit(
        key=f"cek-dpt:{client_address(request)}", limit=settings.CEK_DPT_RATE_PER_MINUTE
    )


def _lookup(*, nik: str, channel: str) -> PublicLookup:
    lookup = voter_lookup_public(nik=nik)
    logger.info(
        "cek-dpt lookup channel=%s nik_hash=%s found=%s elections_found=%d/%d",
        channel,
        keyed_hash(nik, purpose="cek-dpt"),
        "yes" if lookup.found else "no",
        lookup.found_count,
        len(lookup.entries),
    )
    return lookup


def _rate_limited_message(seconds: int) -> str:
    # Indonesian has one form; the plural is there for English ("1 second", "30 seconds").
    return ngettext(
        "Terlalu banyak pencarian dari perangkat atau jaringan Anda dalam satu menit. "
        "Demi keamanan data pemilih, tunggu %(seconds)d detik lalu coba lagi.",
        "Terlalu banyak pencarian dari perangkat atau jaringan Anda dalam satu menit. "
        "Demi keamanan data pemilih, tunggu %(seconds)d detik lalu coba lagi.",
        seconds,
    ) % {"seconds": seconds}


def _log_rate_limited(request: HttpRequest, decision: RateDecision) -> None:
    logger.warning(
        "cek-dpt rate limited client_hash=%s hits=%d limit=%d",
        keyed_hash(client_address(request), purpose="cek-dpt-client"),
        decision.hits,
        decision.limit,
    )


@require_http_methods(["GET", "POST"])
def cek_dpt_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    retry_after: int | None = None
    if request.method == "POST":
        decision = _rate_hit(request)
        if not decision.allowed:
            _log_rate_limited(request, decision)
            retry_after = decision.retry_after
            context["rate_limited"] = _rate_limited_message(retry_after)
        else:
            try:
                nik = nik_clean(raw=request.POST.get("nik", ""))
            except NikInvalid as error:
                context["error"] = error.message
            else:
                context["lookup"] = _lookup(nik=nik, channel="page")
    # htmx swaps only the answer into the page; without JavaScript the whole page returns.
    partial = request.method == "POST" and bool(getattr(request, "htmx", False))
    template = "dpt/cek_dpt_result.html" if partial else "dpt/cek_dpt.html"
    response = render(request, template, context, status=200 if retry_after is None else 429)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if request.method == "POST":
        add_never_cache_headers(response)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _api_error(*, status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse(
        {"error": {"code": code, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    add_never_cache_headers(response)
    return response


@csrf_exempt  # no session, no side effect: API clients have no CSRF token to send
@require_http_methods(["GET", "POST"])
def cek_dpt_api(request: HttpRequest) -> HttpResponse:
    decision = _rate_hit(request)
    if not decision.allowed:
        _log_rate_limited(request, decision)
        response = _api_error(
            status=429,
            code="rate_limited",
            message=_rate_limited_message(decision.retry_after),
        )
        response["Retry-After"] = str(decision.retry_after)
        return response
    params = request.POST if request.method == "POST" else request.GET
    try:
        nik = nik_clean(raw=params.get("nik", ""))
    except NikInvalid as error:
        return _api_error(status=400, code=error.code, message=error.message)
    lookup = _lookup(nik=nik, channel="api")
    response = JsonResponse(
        public_lookup_json(lookup=lookup), json_dumps_params={"ensure_ascii": False}
    )
    # The same headers add_never_cache_headers() gives, set directly: this is the hot path.
    response["Cache-Control"] = NEVER_CACHE
    return response


@require_GET
def openapi_schema(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(OPENAPI_DOCUMENT, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=3600)
    return response
