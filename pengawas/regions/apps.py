from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "pengawas.regions"
    label = "regions"
