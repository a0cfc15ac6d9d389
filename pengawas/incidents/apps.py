from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "pengawas.incidents"
    label = "incidents"
    verbose_name = "Kejadian di TPS: penghitungan dan pemungutan suara ulang"
