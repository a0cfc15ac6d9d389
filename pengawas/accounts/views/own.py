"""The user's own account: overview, authenticator app, recovery codes, password, sessions.

Reachable by every logged-in user, with or without a current assignment.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.forms import OwnPasswordChangeForm, TotpConfirmForm
from pengawas.accounts.middleware import SECOND_FACTOR_PENDING_KEY, AccountPolicyMiddleware
from pengawas.accounts.models import Account
from pengawas.accounts.qr import qr_svg
from pengawas.accounts.selectors import assignment_current
from pengawas.accounts.services import account_for
from pengawas.accounts.services_sessions import account_logout_everywhere
from pengawas.accounts.services_totp import (
    recovery_codes_create,
    recovery_codes_left,
    second_factor_verify,
    totp_device_pending,
    totp_enrol_confirm,
    totp_secret_grouped,
    user_has_second_factor,
    user_is_verified,
)
from pengawas.accounts.views.login import next_or_default
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_user_event

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def _own_account(view: _View) -> _View:
    """Logged in (the password is enough here: the middleware guards the rest), never cached."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return cast(_View, wrapper)


def _user(request: HttpRequest) -> User:
    # Only called behind _own_account: the user is logged in.
    return cast(User, request.user)


def _second_factor_owed(request: HttpRequest) -> bool:
    """A session that owes a code: its user has an authenticator (or a role that needs one)
    and has not given a code yet. Such a session may not replace the authenticator, nor
    (unless an administrator reset it) the password: a stolen password alone must not be
    enough to take the account over."""
    if user_is_verified(request.user):
        return False
    return user_has_second_factor(
        user=request.user
    ) or AccountPolicyMiddleware.second_factor_needed(request)


@_own_account
@require_http_methods(["GET"])
def account_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "assignment": assignment_current(user=user),
            "has_second_factor": user_has_second_factor(user=user),
            "recovery_left": recovery_codes_left(user=user),
        },
    )


@_own_account
@require_http_methods(["GET", "POST"])
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and secret, then a code to confirm; shows the new
    recovery codes once."""
    user = _user(request)
    if user_has_second_factor(user=user) and not user_is_verified(user):
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect("login-otp")
    device = totp_device_pending(user=user)
    form = TotpConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = totp_enrol_confirm(
            user=user, device=device, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session.pop(SECOND_FACTOR_PENDING_KEY, None)
            request.session.cycle_key()
            return _show_recovery_codes(request, codes, enrolled=True)
        form.add_error(
            "code", _("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode terbaru.")
        )
    return render(
        request,
        "accounts/totp_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url, title=_("Kode QR untuk aplikasi autentikator")),
            "secret": totp_secret_grouped(device),
            "replacing": user_has_second_factor(user=user),
        },
    )


def _show_recovery_codes(
    request: HttpRequest, codes: list[str], *, enrolled: bool, then: str = ""
) -> HttpResponse:
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "enrolled": enrolled,
            "next": then or next_or_default(request, request.GET.get("next")),
        },
    )


@_own_account
@require_http_methods(["GET", "POST"])
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a current code from the app."""
    user = _user(request)
    if not user_is_verified(user) or not user_has_second_factor(user=user):
        return redirect("account-2fa")
    form = TotpConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        check = second_factor_verify(user=user, code=code, request=request, app_only=True)
        if isinstance(check.device, TOTPDevice):
            codes = recovery_codes_create(user=user)
            audit_user_event(
                action=Action.RECOVERY_CODES_RENEWED,
                user=user,
                request=request,
            )
            return _show_recovery_codes(request, codes, enrolled=False, then=reverse("account"))
        if check.wait_until is not None:
            form.add_error("code", _("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi."))
        else:
            form.add_error("code", _("Kode salah. Masukkan kode 6 angka terbaru dari aplikasi."))
    return render(
        request,
        "accounts/recovery_codes_renew.html",
        {"form": form, "recovery_left": recovery_codes_left(user=user)},
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@_own_account
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Old password and the new one twice, also when an administrator reset it."""
    user = _user(request)
    account = account_for(user=user)
    if not account.must_change_password and _second_factor_owed(request):
        return redirect("login-otp" if user_has_second_factor(user=user) else "account-2fa")
    form = OwnPasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # This session stays logged in; every other session of the user ends (Django checks
        # the password hash kept in each session).
        update_session_auth_hash(request, form.user)
        Account.objects.filter(pk=account.pk).update(must_change_password=False)
        audit_user_event(
            action=Action.PASSWORD_CHANGED,
            user=user,
            request=request,
            detail={"forced": account.must_change_password},
        )
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return HttpResponseRedirect(next_or_default(request, request.GET.get("next")))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": account.must_change_password},
    )


@_own_account
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every other session of this user (on other phones and computers)."""
    account_logout_everywhere(user=_user(request), actor=request.user, request=request)
    messages.success(
        request, _("Semua sesi Anda di perangkat lain telah diakhiri. Sesi ini tetap aktif.")
    )
    return redirect("account")
