from django.urls import path

from pengawas.audit import views

urlpatterns = [
    path("", views.audit_list, name="audit-list"),
    path("ekspor/", views.audit_export, name="audit-export"),
]
