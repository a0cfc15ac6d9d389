from django.apps import AppConfig


class TallyConfig(AppConfig):
    name = "pengawas.tally"
    label = "tally"
    verbose_name = "Pemeriksaan C.Hasil-KWK"
