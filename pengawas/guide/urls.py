from django.urls import path

from pengawas.guide import views, views_checklist, views_offline

urlpatterns = [
    path("panduan/", views.guide_home, name="guide-home"),
    # The exact addresses the issue names: /panduan/cari?q=… and its JSON twin.
    path("panduan/cari", views.guide_search, name="guide-search"),
    path("api/v1/panduan/cari", views.api_guide_search, name="guide-api-search"),
    path("panduan/sw.js", views_offline.service_worker, name="guide-service-worker"),
    path("panduan/manifest.webmanifest", views_offline.web_manifest, name="guide-manifest"),
    path("panduan/<slug:series>/", views.guide_series, name="guide-series"),
    path("panduan/<slug:series>/edisi/", views.guide_editions, name="guide-editions"),
    path("panduan/<slug:series>/edisi/<int:number>/", views.guide_edition, name="guide-edition"),
    path(
        "panduan/<slug:series>/edisi/<int:number>/<slug:page_id>/",
        views.guide_edition_page,
        name="guide-edition-page",
    ),
    path("panduan/<slug:series>/perubahan/", views.guide_changes, name="guide-changes"),
    path("panduan/<slug:series>/indeks.json", views.guide_search_index, name="guide-search-index"),
    path(
        "panduan/<slug:series>/luring.json", views_offline.offline_list, name="guide-offline-list"
    ),
    path("panduan/<slug:series>/buku-saku.pdf", views.guide_pocket_pdf, name="guide-pocket-pdf"),
    path(
        "panduan/<slug:series>/daftar-periksa/",
        views_checklist.checklist_page,
        name="guide-checklist",
    ),
    path(
        "api/v1/panduan/daftar-periksa/<slug:series>",
        views_checklist.api_checklist,
        name="guide-api-checklist",
    ),
    path("panduan/<slug:series>/<slug:page_id>/", views.guide_page, name="guide-page"),
]
