"""KPU's official recap per TPS, read from a CSV and stored as KpuRecap.

The file (UTF-8, with or without BOM; comma or semicolon, as the header line uses):

    kode_desa,kecamatan,desa,tps,paslon_1,paslon_2,sah,tidak_sah
    35.05.01.2001,,,1,120,200,320,5
    ,Wonodadi,Jaten,2,98,150,248,3

- one line per TPS, after a header line; column names in any case and order;
- the desa by its Kemendagri code (`kode_desa`), or, when that cell is empty, by the names
  of its kecamatan and desa (`kecamatan`, `desa`; spelling and case are forgiven as in the
  region table: "Kel. Kepanjen Lor" = "KEPANJENLOR");
- `tps`: the TPS number in that desa ("1" or "001");
- `paslon_<nomor urut>`: the votes of each paslon; when the paslon of the election are
  registered (tally), every one of them must have its column, and no other;
- `sah` and `tidak_sah`: valid and invalid votes; the paslon's votes must add up to `sah`.

Every value is a whole number, 0 or more. A file with any bad line is refused as a whole, each
bad line named by its number (the header is line 1) in Bahasa Indonesia; nothing is stored. A
good file replaces the recap of the TPS it lists (a file per kecamatan, as KPU's recap goes up
berjenjang, adds to the others); all rows are written in one bulk insert.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election, Tps
from pengawas.overview import sources
from pengawas.overview.models import KpuRecap
from pengawas.regions.models import Region
from pengawas.regions.rules import region_name_key

MAX_BYTES = 5 * 1024 * 1024  # 2,278 TPS take about 100 KB
PASLON = re.compile(r"^paslon_(\d{1,2})$")
MAX_ERRORS = 50


class RecapError(Exception):
    """The file is refused; `errors` are the reasons, each naming its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int
    replaced: int
    sha256: str
    paslon: list[str] = field(default_factory=list)


def _whole(value: str) -> int | None:
    value = value.strip()
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


def _header(line: list[str]) -> list[str]:
    return [re.sub(r"\s+", "_", name.strip().lower()) for name in line]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecapError([_("Berkas bukan teks UTF-8 (simpan sebagai CSV UTF-8).")]) from error


def _places(election: Election) -> tuple[dict[tuple[str, int], int], dict[tuple[str, str], str]]:
    """(desa code, TPS number) → TPS id; (kecamatan key, desa key) → desa code."""
    tps = {
        (village, number): pk
        for pk, village, number in Tps.objects.filter(election=election).values_list(
            "id", "village_id", "number"
        )
    }
    top = election.region_id
    villages = {
        (parent_key or "", key): code
        for code, key, parent_key in Region.objects.filter(
            Q(code__startswith=top + "."), level__in=("desa", "kelurahan")
        ).values_list("code", "name_key", "parent__name_key")
    }
    return tps, villages


