"""Account pages for the administrator and the secretariat (everyone else: 403).

Who may see and touch whom is decided in pengawas.accounts.rules; these views only ask.
Every change is a POST after a confirmation page, and each is recorded in the audit trail
by the service that makes it.
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.accounts.rules import (
    assignments_current,
    can_grant_role,
    can_manage_accounts,
    can_manage_user,
    users_visible,
)
from pengawas.accounts.selectors import assignment_current
from pengawas.accounts.services_activation import activation_issue
from pengawas.accounts.services_manage import (
    account_deactivate,
    assignment_finish,
    assignment_give,
    authority_name,
    password_reset,
    place_label,
    region_code_clean,
    user_create,
)
from pengawas.accounts.services_sessions import (
    account_logout_everywhere,
    login_lockout_lift,
    login_lockout_until,
)
from pengawas.accounts.services_totp import totp_reset, user_has_second_factor
from pengawas.accounts.slips import Slip
from pengawas.accounts.views.onboarding import slips_offer
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Level, Region

PAGE_SIZE = 50
StrOrPromise = str | Promise
_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def manager_required(view: _View) -> _View:
    """Login, then the right to manage accounts (403 without it); never cached. The view
    receives the user's jurisdiction after the request."""
    return never_cache(jurisdiction_required(can_manage_accounts)(view))


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# --- forms -------------------------------------------------------------------------------------


