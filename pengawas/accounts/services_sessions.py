"""Sessions and login lock-outs: ending a user's sessions everywhere, lifting a lock-out.

A session remembers the account's session epoch at login (SESSION_EPOCH_KEY); "log out
everywhere" raises the epoch, and AccountPolicyMiddleware ends every session that carries an
older value at its next request. Lock-outs are django-axes' counters in the database
(AccessAttempt rows): one count per username, one per client address.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from pengawas.accounts.models import Account
from pengawas.accounts.services import account_for
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record, audit_user_event

SESSION_EPOCH_KEY = "account_epoch"


def session_epoch_remember(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """Stamp the session with the account's current epoch (done at every login)."""
    request.session[SESSION_EPOCH_KEY] = account_for(user=user).session_epoch


def remember_epoch_on_login(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """user_logged_in receiver: every way of logging in (the login page, activation, the
    tests' force_login) stamps the session, so no session escapes "log out everywhere"."""
    if request is not None and hasattr(request, "session"):
        session_epoch_remember(request=request, user=user)


def account_logout_everywhere(
    *,
    user: AbstractBaseUser,
    actor: AbstractBaseUser | AnonymousUser | None,
    request: HttpRequest | None = None,
) -> int:
    """End every session of `user` at its next request; returns the new epoch.

    When the user does this themselves, the session making the request stays open (it is
    stamped with the new epoch); when an administrator does it for someone else, all of that
    user's sessions end.
    """
    account_for(user=user)
    with transaction.atomic():
        Account.objects.filter(user_id=user.pk).update(session_epoch=F("session_epoch") + 1)
        epoch = Account.objects.values_list("session_epoch", flat=True).get(user_id=user.pk)
        audit_user_event(
            action=Action.LOGOUT_EVERYWHERE,
            user=user,
            request=request,
            actor=actor,
        )
    if request is not None and getattr(request.user, "pk", None) == user.pk:
        request.session[SESSION_EPOCH_KEY] = epoch
    return epoch


# --- Lock-outs (django-axes) -------------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    """One current lock-out: of a username (from every address) or of an address."""

    kind: str  # "username" or "address"
    value: str
    failures: int
    until: datetime.datetime


def _cool_off() -> datetime.timedelta:
    cool_off: datetime.timedelta = settings.AXES_COOLOFF_TIME
    return cool_off


def _recent_attempts() -> Any:
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - _cool_off())


def login_lockouts_current() -> list[Lockout]:
    """Usernames and addresses locked out now (for the administrators' page)."""
    limit = settings.AXES_FAILURE_LIMIT
    found: list[Lockout] = []
    for kind, field in (("username", "username"), ("address", "ip_address")):
        rows = (
            _recent_attempts()
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by(field)
        )
        found.extend(
            Lockout(
                kind=kind,
                value=row[field],
                failures=row["failures"],
                until=row["last"] + _cool_off(),
            )
            for row in rows
        )
    return found


def login_lockout_until(
    *, username: str | None, ip_address: str | None
) -> datetime.datetime | None:
    """When a lock-out of this username or address ends at the latest (None: not locked).

    Failures during a lock-out are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    is off), so the end does not move while the user waits.
    """
    until = [
        lockout.until
        for lockout in login_lockouts_current()
        if (lockout.kind == "username" and username and lockout.value == username)
        or (lockout.kind == "address" and ip_address and lockout.value == ip_address)
    ]
    return max(until) if until else None


def login_failures_forget(*, username: str, ip_address: str | None) -> int:
    """After a successful login: forget this username's failures from this address only.

    (axes' AXES_RESET_ON_SUCCESS would also forget every failure counted against the address,
    whoever they targeted, so one valid account would wipe an attacker's count.)
    """
    deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=ip_address).delete()
    return int(deleted)


def login_lockout_lift(
    *,
    username: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    request: HttpRequest | None = None,
) -> int:
    """Lift the lock-out of a username (an administrator's act); returns the attempts forgotten.

    Forgets every failure recorded against the username, from any address. An address that
    is locked for its own failures stays locked: see login_lockout_lift_address.
    """
    user = User.objects.filter(username=username).first()
    with transaction.atomic():
        count = int(axes_reset(username=username))
        audit_record(
            action=Action.LOCKOUT_LIFTED,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(user.pk) if user else "",
            target_label=username,
            detail={"attempts": count},
        )
    return count


def login_lockout_lift_address(
    *,
    ip_address: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    request: HttpRequest | None = None,
) -> int:
    """Lift the lock-out of a client address (e.g. an office behind one public address)."""
    with transaction.atomic():
        count = int(axes_reset(ip=ip_address))
        audit_record(
            action=Action.LOCKOUT_LIFTED,
            request=request,
            actor=actor,
            target_type="address",
            target_id=ip_address,
            target_label=ip_address,
            detail={"attempts": count},
        )
    return count


def login_attempts_for(*, username: str) -> int:
    """Failures counted against a username now (within the cool-off period)."""
    total = _recent_attempts().filter(Q(username=username)).aggregate(n=Sum("failures_since_start"))
    return int(total["n"] or 0)
