"""Logins, logouts, failed logins and lock-outs go to the audit trail.

A failed login names the attempted username only when an account has it: an unknown
"username" may be a password typed into the wrong box, or a phone number, so it is kept
as a keyed hash (repeated attempts with the same text still match). No password ever
reaches the log (Django hands receivers the credentials with the password masked, and
they are not read here beyond the username).
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record, audit_user_event
from pengawas.core.services import keyed_hash

USERNAME_MAX = 150


def attempted_user(username: str | None) -> tuple[str, str]:
    """(target_id, target_label) for a username someone tried to log in with."""
    username = (username or "")[:USERNAME_MAX]
    if not username:
        return "", ""
    user_model = get_user_model()
    pk = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        return "", "?" + keyed_hash(username, purpose="audit-username")
    return str(pk), username


@receiver(user_logged_in, dispatch_uid="audit-login-success")
def record_login(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    audit_user_event(action=Action.LOGIN_SUCCESS, user=user, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def record_logout(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None:  # logging out without having been logged in
        return
    audit_user_event(action=Action.LOGOUT, user=user, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failure")
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username_field = get_user_model().USERNAME_FIELD
    username = credentials.get(username_field) or credentials.get("username")
    target_id, target_label = attempted_user(str(username) if username is not None else None)
    detail = {}
    if request is not None and getattr(request, "axes_locked_out", False):
        detail["locked_out"] = True  # refused by the lock-out, the password unchecked
    audit_record(
        action=Action.LOGIN_FAILURE,
        request=request,
        target_type="user",
        target_id=target_id,
        target_label=target_label,
        detail=detail,
    )


@receiver(user_locked_out, dispatch_uid="audit-login-locked")
def record_lockout(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    # django-axes sends this when a lock-out begins and again for every attempt refused
    # while it holds; only its beginning is recorded here (the refused attempts are
    # recorded as failed logins with locked_out). It counts the failures only when the
    # lock-out begins.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    target_id, target_label = attempted_user(username)
    audit_record(
        action=Action.LOGIN_LOCKED,
        request=request,
        target_type="user",
        target_id=target_id,
        target_label=target_label,
        detail={"failures": int(failures)},
    )
