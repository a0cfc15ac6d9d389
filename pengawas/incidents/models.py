"""Incidents recorded at a TPS on voting day (the fixed list in incidents/grounds.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Tps
from pengawas.incidents.grounds import INCIDENT_TYPES

CODE_CHOICES = [(t.code, t.label) for t in INCIDENT_TYPES]


class Incident(models.Model):
    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, related_name="incidents")
    code = models.CharField(_("kejadian"), max_length=40, choices=CODE_CHOICES)
    # How many ballots, voters or persons, where the law counts (grounds.IncidentType.counted).
    count = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True, max_length=2000)
    # When it happened, as the supervisor saw it (an incident written down offline is sent
    # later); created_at is when the server received it.
    occurred_at = models.DateTimeField(_("waktu kejadian"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_recorded"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Made on the phone for each incident: a resend after lost signal is recognised.
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["tps_id", "occurred_at", "pk"]
        verbose_name = _("kejadian di TPS")
        verbose_name_plural = _("kejadian di TPS")
        indexes = [models.Index(fields=["tps", "occurred_at"], name="incidents_tps_time")]

    def __str__(self) -> str:
        return f"{self.code} @ {self.tps_id}"
