"""Onboarding: accounts created by Bawaslu, activation codes, and the importer of many at once.

A new account never gets a password from anyone: it gets a one-time activation code, printed
on a slip, with which its holder chooses their own password (see the activation page). The
code is kept only as a keyed hash, expires after ACTIVATION_CODE_DAYS, and is consumed on use.
"""

import csv
import datetime
import hashlib
import hmac
import io
import re
import secrets
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Jurisdiction, Role, role_region_allowed
from pengawas.accounts.rules import assignments_current, can_grant_in_region
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services import account_for, assignment_create, assignment_end
from pengawas.accounts.services_sessions import account_logout_everywhere
from pengawas.accounts.slips import Slip
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Level, Region

# --- activation codes ------------------------------------------------------------------------

# 32 symbols without the look-alikes 0/O and 1/I: ten of them carry 50 bits.
ACTIVATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ACTIVATION_CODE_LENGTH = 10


def activation_code_new() -> str:
    return "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_CODE_LENGTH))


def activation_code_clean(raw: str) -> str:
    """What the user typed, as a code: capitals, without spaces or dashes."""
    return re.sub(r"[\s\-.]", "", raw).upper()


def activation_code_hash(*, username: str, code: str) -> str:
    """HMAC-SHA256 of the code, keyed with SECRET_KEY and bound to the username.

    Why not argon2 like passwords: a slow hash protects *guessable* secrets (passwords
    people choose) from a stolen database. An activation code is 50 random bits that live
    for days: a thief without SECRET_KEY cannot test guesses at all, and online guessing is
    throttled by the activation page. A keyed hash is enough, and it lets an import of
    2,278 accounts hash its codes in milliseconds instead of minutes.
    """
    key = hashlib.sha256(f"pengawas-activation:{settings.SECRET_KEY}".encode()).digest()
    message = f"{username}\n{code}".encode()
    return "hmac-sha256$" + hmac.new(key, message, hashlib.sha256).hexdigest()


def activation_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=settings.ACTIVATION_CODE_DAYS)


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires: datetime.datetime


def activation_issue(
    *, user: User, actor: User | None, request: HttpRequest | None = None
) -> IssuedCode:
    """A new activation code for the user; any earlier one stops working."""
    code = activation_code_new()
    expires = activation_expiry()
    account = account_for(user=user)
    account.activation_code_hash = activation_code_hash(username=user.username, code=code)
    account.activation_expires = expires
    account.save(update_fields=["activation_code_hash", "activation_expires"])
    audit_record(
        action=Action.ACTIVATION_ISSUED,
        request=request,
        actor=actor,
        target_type="user",
        target_id=str(user.pk),
        target_label=user.username,
    )
    return IssuedCode(code=code, expires=expires)


