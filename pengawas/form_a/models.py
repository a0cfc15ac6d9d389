"""Form A (Formulir Model A, Laporan Hasil Pengawasan) sent from a TPS, and its photos.

One Form A per supervised activity (Buku Saku, "Mengisi Form A"); the PTPS's phone names each
report once with a client_uuid, so a report sent again after a lost answer is the same report.
The sections I to V live in `data` (shape and checks: form_a/report.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Terkirim, menunggu tinjauan")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    CONFIRMED = "confirmed", _("Dikonfirmasi")


class FormA(models.Model):
    tps = models.ForeignKey("elections.Tps", on_delete=models.PROTECT, related_name="form_a_set")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="form_a_written"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(default=dict)
    client_uuid = models.UUIDField(unique=True)
    # Raised by the phone with each edit after a return: an older copy sent late never
    # overwrites a newer one.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_a_reviewed",
    )
    review_note = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey(
        "archive.Record", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why the confirmed report is not (yet) in the archive; empty once it is.
    archive_error = models.TextField(blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("Form A")
        verbose_name_plural = _("Form A")
        indexes = [models.Index(fields=["tps", "updated_at"], name="form_a_tps_updated")]

    def __str__(self) -> str:
        return f"Form A {self.pk}"


def _photo_path(instance: "FormAPhoto", filename: str) -> str:
    return f"form_a/{instance.form_a.tps_id}/{instance.form_a.client_uuid}/{instance.sha256}.jpg"


class FormAPhoto(models.Model):
    form_a = models.ForeignKey(FormA, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form_a", "sha256"], name="form_a_photo_once")
        ]

    def __str__(self) -> str:
        return f"Foto {self.pk} Form A {self.form_a_id}"
