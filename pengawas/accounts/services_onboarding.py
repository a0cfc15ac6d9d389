"""The importer: many PKD/PTPS accounts at once from a CSV (onboarding 2,278 PTPS in a day).

Every row is checked before anything is written; one bad row and nothing is created.
"""

import csv
import io
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Jurisdiction, Role, role_region_allowed
from pengawas.accounts.rules import assignments_current, can_grant_in_region
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services_activation import (
    activation_code_hash,
    activation_code_new,
    activation_expiry,
)
from pengawas.accounts.services_manage import (
    CreatedAccount,
    authority_name,
    phone_clean,
    place_label,
    region_code_clean,
    username_base,
    username_free,
    usernames_taken,
)
from pengawas.accounts.slips import Slip
from pengawas.audit.actions import Action
from pengawas.audit.services import AuditDraft, audit_record_many
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

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
    taken = usernames_taken(bases)
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
    drafts: list[AuditDraft] = []
    for row, user, code in zip(rows, users, codes, strict=True):
        kabupaten = row.region.code[:5]
        if kabupaten not in authorities:
            authorities[kabupaten] = authority_name(kabupaten)
        drafts.append(
            AuditDraft(
                action=Action.ACCOUNT_CREATED,
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
    drafts.append(
        AuditDraft(
            action=Action.USERS_IMPORTED,
            target_type="import",
            target_label=report.election.code if report.election is not None else "",
            detail={"accounts": len(report.created)} | {role: n for role, n in counts.items()},
        )
    )
    # Who created whom, one entry per account, written to the chain in one go.
    audit_record_many(drafts=drafts, request=request, actor=created_by)
