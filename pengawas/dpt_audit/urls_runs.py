"""The DPT audit from the web: runs, a run's progress and findings, its downloads."""

from django.urls import path

from pengawas.dpt_audit import views

urlpatterns = [
    path("dpt/audit/", views.run_list, name="dpt-audit-list"),
    path("dpt/audit/<int:run_id>/", views.run_page, name="dpt-audit-run"),
    path("dpt/audit/<int:run_id>/unduh/<str:fmt>/", views.run_download, name="dpt-audit-download"),
]
