from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "pengawas.elections"
    label = "elections"
