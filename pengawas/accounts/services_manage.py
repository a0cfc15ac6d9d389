"""Accounts one at a time, as the account pages change them: create, assign, end, deactivate,
reset the password. Every change is written to the audit trail."""

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Role
from pengawas.accounts.rules import can_grant_in_region
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services import account_for, assignment_create, assignment_end
from pengawas.accounts.services_activation import activation_issue
from pengawas.accounts.services_sessions import account_logout_everywhere
from pengawas.accounts.slips import Slip
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record, audit_user_event
from pengawas.elections.models import Tps
from pengawas.regions.models import Level, Region

# --- places and names --------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")


def phone_clean(raw: str) -> str | None:
    """An Indonesian mobile number as 08…, 10 to 14 digits; None when it is not one.

    Accepts 08…, +628… and 628…, with spaces, dashes, dots or brackets between digits.
    """
    text = _PHONE_SEPARATORS.sub("", raw.strip())
    if text.startswith("+62"):
        text = "0" + text[3:]
    elif text.startswith("62"):
        text = "0" + text[2:]
    if not re.fullmatch(r"08\d{8,12}", text):
        return None
    return text


def region_code_clean(raw: str) -> str:
    """ "35.05.01.2001", "3505012001" and " 35.05.01.2001 " all as "35.05.01.2001"."""
    text = raw.strip().replace(" ", "")
    if text.isdigit() and len(text) in (2, 4, 6, 10):
        parts = [text[0:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return text


def place_label(*, region: Region | None, tps: Tps | None = None) -> str:
    """ "TPS 001 Desa Jaten, Kec. Wonodadi", "Kel. Kepanjen Lor, Kec. Kanigoro", "Kec. Wonodadi"."""
    if region is None:
        return ""
    if region.level == Level.DESA:
        label = _("Desa %(name)s") % {"name": region.name}
    elif region.level == Level.KELURAHAN:
        label = _("Kel. %(name)s") % {"name": region.name}
    elif region.level == Level.KECAMATAN:
        return _("Kec. %(name)s") % {"name": region.name}
    else:
        return region.name
    if region.parent is not None and region.parent.level == Level.KECAMATAN:
        label += ", " + _("Kec. %(name)s") % {"name": region.parent.name}
    if tps is not None:
        label = f"{tps.label} {label}"
    return label


def username_base(*, role: str, region_code: str | None, tps_number: int | None = None) -> str:
    """A username from the place, never from the person: ptps-3505012001-001, pkd-3505012001."""
    digits = (region_code or "").replace(".", "")
    base = f"{role}-{digits}" if digits else role
    if tps_number is not None:
        base += f"-{tps_number:03d}"
    return base


def username_free(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3 … whichever is not taken yet (and takes it)."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    taken.add(candidate)
    return candidate


def usernames_taken(bases: Iterable[str]) -> set[str]:
    condition = Q()
    for prefix in {base.split("-", 1)[0] + "-" for base in bases}:
        condition |= Q(username__startswith=prefix)
    if not condition:
        return set()
    return set(User.objects.filter(condition).values_list("username", flat=True))


def authority_name(region_code: str | None) -> str:
    """ "Bawaslu Kabupaten Blitar" for anything within 35.05 (the kabupaten/kota's name)."""
    if region_code:
        kabupaten = Region.objects.filter(code=region_code[:5]).first()
        if kabupaten is not None:
            return f"Bawaslu {kabupaten.name}"
    return "Bawaslu"


# --- one account at a time (the account pages) --------------------------------------------------


@dataclass(frozen=True)
class CreatedAccount:
    user_id: int
    username: str
    full_name: str
    role: str
    place: str
    authority: str
    code: str
    expires: datetime.datetime

    def slip(self) -> Slip:
        return Slip(
            authority=self.authority,
            full_name=self.full_name,
            role=str(Role(self.role).label),
            place=self.place,
            username=self.username,
            code=self.code,
            expires=self.expires,
        )


def user_create(
    *,
    full_name: str,
    phone: str,
    role: str,
    region: Region | None,
    tps: Tps | None,
    created_by: User,
    request: HttpRequest | None = None,
    username: str = "",
) -> CreatedAccount:
    """A new account holding one role from today, with an activation code instead of a password.

    The username comes from the place unless one is given. ValidationError (Indonesian) when
    the role does not fit the place, or the creator may not grant it there.
    """
    j = user_jurisdiction(user=created_by)
    place_region = tps.village if tps is not None else region
    if not can_grant_in_region(j, role, place_region.code if place_region else None):
        raise ValidationError(_("Anda tidak berwenang memberikan peran ini di wilayah tersebut."))
    cleaned_phone = phone_clean(phone) if phone else ""
    if cleaned_phone is None:
        raise ValidationError(_("Nomor telepon harus nomor seluler Indonesia (08… atau +628…)."))
    with transaction.atomic():
        if username:
            if User.objects.filter(username=username).exists():
                raise ValidationError(_("Nama pengguna itu sudah dipakai."))
        else:
            base = username_base(
                role=role,
                region_code=place_region.code if place_region else None,
                tps_number=tps.number if tps is not None else None,
            )
            username = username_free(base, usernames_taken([base]))
        user = User.objects.create_user(username, password=None, first_name=full_name[:150])
        Account.objects.create(user=user, phone=cleaned_phone)
        assignment = assignment_create(
            user=user, role=role, region=region, tps=tps, created_by=created_by
        )
        audit_user_event(
            action=Action.ACCOUNT_CREATED,
            user=user,
            request=request,
            actor=created_by,
            detail=_assignment_detail(assignment),
        )
        issued = activation_issue(user=user, actor=created_by, request=request)
    return CreatedAccount(
        user_id=user.pk,
        username=user.username,
        full_name=user.first_name,
        role=role,
        place=place_label(region=assignment.region, tps=assignment.tps),
        authority=authority_name(assignment.region_id),
        code=issued.code,
        expires=issued.expires,
    )


def _assignment_detail(assignment: Assignment) -> dict[str, object]:
    return {
        "role": assignment.role,
        "region": assignment.region_id,
        "tps": assignment.tps_id,
    }


def assignment_give(
    *,
    user: User,
    role: str,
    region: Region | None,
    tps: Tps | None,
    actor: User,
    request: HttpRequest | None = None,
) -> Assignment:
    """A new role for an existing user (the one they held ends), recorded in the audit trail."""
    j = user_jurisdiction(user=actor)
    place = tps.village_id if tps is not None else (region.code if region else None)
    if not can_grant_in_region(j, role, place):
        raise ValidationError(_("Anda tidak berwenang memberikan peran ini di wilayah tersebut."))
    with transaction.atomic():
        assignment = assignment_create(
            user=user, role=role, region=region, tps=tps, created_by=actor
        )
        audit_user_event(
            action=Action.ASSIGNMENT_CREATED,
            user=user,
            request=request,
            actor=actor,
            detail=_assignment_detail(assignment) | {"assignment": assignment.pk},
        )
    return assignment


def assignment_finish(
    *, assignment: Assignment, actor: User, request: HttpRequest | None = None
) -> Assignment:
    with transaction.atomic():
        assignment_end(assignment=assignment)
        audit_record(
            action=Action.ASSIGNMENT_ENDED,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(assignment.user_id),
            target_label=assignment.user.username,
            detail=_assignment_detail(assignment) | {"assignment": assignment.pk},
        )
    return assignment


def account_deactivate(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """The user can no longer log in; their sessions end at once (the auth backend refuses
    inactive users), and any activation code stops working."""
    if user.pk == actor.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        Account.objects.filter(user=user).update(activation_code_hash="", activation_expires=None)
        audit_user_event(
            action=Action.ACCOUNT_DEACTIVATED,
            user=user,
            request=request,
            actor=actor,
        )


# Lower-case letters and digits without look-alikes, read aloud or copied from a screen.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password_new() -> str:
    """Three groups of four (about 59 bits): xxxx-xxxx-xxxx."""
    groups = ("".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def password_reset(*, user: User, actor: User, request: HttpRequest) -> str:
    """A temporary password (returned once, shown once, never stored in clear); the user must
    choose a new one at the next login, and every session of theirs ends."""
    password = temporary_password_new()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        account = account_for(user=user)
        account.must_change_password = True
        account.activation_code_hash = ""
        account.activation_expires = None
        account.save(
            update_fields=["must_change_password", "activation_code_hash", "activation_expires"]
        )
        audit_user_event(
            action=Action.PASSWORD_RESET,
            user=user,
            request=request,
            actor=actor,
        )
        account_logout_everywhere(user=user, actor=actor, request=request)
    return password
