from django.urls import path

from pengawas.archive import views_custody

urlpatterns = [
    path("ekspor/", views_custody.bundle_download, name="archive-bundle"),
    path("penyusutan/", views_custody.retention_page, name="archive-retention"),
    path("penyusutan/<int:disposal_id>/", views_custody.disposal_page, name="archive-disposal"),
]
