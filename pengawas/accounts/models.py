"""Accounts: who a user is (auth.User plus Account) and what they answer for (Assignment)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pengawas.accounts.roles import Position, Role


class Account(models.Model):
    """What Pengawas keeps about a login beyond Django's User."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    # Set when an administrator resets the password: the user must choose a new one at the
    # next login before doing anything else.
    must_change_password = models.BooleanField(default=False)
    # Raised by "log out everywhere": every session that carries an older value ends.
    session_epoch = models.PositiveIntegerField(default=0)
    # One-time activation (bulk onboarding): only a hash of the code is kept.
    activation_code_hash = models.CharField(max_length=128, blank=True)
    activation_expires = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """One role held by one user over a period, over one region or one TPS.

    A user holds at most one assignment at a time (assignment_create ends the previous one),
    and several over the years: a PTPS in 2020 may be a PKD in 2024.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    position = models.CharField(
        _("jabatan"), max_length=10, choices=Position.choices, blank=True, default=""
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tps = models.ForeignKey(
        "elections.Tps", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts = models.DateField(_("mulai"))
    ends = models.DateField(_("berakhir"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts", "-pk"]
        indexes = [models.Index(fields=["user", "ends"], name="accounts_assignment_current")]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR) | Q(region__isnull=False),
                name="accounts_assignment_region_required",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.PTPS) | (Q(tps__isnull=False) & Q(election__isnull=False)),
                name="accounts_assignment_ptps_tps",
            ),
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=models.F("starts")),
                name="accounts_assignment_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.region_id or ''}"
