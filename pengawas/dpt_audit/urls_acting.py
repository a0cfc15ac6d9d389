"""Acting on the DPT audit: the saran perbaikan to KPU/PPK and the snapshot comparison."""

from django.urls import path

from pengawas.dpt_audit import views_compare, views_saran

urlpatterns = [
    path("dpt/audit/banding/", views_compare.compare_view, name="dpt-audit-compare"),
    path("dpt/audit/<int:run_id>/saran/", views_saran.saran_view, name="dpt-audit-saran"),
    path(
        "dpt/audit/<int:run_id>/saran/surat.pdf",
        views_saran.saran_pdf_view,
        name="dpt-audit-saran-pdf",
    ),
    path(
        "dpt/audit/<int:run_id>/saran/temuan.xlsx",
        views_saran.saran_xlsx_view,
        name="dpt-audit-saran-xlsx",
    ),
]
