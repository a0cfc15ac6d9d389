from django.urls import path

from pengawas.incidents import views

urlpatterns = [
    path("hari-h/kejadian/", views.incidents_own, name="incidents-own"),
    path("hari-h/kejadian/tps/<int:tps_id>/", views.incidents_tps, name="incidents-tps"),
    path(
        "hari-h/kejadian/tps/<int:tps_id>/periksa",
        views.incidents_preview,
        name="incidents-preview",
    ),
    path("api/v1/hari-h/kejadian", views.api_incidents, name="incidents-api"),
]
