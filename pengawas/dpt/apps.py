from django.apps import AppConfig


class DptConfig(AppConfig):
    name = "pengawas.dpt"
    label = "dpt"