class PlaceForm(forms.Form):
    """A role and where it is held: a region code, plus a TPS number for a PTPS."""

    role = forms.ChoiceField(label=gettext_lazy("Peran"))
    kode = forms.CharField(
        label=gettext_lazy("Kode wilayah"),
        max_length=20,
        required=False,
        help_text=gettext_lazy(
            "Kode Kemendagri: kecamatan (35.05.01) untuk Panwascam, desa/kelurahan "
            "(35.05.01.2001) untuk PKD dan PTPS."
        ),
    )
    tps = forms.IntegerField(
        label=gettext_lazy("Nomor TPS (untuk PTPS)"), min_value=1, max_value=9999, required=False
    )
    election = forms.ModelChoiceField(
        label=gettext_lazy("Pemilihan (untuk PTPS)"),
        queryset=Election.objects.all(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [
            (value, label) for value, label in Role.choices if can_grant_role(jurisdiction, value)
        ]
        self.region: Region | None = None
        self.tps_chosen: Tps | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if not role:
            return data
        code = region_code_clean(data.get("kode") or "")
        if role == Role.ADMINISTRATOR:
            return data
        region = Region.objects.filter(code=code).select_related("parent").first()
        if region is None:
            raise ValidationError({"kode": _("Kode wilayah tidak dikenal.")})
        self.region = region
        if role == Role.PTPS:
            election = data.get("election") or Election.objects.first()
            number = data.get("tps")
            if election is None or number is None:
                raise ValidationError(
                    {"tps": _("Seorang PTPS memerlukan pemilihan dan nomor TPS.")}
                )
            tps = (
                Tps.objects.filter(election=election, village=region, number=number)
                .select_related("village__parent", "election")
                .first()
            )
            if tps is None:
                raise ValidationError({"tps": _("TPS itu tidak ada dalam pemilihan ini.")})
            if assignments_current().filter(role=Role.PTPS, tps=tps).exists():
                raise ValidationError({"tps": _("TPS itu sudah memiliki PTPS yang bertugas.")})
            self.tps_chosen = tps
        return data


class UserCreateForm(PlaceForm):
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("Nomor telepon seluler"), max_length=20)

    field_order = ["full_name", "phone", "role", "kode", "tps", "election"]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Nama pengguna"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"),
        required=False,
        choices=[("", gettext_lazy("Semua peran")), *Role.choices],
    )
    region = forms.ChoiceField(label=gettext_lazy("Kecamatan"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan = Region.objects.filter(level=Level.KECAMATAN)
        if jurisdiction.region_code is not None:
            kecamatan = kecamatan.filter(code__startswith=jurisdiction.region_code + ".")
        region_field = cast(forms.ChoiceField, self.fields["region"])
        region_field.choices = [("", _("Semua kecamatan"))] + [
            (region.code, region.name) for region in kecamatan
        ]


# --- list and detail ---------------------------------------------------------------------------


def _users_listed(j: Jurisdiction, form: UserFilterForm) -> QuerySet[User]:
    today_assignment = (
        assignments_current().filter(user_id=OuterRef("pk")).order_by("-starts", "-pk")
    )
    users = users_visible(j, User.objects.all()).annotate(
        current_role=Subquery(today_assignment.values("role")[:1]),
        current_region=Subquery(today_assignment.values("region_id")[:1], output_field=CharField()),
        current_region_name=Subquery(today_assignment.values("region__name")[:1]),
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            users = users.filter(username__icontains=data["q"].strip())
        if data["role"]:
            users = users.filter(current_role=data["role"])
        if data["region"]:
            code = data["region"]
            users = users.filter(Q(current_region=code) | Q(current_region__startswith=code + "."))
    return users.select_related("account").order_by("username")


@manager_required
@require_GET
def user_list(request: HttpRequest, j: Jurisdiction) -> HttpResponse:
    form = UserFilterForm(request.GET, jurisdiction=j)
    users = _users_listed(j, form)
    page_number = form.cleaned_data.get("page") if form.is_valid() else None
    page = Paginator(users, PAGE_SIZE).get_page(page_number or 1)
    for user in page.object_list:
        role = getattr(user, "current_role", None)
        user.current_role_label = Role(role).label if role else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/manage/user_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _target(j: Jurisdiction, user_id: int) -> tuple[User, Assignment | None]:
    """The user, if visible (404 otherwise: another region's users do not exist here)."""
    user = get_object_or_404(users_visible(j, User.objects.all()), pk=user_id)
    return user, assignment_current(user=user)


def _target_managed(j: Jurisdiction, user_id: int) -> tuple[User, Assignment | None]:
    user, current = _target(j, user_id)
    if not can_manage_user(j, current):
        raise PermissionDenied
    return user, current


@manager_required
@require_GET
def user_detail(request: HttpRequest, j: Jurisdiction, user_id: int) -> HttpResponse:
    user, current = _target(j, user_id)
    account = Account.objects.filter(user=user).first()
    assignments = (
        Assignment.objects.filter(user=user)
        .select_related("region__parent", "tps", "election", "created_by")
        .order_by("-starts", "-pk")
    )
    rows = [
        {
            "assignment": assignment,
            "place": place_label(region=assignment.region, tps=assignment.tps),
            "current": current is not None and assignment.pk == current.pk,
        }
        for assignment in assignments
    ]
    return render(
        request,
        "accounts/manage/user_detail.html",
        {
            "target": user,
            "account": account,
            "current": current,
            "assignments": rows,
            "manageable": can_manage_user(j, current),
            "two_factor": user_has_second_factor(user=user),
            "locked_until": login_lockout_until(username=user.username, ip_address=None),
            "actions": ACTIONS,
        },
    )


@manager_required
@require_http_methods(["GET", "POST"])
def user_create_page(request: HttpRequest, j: Jurisdiction) -> HttpResponse:
    form = UserCreateForm(request.POST or None, jurisdiction=j)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = user_create(
                full_name=data["full_name"],
                phone=data["phone"],
                role=data["role"],
                region=form.region,
                tps=form.tps_chosen,
                created_by=_actor(request),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _code_shown(request, user_id=created.user_id, slip=created.slip(), new=True)
    return render(request, "accounts/manage/user_create.html", {"form": form})


def _code_shown(request: HttpRequest, *, user_id: int, slip: Slip, new: bool) -> HttpResponse:
    """The activation code, shown once, with its slip ready to print."""
    token = slips_offer(request, [slip])
    return render(
        request,
        "accounts/manage/code_shown.html",
        {"slip": slip, "user_id": user_id, "token": token, "new": new},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def assignment_new(request: HttpRequest, j: Jurisdiction, user_id: int) -> HttpResponse:
    user, current = _target_managed(j, user_id)
    form = PlaceForm(request.POST or None, jurisdiction=j)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_give(
                user=user,
                role=form.cleaned_data["role"],
                region=form.region,
                tps=form.tps_chosen,
                actor=_actor(request),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Penugasan baru tercatat."))
            return redirect("manage-user", user_id=user.pk)
    return render(
        request,
        "accounts/manage/assignment_new.html",
        {"target": user, "current": current, "form": form},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def assignment_end_page(
    request: HttpRequest, j: Jurisdiction, user_id: int, assignment_id: int
) -> HttpResponse:
    user, _current = _target_managed(j, user_id)
    assignment = get_object_or_404(
        Assignment.objects.select_related("region__parent", "tps", "user"),
        pk=assignment_id,
        user=user,
    )
    if assignment.ends is not None:
        raise Http404("assignment already ended")
    if request.method == "POST":
        assignment_finish(assignment=assignment, actor=_actor(request), request=request)
        messages.success(request, _("Penugasan diakhiri."))
        return redirect("manage-user", user_id=user.pk)
    return render(
        request,
        "accounts/manage/confirm.html",
        {
            "target": user,
            "title": _("Akhiri penugasan"),
            "question": _("Akhiri penugasan %(role)s di %(place)s mulai hari ini?")
            % {
                "role": Role(assignment.role).label,
                "place": place_label(region=assignment.region, tps=assignment.tps)
                or _("seluruh instalasi"),
            },
            "button": _("Akhiri penugasan"),
        },
    )


# --- one-button actions, each behind a confirmation ---------------------------------------------


def _deactivate(request: HttpRequest, user: User) -> HttpResponse:
    try:
        account_deactivate(user=user, actor=_actor(request), request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Akun dinonaktifkan."))
    return redirect("manage-user", user_id=user.pk)


def _password_reset(request: HttpRequest, user: User) -> HttpResponse:
    password = password_reset(user=user, actor=_actor(request), request=request)
    return render(
        request, "accounts/manage/password_shown.html", {"target": user, "password": password}
    )


def _two_factor_reset(request: HttpRequest, user: User) -> HttpResponse:
    totp_reset(user=user, actor=_actor(request), request=request)
    messages.success(request, _("Autentikator dan kode pemulihan dihapus."))
    return redirect("manage-user", user_id=user.pk)


def _lockout_lift(request: HttpRequest, user: User) -> HttpResponse:
    login_lockout_lift(username=user.username, actor=_actor(request), request=request)
    messages.success(request, _("Kuncian masuk dibuka."))
    return redirect("manage-user", user_id=user.pk)


def _logout_everywhere(request: HttpRequest, user: User) -> HttpResponse:
    account_logout_everywhere(user=user, actor=_actor(request), request=request)
    messages.success(request, _("Semua sesi pengguna ini diakhiri."))
    return redirect("manage-user", user_id=user.pk)


def _activation_reissue(request: HttpRequest, user: User) -> HttpResponse:
    issued = activation_issue(user=user, actor=_actor(request), request=request)
    current = assignment_current(user=user)
    slip = Slip(
        authority=authority_name(current.region_id if current else None),
        full_name=user.first_name or user.username,
        role=str(Role(current.role).label) if current else "",
        place=place_label(region=current.region, tps=current.tps) if current else "",
        username=user.username,
        code=issued.code,
        expires=issued.expires,
    )
    return _code_shown(request, user_id=user.pk, slip=slip, new=False)


_Action = Callable[[HttpRequest, User], HttpResponse]
# slug: (title, question, button, does it)
ACTIONS: dict[str, tuple[StrOrPromise, StrOrPromise, StrOrPromise, _Action]] = {
    "nonaktifkan": (
        gettext_lazy("Nonaktifkan akun"),
        gettext_lazy(
            "Pengguna ini tidak akan dapat masuk lagi dan semua sesinya berakhir. Lanjutkan?"
        ),
        gettext_lazy("Nonaktifkan"),
        _deactivate,
    ),
    "reset-sandi": (
        gettext_lazy("Setel ulang kata sandi"),
        gettext_lazy(
            "Kata sandi sementara akan dibuat dan ditampilkan sekali kepada Anda. Pengguna harus "
            "menggantinya saat masuk, dan semua sesinya berakhir. Lanjutkan?"
        ),
        gettext_lazy("Buat kata sandi sementara"),
        _password_reset,
    ),
    "reset-2fa": (
        gettext_lazy("Setel ulang autentikator"),
        gettext_lazy(
            "Aplikasi autentikator dan kode pemulihan pengguna ini dihapus; ia mendaftarkan "
            "autentikator baru saat masuk berikutnya. Lanjutkan?"
        ),
        gettext_lazy("Hapus autentikator"),
        _two_factor_reset,
    ),
    "buka-kunci": (
        gettext_lazy("Buka kuncian masuk"),
        gettext_lazy("Hapus hitungan gagal masuk untuk nama pengguna ini?"),
        gettext_lazy("Buka kuncian"),
        _lockout_lift,
    ),
    "keluar-semua": (
        gettext_lazy("Keluarkan dari semua perangkat"),
        gettext_lazy("Semua sesi pengguna ini di semua perangkat akan berakhir. Lanjutkan?"),
        gettext_lazy("Keluarkan"),
        _logout_everywhere,
    ),
    "kode-aktivasi": (
        gettext_lazy("Terbitkan kode aktivasi baru"),
        gettext_lazy(
            "Kode aktivasi baru dibuat dan kode lama tidak berlaku lagi. Pengguna memilih kata "
            "sandinya sendiri dengan kode itu. Lanjutkan?"
        ),
        gettext_lazy("Terbitkan kode baru"),
        _activation_reissue,
    ),
}


@manager_required
@require_http_methods(["GET", "POST"])
def user_action(request: HttpRequest, j: Jurisdiction, user_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("action")
    user, _current = _target_managed(j, user_id)
    title, question, button, does = ACTIONS[action]
    if request.method == "POST":
        return does(request, user)
    return render(
        request,
        "accounts/manage/confirm.html",
        {"target": user, "title": title, "question": question, "button": button},
    )
