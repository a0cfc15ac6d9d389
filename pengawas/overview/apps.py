from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "pengawas.overview"
    label = "overview"
    verbose_name = "Pantauan hari pemungutan suara"
