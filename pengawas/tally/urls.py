from django.urls import path

from pengawas.tally import views, views_candidates

urlpatterns = [
    path("hari-h/c-hasil/", views.sheet_page, name="tally-sheet"),
    path("hari-h/c-hasil/paslon/", views_candidates.candidates_page, name="tally-candidates"),
    path("hari-h/c-hasil/tps/<int:tps_id>/", views.tps_page, name="tally-tps"),
    path("hari-h/c-hasil/tps/<int:tps_id>/periksa/", views.check, name="tally-check"),
    path("hari-h/c-hasil/tps/<int:tps_id>/foto/<str:entry>/", views.photo, name="tally-photo"),
]
