"""Login in two steps (password, then a code from the authenticator app), logout, lock-out page.

Brute force is braked twice: django-axes counts wrong passwords per account and per client
address in the database (locks out after PENGAWAS_LOGIN_FAILURE_LIMIT), and django-otp makes
each device wait longer after every wrong code.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from pengawas.accounts.forms import LoginForm, SecondFactorForm
from pengawas.accounts.middleware import SECOND_FACTOR_PENDING_KEY
from pengawas.accounts.services_sessions import login_failures_forget, login_lockout_until
from pengawas.accounts.services_totp import (
    second_factor_verify,
    user_has_second_factor,
    user_is_verified,
)
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_user_event
from pengawas.core.services import client_ip

# Where to go after the login, kept in the session between the two steps.
NEXT_SESSION_KEY = "login_next"


def next_path(request: HttpRequest, value: str | None) -> str:
    """A safe way back: a path on this site, without its query string or fragment (a query
    string could carry a name, and names never travel in URLs). "" when unsafe or empty."""
    if not value or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(value).path
    return path if path.startswith("/") and not path.startswith("//") else ""


def next_or_default(request: HttpRequest, value: str | None = None) -> str:
    chosen = next_path(request, value) or request.session.pop(NEXT_SESSION_KEY, "")
    return chosen or resolve_url(settings.LOGIN_REDIRECT_URL)


def _audit_second_factor(request: HttpRequest, user: Any, method: str) -> None:
    """The password step is recorded as login.success by pengawas.audit.receivers; the
    second step is recorded too, so the trail shows when a session became fully verified."""
    audit_user_event(
        action=Action.LOGIN_SUCCESS,
        user=user,
        request=request,
        detail={"second_factor": method},
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password."""
    wanted = next_path(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect(next_or_default(request, wanted))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            assert form.user is not None
            return _password_accepted(request, form.user, wanted)
        # The failure (and a lock-out's beginning) reached the audit trail through the
        # signals authenticate() sends (pengawas.audit.receivers).
        if getattr(request, "axes_locked_out", False):
            username = form.cleaned_data.get("username", "")
            return lockout_response(request, None, {"username": username})
    return render(request, "registration/login.html", {"form": form, "next": wanted})


def _password_accepted(request: HttpRequest, user: Any, wanted: str) -> HttpResponse:
    login_failures_forget(username=user.get_username(), ip_address=client_ip(request))
    has_second_factor = user_has_second_factor(user=user)
    auth_login(request, user)  # recorded as login.success by pengawas.audit.receivers
    if wanted:
        request.session[NEXT_SESSION_KEY] = wanted
    if has_second_factor:
        # Half logged in: AccountPolicyMiddleware lets this session nowhere but the code page.
        request.session[SECOND_FACTOR_PENDING_KEY] = True
        return redirect("login-otp")
    # The middleware sends a role that needs two-factor login on to the enrolment page.
    return HttpResponseRedirect(next_or_default(request))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the lock-out page, 429, with when to come back."""
    username = (credentials or {}).get("username") or None
    until = login_lockout_until(username=username, ip_address=client_ip(request))
    if until is None:
        until = timezone.now() + settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/lockout.html",
        {"until": timezone.localtime(until), "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_page(request: HttpRequest) -> HttpResponse:
    """Step 2: a 6-digit code from the app, or one recovery code."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user_is_verified(user):
        return HttpResponseRedirect(next_or_default(request, request.GET.get("next")))
    if not user_has_second_factor(user=user):
        return redirect("account-2fa")
    wanted = next_path(request, request.GET.get("next"))
    if wanted:
        request.session[NEXT_SESSION_KEY] = wanted
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = second_factor_verify(user=user, code=form.cleaned_data["code"], request=request)
        if check.device is not None:
            otp_login(request, check.device)
            request.session.pop(SECOND_FACTOR_PENDING_KEY, None)
            # A new session key for the now fully logged-in session.
            request.session.cycle_key()
            _audit_second_factor(request, user, "recovery" if check.recovery else "totp")
            if check.recovery:
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan; kode itu kini tidak berlaku lagi. "
                        "Bila ponsel Anda hilang, daftarkan aplikasi autentikator baru."
                    ),
                )
            return HttpResponseRedirect(next_or_default(request))
        if check.wait_until is not None:
            seconds = max(1, int((check.wait_until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "code",
                _("Terlalu banyak kode salah. Tunggu %(seconds)d detik lalu coba lagi.")
                % {"seconds": seconds},
            )
        else:
            form.add_error("code", _("Kode salah atau sudah kedaluwarsa. Coba kode terbaru."))
    return render(request, "accounts/second_factor.html", {"form": form})


@csrf_protect
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Logout (POST only: a link or an image elsewhere cannot log anyone out)."""
    auth_logout(request)  # recorded by pengawas.audit.receivers
    return redirect(settings.LOGOUT_REDIRECT_URL)
