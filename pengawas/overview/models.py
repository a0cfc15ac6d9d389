"""KPU's official recap per TPS, imported from a CSV (overview_recap_import, pantauan/rekap/).

The figures are the ones KPU recaps berjenjang (the legal result; Sirekap photos are for
publication only, facts.md §5). They sit next to the PTPS's own copies of the C.Hasil-KWK so
that a difference per TPS shows at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election, Tps


class KpuRecap(models.Model):
    """One TPS's figures in KPU's recap: {"paslon": {"1": n, …}, "sah": n, "tidak_sah": n}."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="kpu_recaps")
    tps = models.ForeignKey(Tps, on_delete=models.CASCADE, related_name="kpu_recaps")
    data = models.JSONField()
    imported_at = models.DateTimeField()
    source_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("rekap KPU per TPS")
        verbose_name_plural = _("rekap KPU per TPS")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "tps"], name="overview_kpurecap_one_per_tps"
            )
        ]

    def __str__(self) -> str:
        return f"{self.election_id} {self.tps_id}"