def recap_parse(
    *, election: Election, content: bytes
) -> tuple[dict[int, dict[str, Any]], list[str]]:
    """The rows of a recap file as {TPS id: data}, and the paslon numbers; RecapError if bad."""
    if len(content) > MAX_BYTES:
        raise RecapError([_("Berkas terlalu besar (paling besar 5 MB).")])
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        names = _header(next(reader))
    except StopIteration as error:
        raise RecapError([_("Berkas kosong.")]) from error
    paslon = sorted((m.group(1) for n in names if (m := PASLON.match(n))), key=int)
    errors: list[str] = []
    missing = [c for c in ("tps", "sah", "tidak_sah") if c not in names]
    if "kode_desa" not in names and not {"kecamatan", "desa"} <= set(names):
        missing.append(_("kode_desa (atau kecamatan dan desa)"))
    if not paslon:
        missing.append("paslon_1, paslon_2, …")
    if missing:
        raise RecapError([_("Baris 1: kolom tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}])
    registered = [str(number) for number, _name in sources.candidates(election)]
    if registered and paslon != registered:
        raise RecapError([
            _("Baris 1: kolom paslon (%(got)s) tidak sama dengan paslon pemilihan ini (%(want)s).")
            % {"got": ", ".join(paslon), "want": ", ".join(registered)}
        ])  # fmt: skip
    tps_ids, villages = _places(election)
    rows: dict[int, dict[str, Any]] = {}
    seen: dict[int, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            errors.append(_("Baris %(line)d: %(got)d kolom, seharusnya %(want)d.")
                          % {"line": line, "got": len(cells), "want": len(names)})  # fmt: skip
            continue
        row = dict(zip(names, cells, strict=True))
        problem, tps_id, data = _row(row, paslon, tps_ids, villages, election)
        if problem:
            errors.append(_("Baris %(line)d: %(problem)s") % {"line": line, "problem": problem})
        elif tps_id in seen:
            errors.append(_("Baris %(line)d: TPS ini sudah ada di baris %(first)d.")
                          % {"line": line, "first": seen[tps_id]})  # fmt: skip
        else:
            assert tps_id is not None
            seen[tps_id] = line
            rows[tps_id] = data
        if len(errors) >= MAX_ERRORS:
            errors.append(_("Pemeriksaan berhenti setelah %(n)d kesalahan.") % {"n": MAX_ERRORS})
            break
    if errors:
        raise RecapError(errors)
    if not rows:
        raise RecapError([_("Berkas tidak memuat satu TPS pun.")])
    return rows, paslon


def _row(
    row: dict[str, str],
    paslon: list[str],
    tps_ids: dict[tuple[str, int], int],
    villages: dict[tuple[str, str], str],
    election: Election,
) -> tuple[str, int | None, dict[str, Any]]:
    code = row.get("kode_desa", "").strip()
    if not code:
        district, village = row.get("kecamatan", "").strip(), row.get("desa", "").strip()
        if not district or not village:
            return _("kode_desa kosong, dan kecamatan atau desa juga kosong."), None, {}
        code = villages.get((region_name_key(district), region_name_key(village)), "")
        if not code:
            return (_("desa %(desa)s di Kecamatan %(kec)s tidak dikenal di wilayah pemilihan ini.")
                    % {"desa": village, "kec": district}, None, {})  # fmt: skip
    number = _whole(row["tps"])
    if number is None or number == 0:
        return (
            _("nomor TPS “%(tps)s” bukan bilangan bulat positif.") % {"tps": row["tps"]},
            None,
            {},
        )
    tps_id = tps_ids.get((code, number))
    if tps_id is None:
        return (_("TPS %(tps)03d di desa %(desa)s tidak terdaftar untuk %(election)s.")
                % {"tps": number, "desa": code, "election": election.name}, None, {})  # fmt: skip
    values: dict[str, int] = {}
    for column in [f"paslon_{n}" for n in paslon] + ["sah", "tidak_sah"]:
        value = _whole(row[column])
        if value is None:
            return (_("nilai %(col)s “%(value)s” bukan bilangan bulat 0 atau lebih.")
                    % {"col": column, "value": row[column]}, None, {})  # fmt: skip
        values[column] = value
    votes = {n: values[f"paslon_{n}"] for n in paslon}
    if sum(votes.values()) != values["sah"]:
        return (_("jumlah suara paslon (%(sum)d) tidak sama dengan suara sah (%(sah)d).")
                % {"sum": sum(votes.values()), "sah": values["sah"]}, None, {})  # fmt: skip
    return "", tps_id, {"paslon": votes, "sah": values["sah"], "tidak_sah": values["tidak_sah"]}


@transaction.atomic
def recap_import(
    *,
    election: Election,
    content: bytes,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Check the whole file, then replace the recap of the TPS it lists, in one go."""
    rows, paslon = recap_parse(election=election, content=content)
    digest = hashlib.sha256(content).hexdigest()
    now = timezone.now()
    replaced, _deleted = KpuRecap.objects.filter(election=election, tps_id__in=list(rows)).delete()
    KpuRecap.objects.bulk_create(
        [
            KpuRecap(election=election, tps_id=tps_id, data=data, imported_at=now,
                     source_sha256=digest)
            for tps_id, data in rows.items()
        ],
        batch_size=1000,
    )  # fmt: skip
    audit_record(
        action=Action.KPU_RECAP_IMPORTED,
        request=request,
        actor=user,
        target_type="elections.election",
        target_id=str(election.pk),
        target_label=election.code,
        detail={"rows": len(rows), "replaced": replaced, "sha256": digest},
    )
    return ImportResult(rows=len(rows), replaced=replaced, sha256=digest, paslon=paslon)
