"""Onboarding pages: the bulk import, the slips download, and the public activation page.

The slips PDF holds activation codes in clear, so it is written to the data directory (not
to MEDIA or static files) under a random name, offered only to the session that created it,
and removed after a day or when its creator deletes it.
"""

import datetime
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pengawas.accounts.roles import Role
from pengawas.accounts.rules import can_manage_accounts
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services_activation import (
    ActivationInvalid,
    account_activate,
    activation_check,
    activation_code_clean,
)
from pengawas.accounts.services_onboarding import MAX_IMPORT_BYTES, users_import
from pengawas.accounts.slips import Slip, slips_pdf
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.core.services import client_address, rate_hit
from pengawas.elections.models import Election

SLIPS_SESSION_KEY = "pengawas_slips"
SLIPS_KEEP = datetime.timedelta(days=1)
ACTIVATION_SESSION_KEY = "pengawas_activation"
ACTIVATION_CODE_SESSION_KEY = "pengawas_activation_code"
# Tries of a username and code per client address per minute: with 32^10 codes, guessing
# one takes longer than any code lives.
ACTIVATION_RATE_PER_MINUTE = 10


# --- the slips file ------------------------------------------------------------------------------


def _slips_dir() -> Path:
    return Path(settings.DATA_DIR) / "slips"


