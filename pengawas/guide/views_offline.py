"""What makes the Panduan work without signal: the web app manifest, the service worker and
the list of what it keeps on the phone after one visit (static/pengawas/guide-offline.js
registers it; templates/guide/sw.js is the worker itself)."""

import hashlib

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from pengawas.accounts.roles import Jurisdiction
from pengawas.guide import rules
from pengawas.guide.models import Edition
from pengawas.guide.services import series_published
from pengawas.guide.views import _latest_or_404, for_guide

# The files every offline page needs; the worker keeps them beside the pages.
OFFLINE_STATIC = (
    "pengawas/pengawas.css",
    "pengawas/guide.css",
    "pengawas/guide-offline.js",
    "pengawas/guide-search.js",
    "pengawas/guide-checklist.js",
    "pengawas/favicon.svg",
    "pengawas/icons/panduan-192.png",
    "pengawas/icons/panduan-512.png",
    "django_htmx/htmx-2.min.js",  # what base.html loads: {% htmx_script %}, htmx 2
    "pengawas/logout-guard.js",  # base.html too, for a signed-in user
)
SCOPE = "/panduan/"


def offline_version() -> str:
    """Changes when an edition is published or a static file changes: the phone then
    refreshes what it keeps (a new worker script is a new version)."""
    digest = hashlib.sha256()
    for edition in series_published():
        digest.update(f"{edition.series}:{edition.number}:{edition.content_hash}".encode())
    for name in OFFLINE_STATIC:
        digest.update(staticfiles_storage.url(name).encode())
    return digest.hexdigest()[:16]


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "guide/sw.js",
        {"version": offline_version(), "scope": SCOPE, "login_url": reverse("login")},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = SCOPE
    return response


@require_GET
@cache_control(max_age=3600)
def web_manifest(request: HttpRequest) -> HttpResponse:
    manifest = {
        "name": "Pengawas — Panduan PTPS",
        "short_name": "Panduan PTPS",
        "description": "Buku Saku PTPS dan Putung: panduan pengawasan di TPS, juga tanpa sinyal.",
        "lang": "id",
        "start_url": reverse("guide-home"),
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#8a1c1c",
        "icons": [
            {
                "src": staticfiles_storage.url(f"pengawas/icons/panduan-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_GET
@for_guide
def offline_list(request: HttpRequest, jurisdiction: Jurisdiction, series: str) -> HttpResponse:
    """Every URL the phone keeps for this series' latest edition."""
    edition: Edition = _latest_or_404(series)
    urls = [
        reverse("guide-home"),
        reverse("guide-series", args=[series]),
        reverse("guide-search"),
        reverse("guide-search-index", args=[series]),
        *(
            reverse("guide-page", args=[series, page_id])
            for page_id in edition.sections.values_list("page_id", flat=True)
        ),
        *(staticfiles_storage.url(name) for name in OFFLINE_STATIC),
    ]
    if rules.can_keep_checklist(jurisdiction):
        urls.append(reverse("guide-checklist", args=[series]))
    return JsonResponse({"version": offline_version(), "series": series, "urls": urls})
