"""Reading accounts: the current assignment and the jurisdiction derived from it."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from pengawas.accounts.models import Assignment
from pengawas.accounts.roles import Jurisdiction

_CACHE_ATTRIBUTE = "_pengawas_jurisdiction"


def assignment_current(
    *, user: AbstractBaseUser, on: datetime.date | None = None
) -> Assignment | None:
    """The assignment the user holds on a day (today in Asia/Jakarta by default)."""
    day = on or timezone.localdate()
    return (
        Assignment.objects.filter(user_id=user.pk, starts__lte=day)
        .filter(Q(ends__isnull=True) | Q(ends__gte=day))
        .select_related("region", "tps", "election")
        .order_by("-starts", "-pk")
        .first()
    )


def user_jurisdiction(*, user: AbstractBaseUser | AnonymousUser) -> Jurisdiction | None:
    """What the user answers for today; None for anonymous users and users without a role.

    Kept on the user object, so one request asks the database once.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTRIBUTE):
        cached: Jurisdiction | None = getattr(user, _CACHE_ATTRIBUTE)
        return cached
    assignment = assignment_current(user=user)
    jurisdiction = None
    if assignment is not None:
        jurisdiction = Jurisdiction(
            role=assignment.role,
            region_code=assignment.region_id,
            tps_id=assignment.tps_id,
            election_id=assignment.election_id,
        )
    setattr(user, _CACHE_ATTRIBUTE, jurisdiction)
    return jurisdiction


def user_jurisdiction_forget(*, user: AbstractBaseUser) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