class ActivationInvalid(Exception):
    """The username and code do not open an activation; the message says why (Indonesian)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def activation_check(*, username: str, code: str) -> User:
    """The user an unexpired code belongs to; ActivationInvalid otherwise.

    A wrong username and a wrong code get the same answer, so the page does not tell
    which usernames exist.
    """
    wrong = ActivationInvalid(
        _("Nama pengguna atau kode aktivasi salah. Periksa lagi slip aktivasi Anda.")
    )
    user = User.objects.filter(username=username.strip()).select_related("account").first()
    account: Account | None = getattr(user, "account", None) if user is not None else None
    if user is None or account is None or not account.activation_code_hash:
        raise wrong
    expected = activation_code_hash(username=user.username, code=activation_code_clean(code))
    if not hmac.compare_digest(expected, account.activation_code_hash):
        raise wrong
    if not user.is_active:
        raise ActivationInvalid(
            _("Akun ini telah dinonaktifkan. Hubungi sekretariat Bawaslu Kabupaten/Kota.")
        )
    if account.activation_expires is None or account.activation_expires <= timezone.now():
        raise ActivationInvalid(
            _(
                "Kode aktivasi ini sudah kedaluwarsa. Mintalah kode baru kepada sekretariat "
                "Bawaslu Kabupaten/Kota."
            )
        )
    return user


def account_activate(
    *, user: User, code_hash: str, password: str, request: HttpRequest | None = None
) -> None:
    """Set the password the user chose and consume the code (which must still be `code_hash`:
    a code reissued or used meanwhile no longer counts)."""
    with transaction.atomic():
        account = Account.objects.select_for_update().get(user=user)
        if not account.activation_code_hash or not hmac.compare_digest(
            account.activation_code_hash, code_hash
        ):
            raise ActivationInvalid(
                _("Kode aktivasi ini sudah dipakai atau diganti. Mulai lagi dari awal.")
            )
        if account.activation_expires is None or account.activation_expires <= timezone.now():
            raise ActivationInvalid(_("Kode aktivasi ini sudah kedaluwarsa."))
        user.set_password(password)
        user.save(update_fields=["password"])
        account.activation_code_hash = ""
        account.activation_expires = None
        account.must_change_password = False
        account.save(
            update_fields=["activation_code_hash", "activation_expires", "must_change_password"]
        )
        audit_record(
            action=Action.ACCOUNT_ACTIVATED,
            request=request,
            actor=user,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
        )


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


def _usernames_taken(bases: Iterable[str]) -> set[str]:
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
            username = username_free(base, _usernames_taken([base]))
        user = User.objects.create_user(username, password=None, first_name=full_name[:150])
        Account.objects.create(user=user, phone=cleaned_phone)
        assignment = assignment_create(
            user=user, role=role, region=region, tps=tps, created_by=created_by
        )
        audit_record(
            action=Action.ACCOUNT_CREATED,
            request=request,
            actor=created_by,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
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
        audit_record(
            action=Action.ASSIGNMENT_CREATED,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
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
        audit_record(
            action=Action.ACCOUNT_DEACTIVATED,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
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
        audit_record(
            action=Action.PASSWORD_RESET,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
        )
        account_logout_everywhere(user=user, actor=actor, request=request)
    return password


def two_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> int:
    """Remove the user's authenticator and recovery codes (a lost phone); they enrol again at
    their next login. Returns how many devices were removed."""
    with transaction.atomic():
        removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += int(StaticDevice.objects.filter(user=user).delete()[0])
        audit_record(
            action=Action.TOTP_RESET,
            request=request,
            actor=actor,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
        )
    return removed


def two_factor_enrolled(*, user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


# --- many accounts at once (the importer) ------------------------------------------------------

IMPORT_ROLES_ADMINISTRATOR = (Role.PANWASCAM, Role.PKD, Role.PTPS)
IMPORT_ROLES = (Role.PKD, Role.PTPS)
_HEADER_ALIASES = {
    "nama": "nama",
    "namalengkap": "nama",
    "name": "nama",
    "telepon": "telepon",
    "telp": "telepon",
    "hp": "telepon",
    "nohp": "telepon",
    "notelepon": "telepon",
    "notelp": "telepon",
    "phone": "telepon",
    "peran": "peran",
    "role": "peran",
    "jabatan": "peran",
    "kode": "kode",
    "kodewilayah": "kode",
    "kodedesa": "kode",
    "tps": "tps",
    "notps": "tps",
    "nomortps": "tps",
}
_REQUIRED_COLUMNS = ("nama", "telepon", "peran", "kode")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    line: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Baris %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: list[CreatedAccount] = field(default_factory=list)
    election: Election | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(account.role for account in self.created))

    def slips(self) -> list[Slip]:
        return [account.slip() for account in self.created]


@dataclass
class _Row:
    line: int
    name: str
    phone: str
    role: str
    region: Region
    tps: Tps | None


class _FileError(Exception):
    pass


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-.]", "", cell.strip().lower())


def _read_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise _FileError(_("Berkas terlalu besar (paling besar 5 MB)."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _FileError(
            _("Berkas berenkode UTF-16. Simpan ulang sebagai CSV UTF-8, lalu impor lagi.")
        )
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise _FileError(_("Berkas ini bukan CSV. Simpan sebagai CSV (UTF-8), lalu impor lagi."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_lines = "\n".join(text.splitlines()[:5])
    # The delimiter is the one the first lines use most (Excel in Indonesian writes ";").
    counts = {d: first_lines.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _FileError(
                _("Baris %(line)d: CSV rusak (%(error)s).") % {"line": line, "error": exc}
            ) from None
        yield line, cells


def _tps_number(raw: str) -> int | None:
    text = raw.strip().upper().removeprefix("TPS").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 10000 else None


def _election_for(election: Election | None) -> Election | None:
    if election is not None:
        return election
    elections = list(Election.objects.select_related("region")[:2])
    return elections[0] if len(elections) == 1 else None


def users_import(
    *,
    created_by: User | None,
    path: Path | None = None,
    file: BinaryIO | None = None,
    election: Election | None = None,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Create PKD/PTPS (and, for the administrator, Panwascam) accounts from a CSV.

    Every row is checked first; if any is wrong, nothing is created and the report lists the
    errors by line. Otherwise all accounts are created in one transaction, in bulk, each
    with an activation code (returned in the report, for the slips, and kept only hashed).
    created_by None: the command line, which acts with the administrator's authority.
    """
    started = time.monotonic()
    if file is not None:
        data = file.read()
    elif path is not None:
        data = Path(path).read_bytes()
    else:
        raise TypeError("users_import needs path or file")
    if created_by is None:
        j: Jurisdiction | None = Jurisdiction(role=Role.ADMINISTRATOR, region_code=None)
    else:
        j = user_jurisdiction(user=created_by)
    report = ImportReport(election=_election_for(election))
    try:
        parsed = _rows_parse(data=data, j=j, report=report)
        if report.errors:
            return report
        with transaction.atomic():
            _rows_check_current(parsed, report)
            if report.errors:
                return report
            try:
                _accounts_create(parsed, created_by=created_by, report=report, request=request)
            except IntegrityError:
                # Someone created one of these usernames in the meantime: nothing is kept.
                transaction.set_rollback(True)
                report.created = []
                report.errors.append(
                    RowError(0, _("Impor bertabrakan dengan perubahan lain. Coba lagi."))
                )
    finally:
        report.seconds = time.monotonic() - started
    return report


