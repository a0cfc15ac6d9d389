from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pengawas.core"
    label = "core"
    verbose_name = "Pengawas core"
