from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pengawas.cases"
    label = "cases"
    verbose_name = "Penindakan: laporan dan temuan"
