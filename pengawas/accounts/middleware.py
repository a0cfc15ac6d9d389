"""The account policy, checked on every request of a logged-in user, in this order:

(a) the session was ended by "log out everywhere" (its epoch is older than the account's):
    log out, back to the login page;
(b) the password must be changed (an administrator reset it): to the password page;
(c) the role needs a second factor (pengawas.accounts.roles.two_factor_required; UU 27/2022
    Pelindungan Data Pribadi Pasal 35 asks for security measures fitting the risk of the data
    processed: the voter lists) and the session has not passed it, or the user set up an
    authenticator and has not used it in this session: to the code page, or to enrolment when
    there is no authenticator yet.

Pengawas has no API tokens: every internal request, page or JSON, is a session that has
passed this, so nothing reaches the data without the second factor. Paths under /api/ (other
than the public Cek DPT) get a JSON 401/403 instead of a redirect; htmx requests get
HX-Redirect, so the whole page goes to the login instead of a fragment.
"""

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from pengawas.accounts.models import Account
from pengawas.accounts.roles import two_factor_required
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services_sessions import SESSION_EPOCH_KEY
from pengawas.accounts.services_totp import user_has_second_factor, user_is_verified

# Set by the login page when the user has an authenticator: the session counts as half
# logged in until a code is given, whatever the role.
SECOND_FACTOR_PENDING_KEY = "second_factor_pending"

# Always reachable, whatever the account's state: public pages and the static files.
PUBLIC_PREFIXES = (
    "/static/",
    "/cek-dpt/",
    "/api/v1/cek-dpt",
    "/api/v1/openapi.json",
    "/aktivasi/",
    "/favicon.ico",
)
# The pages that get a user through (b) and (c), by URL name.
EXEMPT_URL_NAMES = (
    "login",
    "login-otp",
    "logout",
    "account-2fa",
    "account-password",
    "set-language",
    "healthz",
)


class AccountPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def exempt_paths(self) -> frozenset[str]:
        paths = set()
        for name in EXEMPT_URL_NAMES:
            try:
                paths.add(reverse(name))
            except NoReverseMatch:
                continue
        return frozenset(paths)

    def is_exempt(self, path: str) -> bool:
        return path in self.exempt_paths or path.startswith(PUBLIC_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path_info
        if not user.is_authenticated or path.startswith("/static/"):
            return self.get_response(request)
        exempt = self.is_exempt(path)
        account = (
            Account.objects.filter(user_id=user.pk)
            .values("session_epoch", "must_change_password")
            .first()
        ) or {"session_epoch": 0, "must_change_password": False}

        # (a) Ended elsewhere ("keluar dari semua perangkat").
        if request.session.get(SESSION_EPOCH_KEY) != account["session_epoch"]:
            logout(request)
            if exempt:
                return self.get_response(request)
            messages.warning(
                request, _("Sesi Anda diakhiri (keluar dari semua perangkat). Silakan masuk lagi.")
            )
            return self.deny(request, "login", status=401, message=_("Sesi berakhir."))
        if exempt:
            return self.get_response(request)

        # (b) A password set by someone else must be replaced first.
        if account["must_change_password"]:
            return self.deny(
                request,
                "account-password",
                status=403,
                message=_("Ganti kata sandi Anda terlebih dahulu."),
            )

        # (c) The second factor.
        if not user_is_verified(user) and self.second_factor_needed(request):
            target = "login-otp" if user_has_second_factor(user=user) else "account-2fa"
            return self.deny(
                request,
                target,
                status=403,
                message=_("Masuk dengan verifikasi dua langkah terlebih dahulu."),
            )
        return self.get_response(request)

    @staticmethod
    def second_factor_needed(request: HttpRequest) -> bool:
        if request.session.get(SECOND_FACTOR_PENDING_KEY):
            return True
        jurisdiction = user_jurisdiction(user=request.user)
        if jurisdiction is None:
            return False
        return two_factor_required(
            role=jurisdiction.role, field_roles_too=settings.TWO_FACTOR_FIELD_ROLES
        )

    @staticmethod
    def deny(request: HttpRequest, url_name: str, *, status: int, message: str) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        htmx = getattr(request, "htmx", None)
        # Back to the page the user was on, never to an htmx fragment; never a query string.
        back = urlsplit(htmx.current_url_abs_path or path).path if htmx else path
        url = reverse(url_name)
        if back and back != url:
            url = f"{url}?{urlencode({'next': back})}"
        if htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
