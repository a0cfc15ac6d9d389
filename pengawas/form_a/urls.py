from django.urls import URLPattern, path

from pengawas.form_a import views, views_api

urlpatterns: list[URLPattern] = [
    path("hari-h/form-a/", views.own, name="form-a-own"),
    path("hari-h/form-a/sw.js", views.service_worker, name="form-a-sw"),
    path("hari-h/form-a/tinjau/", views.review_list, name="form-a-review-list"),
    path("hari-h/form-a/<int:pk>/", views.detail, name="form-a-detail"),
    path("hari-h/form-a/<int:pk>/tinjau", views.review, name="form-a-review"),
    path("hari-h/form-a/<int:pk>/arsipkan", views.archive, name="form-a-archive"),
    path("hari-h/form-a/<int:pk>/temuan", views.temuan, name="form-a-temuan"),
    path("hari-h/form-a/<int:pk>/pdf", views.pdf, name="form-a-pdf"),
    path("hari-h/form-a/<int:pk>/foto/<int:photo_id>", views.photo, name="form-a-photo"),
    path("api/v1/hari-h/form-a", views_api.api_form_a, name="form-a-api"),
]
