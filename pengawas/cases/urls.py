from django.urls import path

from pengawas.cases import views

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("baru/", views.case_create_page, name="case-create"),
    path("<int:case_id>/", views.case_detail, name="case-detail"),
    path("<int:case_id>/status/", views.case_move_page, name="case-move"),
    path("<int:case_id>/ubah/", views.case_change_page, name="case-change"),
    path("<int:case_id>/pemberitahuan.pdf", views.case_notice, name="case-notice"),
]
