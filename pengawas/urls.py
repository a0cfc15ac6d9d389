from django.urls import include, path
from django.views.i18n import set_language

from pengawas.core import views as core_views
from pengawas.core.views_voting_day import voting_day

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("hari-h/", voting_day, name="voting-day"),
    path("favicon.ico", core_views.FaviconView.as_view(), name="favicon"),
    # Login, logout and the user's own account pages (masuk/, keluar/, akun/…)
    path("", include("pengawas.accounts.urls")),
    # Account management (kelola/pengguna/…) and activation of new accounts (aktivasi/…)
    path("", include("pengawas.accounts.urls_manage")),
    path("bahasa/", set_language, name="set-language"),
    path("audit/", include("pengawas.audit.urls")),
    path("", include("pengawas.dpt.urls")),
    # SIP, the archive: search (arsip/cari/), records (arsip/…), evidence bundles, retention
    path("arsip/cari/", include("pengawas.archive.urls_search")),
    path("arsip/", include("pengawas.archive.urls_custody")),
    path("arsip/", include("pengawas.archive.urls")),
    # Enforcement cases (laporan and temuan)
    path("penindakan/", include("pengawas.cases.urls")),
    # Panduan: Buku Saku PTPS and Putung (panduan/…, api/v1/panduan/…)
    path("", include("pengawas.guide.urls")),
    # DPT audit (dpt/audit/…), saran perbaikan, snapshot comparison, statistics (dpt/statistik/…)
    path("", include("pengawas.dpt_audit.urls_stats")),
    path("", include("pengawas.dpt_audit.urls_acting")),
    path("", include("pengawas.dpt_audit.urls_runs")),
    # Voting day: the C.Hasil-KWK check (hari-h/c-hasil/…), incidents and recount/re-vote grounds
    # (hari-h/kejadian/…), Form A from the field (hari-h/form-a/…), the live overview (pantauan/…)
    path("", include("pengawas.tally.urls")),
    path("", include("pengawas.incidents.urls")),
    path("", include("pengawas.form_a.urls")),
    path("", include("pengawas.overview.urls")),
]
