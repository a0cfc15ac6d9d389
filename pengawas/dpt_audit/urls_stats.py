"""Statistics of the voter list (dpt/statistik/…): the page and its spreadsheet."""

from django.urls import path

from pengawas.dpt_audit import views_stats

urlpatterns = [
    path("dpt/statistik/", views_stats.statistics_page, name="dpt-statistics"),
    path("dpt/statistik/unduh/", views_stats.statistics_download, name="dpt-statistics-xlsx"),
]
