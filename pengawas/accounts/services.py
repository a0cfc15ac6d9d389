"""Creating accounts and giving them roles."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Position, Role, role_region_allowed
from pengawas.accounts.selectors import user_jurisdiction_forget
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region


def account_for(*, user: AbstractBaseUser) -> Account:
    """The user's Account, created on first need (superusers made by createsuperuser)."""
    account, _created = Account.objects.get_or_create(user_id=user.pk)
    return account


def assignment_create(
    *,
    user: User,
    role: str,
    region: Region | None = None,
    tps: Tps | None = None,
    election: Election | None = None,
    position: str = "",
    starts: datetime.date | None = None,
    created_by: User | None = None,
) -> Assignment:
    """Give a user a role from `starts` (today by default), ending the one they held.

    Raises ValidationError (in Bahasa Indonesia) when the role does not fit the region.
    """
    if role not in Role.values:
        raise ValidationError(_("Peran tidak dikenal: %(role)s.") % {"role": role})
    if position not in Position.values:
        raise ValidationError(_("Jabatan tidak dikenal: %(position)s.") % {"position": position})
    if role == Role.PTPS:
        if tps is None:
            raise ValidationError(_("Seorang PTPS harus ditugaskan pada satu TPS."))
        region = tps.village
        election = tps.election
    elif tps is not None:
        raise ValidationError(_("Hanya PTPS yang ditugaskan pada satu TPS."))
    if not role_region_allowed(role=role, region_level=region.level if region else None):
        raise ValidationError(
            _("Peran %(role)s tidak dapat ditugaskan pada wilayah %(region)s.")
            % {"role": Role(role).label, "region": str(region) if region else "-"}
        )
    day = starts or timezone.localdate()
    with transaction.atomic():
        previous = Assignment.objects.select_for_update().filter(
            user=user, ends__isnull=True, starts__lte=day
        )
        for held in previous:
            held.ends = max(held.starts, day - datetime.timedelta(days=1))
            held.save(update_fields=["ends"])
        assignment = Assignment.objects.create(
            user=user,
            role=role,
            position=position,
            region=region,
            tps=tps,
            election=election,
            starts=day,
            created_by=created_by,
        )
        account_for(user=user)
    user_jurisdiction_forget(user=user)
    return assignment


def assignment_end(*, assignment: Assignment, on: datetime.date | None = None) -> Assignment:
    """End an assignment (the last day it holds is `on`, today by default)."""
    day = on or timezone.localdate()
    assignment.ends = max(assignment.starts, day)
    assignment.save(update_fields=["ends"])
    user_jurisdiction_forget(user=assignment.user)
    return assignment
