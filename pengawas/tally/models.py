"""Paslon of an election and the C.Hasil-KWK sheets entered for a TPS.

Double entry as in Tally-Ho: the PTPS enters the figures of the C.Hasil Salinan they received,
and the PKD enters the same sheet independently; the two are compared field by field. One
sheet per TPS and entry: a correction replaces it, and every version stays as a revision.
A resend carries the same client_uuid and is the same sheet (exactly once).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election, Tps


class Candidate(models.Model):
    """A pasangan calon (paslon) and their nomor urut in one election."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    number = models.PositiveIntegerField(_("nomor urut"))
    name = models.CharField(_("nama pasangan calon"), max_length=200)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="tally_candidate_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Entry(models.TextChoices):
    PTPS = "ptps", _("Pengawas TPS")
    PKD = "pkd", _("PKD")


class Result(models.TextChoices):
    OK = "ok", _("Sesuai")
    WARNINGS = "warnings", _("Ada peringatan")
    ERRORS = "errors", _("Ada kesalahan")


class ResultSheet(models.Model):
    tps = models.ForeignKey(Tps, on_delete=models.CASCADE, related_name="result_sheets")
    entry = models.CharField(max_length=4, choices=Entry.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField()
    findings = models.JSONField(default=list)
    result = models.CharField(max_length=8, choices=Result.choices)
    # The photo of the C.Hasil Salinan, re-encoded (no metadata) under a random name.
    photo = models.CharField(max_length=120, blank=True)
    client_uuid = models.UUIDField(unique=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tps", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["tps", "entry"], name="tally_sheet_per_entry")
        ]

    def __str__(self) -> str:
        return f"C.Hasil {self.tps} ({self.entry})"


class ResultSheetRevision(models.Model):
    """Every version of a sheet as it was sent; its client_uuid makes a resend a no-op."""

    sheet = models.ForeignKey(ResultSheet, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField()
    findings = models.JSONField(default=list)
    photo = models.CharField(max_length=120, blank=True)
    client_uuid = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sheet", "version"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "version"], name="tally_revision_version")
        ]

    def __str__(self) -> str:
        return f"{self.sheet} v{self.version}"
