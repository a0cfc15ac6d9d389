"""Who may manage whose account: pure predicates over Jurisdiction, querysets filtered in SQL.

Bawaslu Kabupaten/Kota forms the Panwaslu Kecamatan, which forms the PKD and the Pengawas
TPS (UU 1/2015 Pasal 23 and 27, as read in roles.py); its secretariat does the
administrative work of that recruitment (Perbawaslu 19/2017 on forming the ad hoc
supervisors). Here that means: the administrator manages every account, a secretariat the
Panwascam, PKD and PTPS accounts within its kabupaten/kota; nobody else manages accounts.
"""

import datetime

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from pengawas.accounts.models import Assignment
from pengawas.accounts.roles import Jurisdiction, Role

ACCOUNT_MANAGERS = frozenset({Role.ADMINISTRATOR, Role.SEKRETARIAT})
# The roles a secretariat grants: the ad hoc supervisors of its kabupaten/kota.
SEKRETARIAT_GRANTS = frozenset({Role.PANWASCAM, Role.PKD, Role.PTPS})


def has_assignment(j: Jurisdiction | None) -> bool:
    """Whether the user answers for anything today (a current assignment)."""
    return j is not None


def can_manage_accounts(j: Jurisdiction | None) -> bool:
    """Whether the user may open the account pages at all."""
    return j is not None and j.role in ACCOUNT_MANAGERS


def can_grant_role(j: Jurisdiction | None, role: str) -> bool:
    """Whether the user may give this role to someone (create, assign, import)."""
    if j is None:
        return False
    if j.role == Role.ADMINISTRATOR:
        return role in Role.values
    if j.role == Role.SEKRETARIAT:
        return role in SEKRETARIAT_GRANTS
    return False


def can_grant_in_region(j: Jurisdiction | None, role: str, region_code: str | None) -> bool:
    """can_grant_role, and the place (a region, or a TPS's desa) lies in the jurisdiction."""
    if not can_grant_role(j, role):
        return False
    assert j is not None
    if region_code is None:
        return j.is_everywhere
    return j.covers_region(region_code)


def can_manage_user(j: Jurisdiction | None, target: Assignment | None) -> bool:
    """Whether the user may act on an account whose current assignment is `target`.

    The administrator manages everyone, including users without an assignment; a secretariat
    only users holding, today, a role it could grant, in a place within its region.
    """
    if not can_manage_accounts(j):
        return False
    assert j is not None
    if j.is_everywhere:
        return True
    if target is None or not can_grant_role(j, target.role):
        return False
    if target.region_id is None:
        return False
    return j.covers_region(target.region_id)


def _current(day: datetime.date) -> Q:
    return Q(starts__lte=day) & (Q(ends__isnull=True) | Q(ends__gte=day))


def users_visible(
    j: Jurisdiction | None, queryset: QuerySet[User], *, on: datetime.date | None = None
) -> QuerySet[User]:
    """The users of `queryset` whose current assignment lies within the jurisdiction.

    One EXISTS in SQL: "current" is the selectors' rule (starts <= today <= ends, or no end);
    "within" is the region code itself or a code beneath it (35.05 covers 35.05.01.2001,
    never 35.050). Users without a current assignment are visible to the administrator only.
    """
    if not can_manage_accounts(j):
        return queryset.none()
    assert j is not None
    if j.is_everywhere:
        return queryset
    if j.region_code is None:  # a jurisdiction of one TPS only: manages no accounts
        return queryset.none()
    day = on or timezone.localdate()
    within = Assignment.objects.filter(_current(day), user_id=OuterRef("pk")).filter(
        Q(region_id=j.region_code) | Q(region__code__startswith=j.region_code + ".")
    )
    return queryset.filter(Exists(within))


def assignments_current(*, on: datetime.date | None = None) -> QuerySet[Assignment]:
    """Assignments that hold on a day (today in Asia/Jakarta by default)."""
    return Assignment.objects.filter(_current(on or timezone.localdate()))
