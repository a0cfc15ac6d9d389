"""The live overview (pantauan/…) and KPU's recap beside the PTPS's copies (pantauan/rekap/)."""

from django.urls import path

from pengawas.overview import views, views_recap

urlpatterns = [
    path("pantauan/", views.board_page, name="overview-board"),
    path("pantauan/rekap/", views_recap.recap_page, name="overview-recap"),
]