def _rows_parse(*, data: bytes, j: Jurisdiction | None, report: ImportReport) -> list[_Row]:
    """Every row read and checked against the file itself and the regions and TPS."""
    errors = report.errors
    allowed_roles = (
        IMPORT_ROLES_ADMINISTRATOR
        if j is not None and j.role == Role.ADMINISTRATOR
        else IMPORT_ROLES
    )
    try:
        lines = list(_read_rows(data))
    except _FileError as exc:
        errors.append(RowError(0, str(exc)))
        return []
    lines = [(line, cells) for line, cells in lines if any(cell.strip() for cell in cells)]
    if not lines:
        errors.append(RowError(0, _("Berkas kosong.")))
        return []
    header_line, header = lines[0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _HEADER_ALIASES.get(_header_key(cell))
        if name is not None and name not in columns:
            columns[name] = index
    missing = [name for name in _REQUIRED_COLUMNS if name not in columns]
    if missing:
        errors.append(
            RowError(
                header_line,
                _("kolom %(columns)s tidak ada (judul kolom: nama, telepon, peran, kode, tps).")
                % {"columns": ", ".join(missing)},
            )
        )
        return []

    def value(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    raw_rows = []
    for line, cells in lines[1:]:
        code = region_code_clean(value(cells, "kode"))
        tps_raw = value(cells, "tps")
        if "/" in code:
            code, tps_raw = (part.strip() for part in code.split("/", 1))
            code = region_code_clean(code)
        raw_rows.append((line, cells, code, tps_raw))
    report.rows = len(raw_rows)
    codes = {code for _line, _cells, code, _tps in raw_rows}
    regions = {
        region.code: region
        for region in Region.objects.filter(code__in=codes).select_related("parent")
    }
    election = report.election
    tps_by_place: dict[tuple[str, int], Tps] = {}
    if election is not None:
        for station in Tps.objects.filter(election=election, village_id__in=codes):
            tps_by_place[(station.village_id, station.number)] = station
    seen_tps: dict[int, int] = {}
    seen_phones: dict[str, int] = {}
    parsed: list[_Row] = []
    for line, cells, code, tps_raw in raw_rows:
        problems: list[str] = []
        name = " ".join(value(cells, "nama").split())
        if not name:
            problems.append(_("nama kosong"))
        elif len(name) > 150:
            problems.append(_("nama lebih dari 150 huruf"))
        phone = phone_clean(value(cells, "telepon"))
        if phone is None:
            problems.append(
                _(
                    "nomor telepon bukan nomor seluler Indonesia (08… atau +628…, 10 sampai 14 angka)"
                )
            )
        elif phone in seen_phones:
            problems.append(
                _("nomor telepon sama dengan baris %(line)d") % {"line": seen_phones[phone]}
            )
        else:
            seen_phones[phone] = line
        role = value(cells, "peran").lower()
        if role not in Role.values:
            problems.append(_("peran %(role)r tidak dikenal (pkd atau ptps)") % {"role": role})
        elif role not in allowed_roles:
            problems.append(
                _("Anda tidak dapat mengimpor akun dengan peran %(role)s")
                % {"role": Role(role).label}
            )
        region = regions.get(code)
        tps: Tps | None = None
        if region is None:
            problems.append(_("kode wilayah %(code)r tidak dikenal") % {"code": code})
        elif role in allowed_roles:
            if not role_region_allowed(role=role, region_level=region.level):
                problems.append(
                    _("peran %(role)s tidak dapat ditugaskan pada %(region)s")
                    % {"role": Role(role).label, "region": place_label(region=region)}
                )
            elif not can_grant_in_region(j, role, region.code):
                problems.append(
                    _("%(region)s di luar wilayah Anda") % {"region": place_label(region=region)}
                )
            elif role == Role.PTPS:
                tps = _row_tps(line, tps_raw, region, election, tps_by_place, seen_tps, problems)
        if problems:
            errors.extend(RowError(line, problem) for problem in problems)
        elif region is not None and phone is not None:
            parsed.append(_Row(line, name, phone, role, region, tps))
    if not raw_rows:
        errors.append(RowError(0, _("Berkas tidak berisi baris data di bawah judul kolom.")))
    return parsed


def _row_tps(
    line: int,
    raw: str,
    region: Region,
    election: Election | None,
    tps_by_place: dict[tuple[str, int], Tps],
    seen_tps: dict[int, int],
    problems: list[str],
) -> Tps | None:
    number = _tps_number(raw)
    if number is None:
        problems.append(_("nomor TPS kosong atau salah (contoh: 35.05.01.2001/001)"))
        return None
    if election is None:
        problems.append(_("pilih pemilihan untuk akun PTPS (ada lebih dari satu atau belum ada)"))
        return None
    tps = tps_by_place.get((region.code, number))
    if tps is None:
        problems.append(
            _("TPS %(number)03d %(place)s tidak ada dalam %(election)s")
            % {"number": number, "place": place_label(region=region), "election": election.name}
        )
        return None
    if tps.pk in seen_tps:
        problems.append(_("TPS ini sudah ada pada baris %(line)d") % {"line": seen_tps[tps.pk]})
        return None
    seen_tps[tps.pk] = line
    return tps


def _rows_check_current(rows: Sequence[_Row], report: ImportReport) -> None:
    """TPS that already have a PTPS today (checked with the TPS rows locked, so two imports at
    once cannot both give one TPS a PTPS)."""
    tps_ids = [row.tps.pk for row in rows if row.tps is not None]
    if not tps_ids:
        return
    list(Tps.objects.select_for_update().filter(pk__in=tps_ids).values_list("pk", flat=True))
    held = set(
        assignments_current()
        .filter(role=Role.PTPS, tps_id__in=tps_ids)
        .values_list("tps_id", flat=True)
    )
    for row in rows:
        if row.tps is not None and row.tps.pk in held:
            report.errors.append(
                RowError(row.line, _("TPS ini sudah memiliki PTPS yang sedang bertugas"))
            )


def _accounts_create(
    rows: Sequence[_Row],
    *,
    created_by: User | None,
    report: ImportReport,
    request: HttpRequest | None,
) -> None:
    today = timezone.localdate()
    expires = activation_expiry()
    bases = [
        username_base(
            role=row.role,
            region_code=row.region.code,
            tps_number=row.tps.number if row.tps is not None else None,
        )
        for row in rows
    ]
    taken = _usernames_taken(bases)
    usernames = [username_free(base, taken) for base in bases]
    codes = [activation_code_new() for _row in rows]
    users = User.objects.bulk_create(
        [
            # An unusable password ("!…"): nobody can log in before activating.
            User(username=username, first_name=row.name, password=make_password(None))
            for row, username in zip(rows, usernames, strict=True)
        ],
        batch_size=500,
    )
    if any(user.pk is None for user in users):  # a database that returns no ids
        ids = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
        for user in users:
            user.pk = ids[user.username]
    Account.objects.bulk_create(
        [
            Account(
                user_id=user.pk,
                phone=row.phone,
                activation_code_hash=activation_code_hash(username=user.username, code=code),
                activation_expires=expires,
            )
            for row, user, code in zip(rows, users, codes, strict=True)
        ],
        batch_size=500,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                user_id=user.pk,
                role=row.role,
                region=row.region,
                tps=row.tps,
                election_id=row.tps.election_id if row.tps is not None else None,
                starts=today,
                created_by=created_by,
            )
            for row, user in zip(rows, users, strict=True)
        ],
        batch_size=500,
    )
    authorities: dict[str, str] = {}
    for row, user, code in zip(rows, users, codes, strict=True):
        kabupaten = row.region.code[:5]
        if kabupaten not in authorities:
            authorities[kabupaten] = authority_name(kabupaten)
        audit_record(
            action=Action.ACCOUNT_CREATED,
            request=request,
            actor=created_by,
            target_type="user",
            target_id=str(user.pk),
            target_label=user.username,
            detail={
                "role": row.role,
                "region": row.region.code,
                "tps": row.tps.pk if row.tps is not None else None,
                "import": True,
            },
        )
        report.created.append(
            CreatedAccount(
                user_id=user.pk,
                username=user.username,
                full_name=row.name,
                role=row.role,
                place=place_label(region=row.region, tps=row.tps),
                authority=authorities[kabupaten],
                code=code,
                expires=expires,
            )
        )
    counts = report.counts
    audit_record(
        action=Action.USERS_IMPORTED,
        request=request,
        actor=created_by,
        target_type="import",
        target_id="",
        target_label=report.election.code if report.election is not None else "",
        detail={"accounts": len(report.created)} | {role: n for role, n in counts.items()},
    )
