from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "pengawas.archive"
    label = "archive"
    verbose_name = "SIP: arsip pengawasan, pencegahan dan penindakan"
