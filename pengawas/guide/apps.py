from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "pengawas.guide"
    label = "guide"
    verbose_name = "Panduan: Buku Saku PTPS dan Putung"
