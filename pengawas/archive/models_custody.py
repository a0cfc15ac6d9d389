"""Disposal (penyusutan) of records whose retention has run out: a request and its approvals.

The JRA (Perbawaslu 21/2014, Jadwal Retensi Arsip Bawaslu) says when a record's retention
ends and what happens then (musnah, dinilai kembali, permanen). Destroying records
(pemusnahan) is never one person's act: a DisposalRequest needs two approvals by two
different people allowed by rules.can_approve_disposal (the requester may be one of them),
and a legal hold on any of its records blocks it. See services_retention.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.archive.models import Record

# Two different approvers, each recorded once (the database refuses the same one twice).
APPROVALS_NEEDED = 2


class DisposalStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu persetujuan")
    EXECUTED = "dilaksanakan", _("Dilaksanakan")
    CANCELLED = "dibatalkan", _("Dibatalkan")


class DisposalRequest(models.Model):
    """A list of due records with outcome musnah, proposed for destruction."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    # The day the records were found due (the retention rule is applied again on execution).
    as_of = models.DateField(_("per tanggal"))
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    records = models.ManyToManyField(Record, related_name="disposal_requests")
    status = models.CharField(
        max_length=20, choices=DisposalStatus.choices, default=DisposalStatus.PENDING
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Penyusutan #{self.pk}"


class DisposalApproval(models.Model):
    request = models.ForeignKey(DisposalRequest, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "approver"], name="archive_disposal_one_approval_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ✓ {self.approver_id}"
