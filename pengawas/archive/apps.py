from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "pengawas.archive"
    label = "archive"
    verbose_name = "SIP: arsip pengawasan, pencegahan dan penindakan"

    def ready(self) -> None:
        # The search part of SIP: signal receivers (file stored → text and OCR jobs; records
        # saved → search index) and the background jobs themselves.
        from pengawas.archive import tasks  # noqa: F401
