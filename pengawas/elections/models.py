import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.regions.models import Region


class Kind(models.TextChoices):
    PILKADA = "pilkada", _("Pilkada (pemilihan kepala daerah)")
    PEMILU = "pemilu", _("Pemilu (pemilihan umum)")


# The voter lists differ by kind of election: in Pilkada 2020 (PKPU 19/2019 as amended)
# DPPh are movers and DPTb unlisted KTP-el holders; in Pemilu (UU 7/2017) DPTb are movers
# and DPK unlisted KTP-el holders.
DEFAULT_VOTER_LISTS: dict[str, list[str]] = {
    Kind.PILKADA: ["DPT", "DPPh", "DPTb"],
    Kind.PEMILU: ["DPT", "DPTb", "DPK"],
}
# Pilkada 2020: at most 500 voters per TPS (PKPU 6/2020, the COVID-19 rule); Pemilu 2019: 300.
DEFAULT_MAX_VOTERS_PER_TPS: dict[str, int] = {Kind.PILKADA: 500, Kind.PEMILU: 300}


class Election(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="elections")
    voting_day = models.DateField()
    max_voters_per_tps = models.PositiveIntegerField()
    voting_opens = models.TimeField(default=datetime.time(7, 0))
    voting_closes = models.TimeField(default=datetime.time(13, 0))
    voter_list_names = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-voting_day", "code"]

    def __str__(self) -> str:
        return self.name


class Tps(models.Model):
    """A polling station: a number within one desa/kelurahan, for one election."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tps_set")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="tps_set")
    number = models.PositiveIntegerField()
    address = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["village_id", "number"]
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "village", "number"], name="elections_tps_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"TPS {self.number:03d}"

    @property
    def label(self) -> str:
        return f"TPS {self.number:03d}"