def _slips_purge() -> None:
    limit = time.time() - SLIPS_KEEP.total_seconds()
    for path in _slips_dir().glob("*.pdf"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def slips_offer(request: HttpRequest, slips: Sequence[Slip]) -> str:
    """Write the slips PDF and let this session download it; returns the download token."""
    directory = _slips_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _slips_purge()
    token = secrets.token_urlsafe(24)
    path = directory / f"{token}.pdf"
    path.write_bytes(slips_pdf(slips))
    path.chmod(0o600)
    offered = dict(request.session.get(SLIPS_SESSION_KEY, {}))
    offered[token] = {"count": len(slips), "user": request.user.pk}
    request.session[SLIPS_SESSION_KEY] = offered
    return token


def _slips_path(request: HttpRequest, token: str) -> tuple[Path, int]:
    offered = request.session.get(SLIPS_SESSION_KEY, {})
    entry = offered.get(token)
    if entry is None or entry.get("user") != request.user.pk:
        raise Http404("slips")
    path = _slips_dir() / f"{token}.pdf"
    if not path.is_file():
        raise Http404("slips")
    return path, int(entry["count"])


def _manager(request: HttpRequest) -> HttpResponse | None:
    """None when the user may manage accounts; the login page or 403 otherwise."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if not can_manage_accounts(user_jurisdiction(user=request.user)):
        raise PermissionDenied
    return None


# --- the import page -------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas CSV"))
    election = forms.ModelChoiceField(
        label=gettext_lazy("Pemilihan (untuk PTPS)"),
        queryset=Election.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=None,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."))
        return upload


@never_cache
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    denied = _manager(request)
    if denied is not None:
        return denied
    j = user_jurisdiction(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = users_import(
            file=form.cleaned_data["file"],
            created_by=cast(User, request.user),
            election=form.cleaned_data["election"],
            request=request,
        )
        if report.ok:
            token = slips_offer(request, report.slips())
            messages.success(
                request,
                _("%(count)d akun dibuat. Cetak slip aktivasinya sekarang.")
                % {"count": len(report.created)},
            )
            return redirect("manage-slips", token=token)
    return render(
        request,
        "accounts/onboarding/import.html",
        {
            "form": form,
            "report": report,
            "administrator": j is not None and j.role == Role.ADMINISTRATOR,
        },
    )


@never_cache
@require_GET
def slips_page(request: HttpRequest, token: str) -> HttpResponse:
    denied = _manager(request)
    if denied is not None:
        return denied
    _path, count = _slips_path(request, token)
    return render(request, "accounts/onboarding/slips.html", {"token": token, "count": count})


@require_GET
def slips_download(request: HttpRequest, token: str) -> HttpResponseBase:
    denied = _manager(request)
    if denied is not None:
        return denied
    path, count = _slips_path(request, token)
    # The file holds usable activation codes: who took it, and when, is on record.
    audit_record(
        action=Action.SLIPS_DOWNLOADED,
        request=request,
        target_type="slips",
        detail={"slips": count},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename="slip-aktivasi.pdf",
        content_type="application/pdf",
    )
    add_never_cache_headers(response)
    return response


@require_POST
def slips_delete(request: HttpRequest, token: str) -> HttpResponse:
    denied = _manager(request)
    if denied is not None:
        return denied
    path, _count = _slips_path(request, token)
    path.unlink(missing_ok=True)
    offered = dict(request.session.get(SLIPS_SESSION_KEY, {}))
    offered.pop(token, None)
    request.session[SLIPS_SESSION_KEY] = offered
    messages.success(request, _("Berkas slip dihapus dari server."))
    return redirect("manage-users")


# --- activation (public) ---------------------------------------------------------------------------


class ActivationForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    kode = forms.CharField(
        label=gettext_lazy("Kode aktivasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "class": "mono"}
        ),
    )


@never_cache
@require_GET
def activation_link(request: HttpRequest, code: str) -> HttpResponse:
    """The QR link: keep the code in the session and drop it from the address bar at once,
    so it stays out of the browser history and of the Referer of the next page."""
    request.session[ACTIVATION_CODE_SESSION_KEY] = activation_code_clean(code)[:20]
    return redirect("activation")


def _throttled(request: HttpRequest) -> int | None:
    decision = rate_hit(key=f"aktivasi:{client_address(request)}", limit=ACTIVATION_RATE_PER_MINUTE)
    return None if decision.allowed else decision.retry_after


@never_cache
@require_http_methods(["GET", "POST"])
def activation_page(request: HttpRequest) -> HttpResponse:
    """Step 1: username and code."""
    status = 200
    retry_after: int | None = None
    if request.method == "POST":
        form = ActivationForm(request.POST)
        retry_after = _throttled(request)
        if retry_after is not None:
            form.is_valid()
            form.add_error(
                None,
                _("Terlalu banyak percobaan. Tunggu %(seconds)d detik lalu coba lagi.")
                % {"seconds": retry_after},
            )
            status = 429
        elif form.is_valid():
            try:
                user = activation_check(
                    username=form.cleaned_data["username"], code=form.cleaned_data["kode"]
                )
            except ActivationInvalid as exc:
                form.add_error(None, exc.message)
            else:
                account = user.account
                request.session.pop(ACTIVATION_CODE_SESSION_KEY, None)
                request.session[ACTIVATION_SESSION_KEY] = {
                    "user": user.pk,
                    "hash": account.activation_code_hash,
                }
                return redirect("activation-password")
    else:
        form = ActivationForm(
            initial={"kode": request.session.get(ACTIVATION_CODE_SESSION_KEY, "")}
        )
    response = render(request, "accounts/onboarding/activate.html", {"form": form}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def activation_password(request: HttpRequest) -> HttpResponse:
    """Step 2: the user's own password, twice (the project's password rules)."""
    pending: dict[str, Any] = request.session.get(ACTIVATION_SESSION_KEY) or {}
    user = None
    if pending:
        user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None:
        return redirect("activation")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_activate(
                user=user,
                code_hash=pending["hash"],
                password=form.cleaned_data["new_password1"],
                request=request,
            )
        except ActivationInvalid as exc:
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            messages.error(request, exc.message)
            return redirect("activation")
        request.session.pop(ACTIVATION_SESSION_KEY, None)
        messages.success(
            request, _("Akun Anda aktif. Masuklah dengan nama pengguna dan kata sandi baru Anda.")
        )
        return redirect("login")
    return render(
        request, "accounts/onboarding/activate_password.html", {"form": form, "target": user}
    )
