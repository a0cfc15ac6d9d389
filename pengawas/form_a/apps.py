from django.apps import AppConfig


class FormAConfig(AppConfig):
    name = "pengawas.form_a"
    label = "form_a"
    verbose_name = "Form A: laporan hasil pengawasan dari TPS"
