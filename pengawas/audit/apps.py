from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pengawas.audit"
    label = "audit"
    verbose_name = "Jejak audit"

    def ready(self) -> None:
        # Login, logout, failed logins and lock-outs are recorded by signal receivers.
        from pengawas.audit import receivers  # noqa: F401
