from django.apps import AppConfig


class DptAuditConfig(AppConfig):
    name = "pengawas.dpt_audit"
    label = "dpt_audit"
    verbose_name = "Audit DPT: temuan, saran perbaikan, statistik"
