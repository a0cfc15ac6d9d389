"""The DPT audit: one run over one snapshot (or the part of it in a kecamatan), its findings.

Findings name voters by reference (the Voter row of the snapshot), never by copying their NIK,
so the audit adds no new copy of personal data; outputs that carry the NIK (JSON, XLSX, PDF,
the letter to KPU) are produced on demand and each download is recorded in the audit trail.
The rules and their legal grounds are in dpt_audit/rules.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NIK_FORMAT = "NIK_FORMAT", _("NIK tidak 16 digit")
    NIK_REGION = "NIK_REGION", _("Kode wilayah NIK tidak dikenal")
    NIK_BIRTHDATE = "NIK_BIRTHDATE", _("NIK tidak sesuai tanggal lahir")
    NIK_SEX = "NIK_SEX", _("NIK tidak sesuai jenis kelamin")
    NKK_FORMAT = "NKK_FORMAT", _("NKK tidak 16 digit")
    DUPLICATE_NIK = "DUPLICATE_NIK", _("NIK ganda")
    DUPLICATE_IDENTITY = "DUPLICATE_IDENTITY", _("Diduga orang yang sama (identitas ganda)")
    UNDERAGE = "UNDERAGE", _("Belum berumur 17 tahun dan belum kawin")
    AGE_IMPLAUSIBLE = "AGE_IMPLAUSIBLE", _("Umur tidak masuk akal")
    INCOMPLETE = "INCOMPLETE", _("Elemen data tidak lengkap")
    TPS_OVER_CAPACITY = "TPS_OVER_CAPACITY", _("TPS melebihi jumlah pemilih maksimal")
    FAMILY_SPLIT = "FAMILY_SPLIT", _("Satu keluarga terpisah di TPS berbeda")


class Status(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class AuditRun(models.Model):
    snapshot = models.ForeignKey("dpt.Snapshot", on_delete=models.PROTECT, related_name="+")
    # The part of the list audited: None = the whole snapshot; a kecamatan for a Panwascam.
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who ran it from the command line (the operating-system account), when no user did.
    requested_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_note = models.CharField(max_length=200, blank=True)
    # [{"category": "NIK_REGION", "reason": "…"}]: rules that could not run on this snapshot.
    rules_not_run = models.JSONField(default=list)
    summary = models.JSONField(default=dict)  # {category: count}
    voters_checked = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Audit #{self.pk} ({self.snapshot})"


class Finding(models.Model):
    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(max_length=20, choices=Category.choices)
    # The row found (None for TPS_OVER_CAPACITY and FAMILY_SPLIT, which concern a TPS or an NKK).
    voter = models.ForeignKey(
        "dpt.Voter", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_line = models.PositiveIntegerField(null=True, blank=True)
    tps = models.ForeignKey(
        "elections.Tps", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Ties the rows of one duplicate group ("DUPLICATE_NIK:12"); for FAMILY_SPLIT, the NKK's key.
    group = models.CharField(max_length=64, blank=True)
    # FAMILY_SPLIT: the family's NKK (personal data: shown masked, exported on demand only).
    nkk = models.CharField(max_length=32, blank=True)
    # The explanation in Bahasa Indonesia, with the values that made the rule fire.
    detail = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["run", "category", "village"], name="dpt_audit_finding_cat"),
            models.Index(fields=["run", "village", "tps"], name="dpt_audit_finding_place"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.source_line or self.group}"
