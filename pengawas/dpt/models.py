from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election, Tps


class Stage(models.TextChoices):
    DPS = "DPS", _("DPS (Daftar Pemilih Sementara)")
    DPSHP = "DPSHP", _("DPSHP (DPS Hasil Perbaikan)")
    DPT = "DPT", _("DPT (Daftar Pemilih Tetap)")


# Later stages outrank earlier ones when choosing which snapshot the public sees.
STAGE_ORDER: dict[str, int] = {Stage.DPS: 1, Stage.DPSHP: 2, Stage.DPT: 3}


class Snapshot(models.Model):
    """One imported voter-list file: a version of the list at one stage, never changed."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="snapshots")
    stage = models.CharField(max_length=5, choices=Stage.choices, default=Stage.DPT)
    source_name = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    source_size = models.BigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # Who ran a command-line import (the operating-system account), when no user did.
    imported_by_name = models.CharField(max_length=150, blank=True)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # The voter fields the file carried (e.g. no "nik" in the 7-column list KPU gives Bawaslu):
    # features that need a missing field say so instead of failing.
    fields_present = models.JSONField(default=list)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "stage", "source_sha256"], name="dpt_snapshot_unique_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.election.code} {self.stage} #{self.pk}"

    def has_field(self, field_name: str) -> bool:
        return field_name in self.fields_present


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class MaritalStatus(models.TextChoices):
    B = "B", _("Belum kawin")
    S = "S", _("Sudah kawin")
    P = "P", _("Pernah kawin")


class Voter(models.Model):
    """One row of an imported voter list, as the file gave it.

    Malformed personal fields are kept (in `invalid_fields`) for the audit to flag.
    """

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="voters", db_index=False
    )
    source_line = models.PositiveIntegerField()
    source_sheet = models.CharField(max_length=64, blank=True)
    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, related_name="voters", db_index=False)
    nkk = models.CharField(max_length=32, blank=True)
    nik = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=200)
    # The name folded for tolerant search (see dpt.names.name_key).
    name_key = models.CharField(max_length=200)
    birth_place = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    marital_status = models.CharField(max_length=1, choices=MaritalStatus.choices, blank=True)
    address = models.CharField(max_length=255, blank=True)
    rt = models.CharField(max_length=8, blank=True)
    rw = models.CharField(max_length=8, blank=True)
    disability = models.CharField(max_length=60, blank=True)
    remark = models.CharField(max_length=120, blank=True)
    # Values that could not be read, by column, e.g. {"TANGGAL_LAHIR": "31-02-1980"}.
    invalid_fields = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # Public lookup: WHERE nik = ? AND snapshot_id IN (...)
            models.Index(fields=["nik", "snapshot"], name="dpt_voter_nik"),
            # Name search within one snapshot scans this index only, never the table.
            models.Index(fields=["snapshot", "name_key"], name="dpt_voter_name"),
            # The list of one TPS, in file order; filters by desa/kecamatan go through TPS.
            models.Index(fields=["tps", "snapshot", "source_line"], name="dpt_voter_tps"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}:{self.source_line}"
