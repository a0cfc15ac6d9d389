from django.urls import path

from pengawas.archive import views

urlpatterns = [
    path("", views.record_list, name="archive-list"),
    path("baru/", views.record_new, name="archive-create"),
    path("klasifikasi/", views.classifications, name="archive-classifications"),
    path("<int:record_id>/", views.record_detail, name="archive-record"),
    path("<int:record_id>/ubah/", views.record_edit, name="archive-edit"),
    path("<int:record_id>/tautan/", views.record_link_add, name="archive-link"),
    path("<int:record_id>/tahan/", views.record_hold, name="archive-hold"),
    path("<int:record_id>/berkas/", views.file_add, name="archive-file-add"),
    path("<int:record_id>/berkas/<int:file_id>/", views.file_view, name="archive-file"),
    path(
        "<int:record_id>/berkas/<int:file_id>/unduh/",
        views.file_download,
        name="archive-file-download",
    ),
    path(
        "<int:record_id>/berkas/<int:file_id>/pratinjau/",
        views.file_preview,
        name="archive-preview",
    ),
    path(
        "<int:record_id>/berkas/<int:file_id>/perbaikan/",
        views.file_replace,
        name="archive-file-replace",
    ),
]
