"""Importing a KPU voter-list file as a new, versioned snapshot.

The import is one transaction: it lands whole or not at all (an error, a --strict abort or
Ctrl-C leaves the database as it was). Rows stream from the file and go to the database in
batches through the fastest path each engine has (executemany for SQLite, COPY for
PostgreSQL), so memory stays flat and a million rows take seconds.
"""

import csv
import getpass
import hashlib
import json
import operator
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from pengawas.dpt.columns import (
    COLUMN_LABELS,
    EMPTY_MARKERS,
    MARITAL_VALUES,
    MAX_LENGTHS,
    SEX_VALUES,
    ColumnMap,
    DuplicateColumnError,
    clean_identifier,
    column_map,
    formula_column,
    has_formula,
    parse_date,
    parse_tps_number,
)
from pengawas.dpt.models import Snapshot, Stage, Voter
from pengawas.dpt.names import name_key
from pengawas.dpt.regions_lookup import Unresolved, VillageResolver
from pengawas.dpt.sources import OVERSIZED, SourceError, detect_format, escape_cell, open_rows
from pengawas.elections.models import Election, Tps

BATCH_SIZE = 5000
# How many rows at the top of a sheet may come before the header (KPU exports put a title
# and the region above it).
HEADER_SEARCH_ROWS = 20
VOTER_COLUMNS = (
    "snapshot_id", "source_line", "source_sheet", "tps_id", "nkk", "nik", "name", "name_key",
    "birth_place", "birth_date", "age", "sex", "marital_status", "address", "rt", "rw",
    "disability", "remark", "invalid_fields",
)  # fmt: skip


class ImportError_(Exception):
    """The import was refused or aborted; nothing was written. The message is Indonesian."""


@dataclass
class Rejection:
    sheet: str
    line: int
    column: str
    reason: str
    cells: list[str]


@dataclass
class ImportResult:
    snapshot: Snapshot
    created: bool
    rows_imported: int = 0
    rows_rejected: int = 0
    rows_with_invalid_values: int = 0
    tps_created: int = 0
    fields_present: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rejects_path: Path | None = None
    seconds: float = 0.0

    @property
    def missing_personal_fields(self) -> list[str]:
        personal = ("nkk", "nik", "birth_date", "birth_place", "marital_status", "sex", "age")
        return [COLUMN_LABELS[f] for f in personal if f not in self.fields_present]


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def default_rejects_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.ditolak.csv")


class _RejectsFile:
    """The rejects CSV: each rejected row with its line, column, reason and original cells.

    Written to a temporary name and moved into place only when the import ends, so a failed
    run never leaves a half-written file behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self._handle = self.temporary.open("w", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ImportError_(
                f"Berkas penolakan {path} tidak dapat ditulis: {exc.strerror}"
            ) from None
        self._writer = csv.writer(self._handle)
        self._header_written = False
        self.count = 0

    def write(self, rejection: Rejection, header: list[str]) -> None:
        if not self._header_written:
            self._writer.writerow(["lembar", "baris", "kolom", "alasan", *header])
            self._header_written = True
        self._writer.writerow(
            [
                rejection.sheet,
                rejection.line,
                rejection.column,
                rejection.reason,
                *(escape_cell(cell) for cell in rejection.cells),
            ]
        )
        self.count += 1

    def finish(self) -> Path | None:
        self._handle.close()
        if self.count == 0:
            self.temporary.unlink(missing_ok=True)
            return None
        self.temporary.replace(self.path)
        return self.path

    def discard(self) -> None:
        self._handle.close()
        self.temporary.unlink(missing_ok=True)


class _VoterWriter:
    """Sends voter rows to the database in batches, by the engine's fastest bulk path."""

    def __init__(self) -> None:
        self.table = Voter._meta.db_table
        self.batch: list[tuple[Any, ...]] = []
        self.written = 0
        self.postgres = connection.vendor == "postgresql"
        columns = ", ".join(VOTER_COLUMNS)
        if self.postgres:
            self.statement = f"COPY {self.table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * len(VOTER_COLUMNS))
            self.statement = f"INSERT INTO {self.table} ({columns}) VALUES ({marks})"  # noqa: S608

    def add(self, row: tuple[Any, ...]) -> None:
        self.batch.append(row)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(self.statement) as copy:
                    for row in self.batch:
                        copy.write_row(row)
            else:
                cursor.executemany(self.statement, self.batch)
        self.written += len(self.batch)
        self.batch.clear()


class _TpsRegistry:
    """TPS ids by (village, number); a TPS the list names for the first time is created."""

    def __init__(self, election: Election) -> None:
        self.election = election
        self.ids = {
            (village, number): pk
            for pk, village, number in Tps.objects.filter(election=election).values_list(
                "pk", "village_id", "number"
            )
        }
        self.created = 0

    def get(self, village: str, number: int) -> int:
        pk = self.ids.get((village, number))
        if pk is None:
            pk = Tps.objects.create(election=self.election, village_id=village, number=number).pk
            self.ids[(village, number)] = pk
            self.created += 1
        return pk


@dataclass
class _Sheet:
    """The header of the sheet being read, and what it says about each column."""

    name: str
    header: list[str]
    columns: ColumnMap


def _sheet_from_header(name: str, cells: list[str]) -> _Sheet | None:
    """The sheet's layout if these cells are its header row, else None."""
    try:
        columns = column_map(cells)
    except DuplicateColumnError as exc:
        raise ImportError_(f"Lembar {name or 'CSV'}: {exc}.") from None
    if columns.missing_required:
        return None
    return _Sheet(name=name, header=cells, columns=columns)


class _NothingImported(Exception):
    pass


def dpt_import(
    *,
    election: Election,
    path: Path,
    stage: str = Stage.DPT,
    strict: bool = False,
    rejects_path: Path | None = None,
    imported_by: AbstractBaseUser | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one voter-list file as a new snapshot of the election's list.

    Rows whose KECAMATAN, KELURAHAN or TPS cannot be resolved, and hostile rows (formula
    cells, over-long values), are rejected and written to the rejects file with their line,
    column and reason. Rows whose personal fields are missing or malformed are kept, the
    malformed values in `invalid_fields`, for the audit to flag. With `strict`, the first
    rejected or malformed row aborts the import.
    """
    started = time.perf_counter()
    if stage not in Stage.values:
        raise ImportError_(
            f"Tahap harus salah satu dari {', '.join(Stage.values)}, bukan {stage!r}"
        )
    try:
        sha256, size = file_sha256(path)
    except OSError as exc:
        raise ImportError_(f"Berkas tidak dapat dibaca: {exc.strerror}") from None
    existing = Snapshot.objects.filter(election=election, stage=stage, source_sha256=sha256).first()
    if existing is not None:
        return ImportResult(
            snapshot=existing,
            created=False,
            rows_imported=existing.rows_imported,
            rows_rejected=existing.rows_rejected,
            fields_present=existing.fields_present,
        )
    try:
        detect_format(path)
    except SourceError as exc:
        raise ImportError_(str(exc)) from None

    rejects = None if strict else _RejectsFile(rejects_path or default_rejects_path(path))
    try:
        with transaction.atomic():
            result = _import_rows(
                election=election,
                path=path,
                stage=stage,
                sha256=sha256,
                size=size,
                strict=strict,
                rejects=rejects,
                imported_by=imported_by,
                progress=progress,
            )
    except _NothingImported as exc:
        written = rejects.finish() if rejects is not None else None
        where = f" Alasan tiap baris ada di {written}." if written else ""
        raise ImportError_(f"{exc}{where}") from None
    except BaseException:
        if rejects is not None:
            rejects.discard()
        raise
    if rejects is not None:
        result.rejects_path = rejects.finish()
    result.seconds = time.perf_counter() - started
    return result


def _import_rows(
    *,
    election: Election,
    path: Path,
    stage: str,
    sha256: str,
    size: int,
    strict: bool,
    rejects: _RejectsFile | None,
    imported_by: AbstractBaseUser | None,
    progress: Callable[[int], None] | None,
) -> ImportResult:
    snapshot = Snapshot.objects.create(
        election=election,
        stage=stage,
        source_name=path.name[:255],
        source_sha256=sha256,
        source_size=size,
        imported_by=imported_by,
        imported_by_name="" if imported_by else _os_user(),
    )
    result = ImportResult(snapshot=snapshot, created=True)
    villages = VillageResolver(region=election.region)
    registry = _TpsRegistry(election)
    writer = _VoterWriter()
    snapshot_id = snapshot.pk
    fields_seen: set[str] = set()
    ignored: list[str] = []
    sheet: _Sheet | None = None
    importer: _RowImporter | None = None
    sheet_name: str | None = None
    rows_before_header = 0

    def reject(line: int, column: str, reason: str, cells: list[str]) -> None:
        if strict:
            where = f"lembar {sheet_name}, " if sheet_name else ""
            raise ImportError_(
                f"Impor dibatalkan (--strict), tidak ada yang ditulis: {where}baris {line}, "
                f"kolom {column or '-'}: {reason}."
            )
        result.rows_rejected += 1
        if rejects is not None:
            rejects.write(
                Rejection(sheet_name or "", line, column, reason, cells),
                sheet.header if sheet else [],
            )

    for current_sheet, line, cells in open_rows(path, progress):
        if current_sheet != sheet_name:
            sheet_name, sheet, rows_before_header = current_sheet, None, 0
        if not cells or not any(cells):
            continue
        if sheet is None:
            if cells[0] == OVERSIZED:
                raise ImportError_(f"Baris {line} terlalu panjang untuk sebuah kepala kolom.")
            sheet = _sheet_from_header(current_sheet, cells)
            if sheet is None:
                rows_before_header += 1
                if rows_before_header >= HEADER_SEARCH_ROWS:
                    raise ImportError_(_missing_columns_message(current_sheet, cells))
                continue
            importer = _RowImporter(
                sheet=sheet,
                snapshot_id=snapshot_id,
                villages=villages,
                registry=registry,
                writer=writer,
                reject=reject,
                result=result,
                strict=strict,
            )
            fields_seen.update(sheet.columns.fields)
            ignored.extend(h for h in sheet.columns.ignored if h not in ignored)
            continue
        assert importer is not None
        importer.add(line, cells)
    writer.flush()
    if sheet is None and not fields_seen:
        raise ImportError_(
            "Kepala kolom tidak ditemukan. Baris pertama berkas harus berisi nama kolom, "
            "sekurang-kurangnya NAMA, KELURAHAN (atau DESA) dan TPS."
        )
    if writer.written == 0:
        raise _NothingImported(
            f"Tidak ada baris yang dapat diimpor ({result.rows_rejected} baris ditolak); "
            "tidak ada yang ditulis."
        )
    result.rows_imported = writer.written
    result.tps_created = registry.created
    result.fields_present = [f for f in COLUMN_LABELS if f in fields_seen]
    result.ignored_columns = ignored
    snapshot.rows_imported = result.rows_imported
    snapshot.rows_rejected = result.rows_rejected
    snapshot.fields_present = [f for f in result.fields_present if f not in ("kecamatan", "village", "tps")]
    snapshot.save(update_fields=["rows_imported", "rows_rejected", "fields_present"])
    return result


def _missing_columns_message(sheet: str, cells: list[str]) -> str:
    columns = column_map(cells)
    where = f"Lembar {sheet}: k" if sheet else "K"
    return (
        f"{where}olom wajib tidak ditemukan: {', '.join(columns.missing_required)}. "
        f"Kolom yang ada: {', '.join(c for c in cells if c) or '(kosong)'}."
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# The order in which _RowImporter reads a sheet's fields.
_FIELD_ORDER = (
    "kecamatan", "village", "tps", "nkk", "nik", "name", "birth_place", "birth_date", "age",
    "sex", "marital_status", "address", "rt", "rw", "disability", "remark",
)  # fmt: skip


class _RowImporter:
    """Turns the rows of one sheet into voter rows. This is the hot loop of the import:
    positions and lookups are prepared once per sheet, and each row costs one pass."""

    def __init__(
        self,
        *,
        sheet: _Sheet,
        snapshot_id: int,
        villages: VillageResolver,
        registry: _TpsRegistry,
        writer: _VoterWriter,
        reject: Callable[[int, str, str, list[str]], None],
        result: ImportResult,
        strict: bool,
    ) -> None:
        self.sheet = sheet
        self.snapshot_id = snapshot_id
        self.villages = villages
        self.registry = registry
        self.writer = writer
        self.reject = reject
        self.result = result
        self.strict = strict
        self.width = sheet.columns.width
        # A missing column reads cell [width], which every row gets as an empty extra cell.
        self.fields_of = operator.itemgetter(
            *(sheet.columns.positions.get(f, self.width) for f in _FIELD_ORDER)
        )
        self.limits = tuple(MAX_LENGTHS[f] for f in _FIELD_ORDER)
        self.tps_numbers: dict[str, int | None] = {}

    def add(self, line: int, cells: list[str]) -> None:
        width = self.width
        if len(cells) != width:
            if cells[0] == OVERSIZED:
                self.reject(line, "", "baris lebih dari 64 KB, bukan baris data pemilih", [])
                return
            if len(cells) > width and any(cells[width:]):
                self.reject(line, "", f"baris berisi {len(cells)} kolom, kepala {width}", cells)
                return
            cells = cells[:width] + [""] * (width - len(cells))
        if has_formula(cells):
            index = formula_column(cells)
            column = self.sheet.header[index] if index < width else ""
            self.reject(line, column, "sel berisi rumus (formula) spreadsheet; tidak diterima", cells)
            return
        cells.append("")
        values = [("" if (v := raw.strip()) in EMPTY_MARKERS else v) for raw in self.fields_of(cells)]
        if any(map(operator.gt, map(len, values), self.limits)):
            del cells[-1]
            index = next(i for i, v in enumerate(values) if len(v) > self.limits[i])
            label = COLUMN_LABELS[_FIELD_ORDER[index]]
            self.reject(line, label, f"isi lebih dari {self.limits[index]} karakter", cells)
            return
        (kecamatan, village_text, tps_raw, nkk, nik, name, birth_place, birth_date_raw, age_raw,
         sex_raw, marital_raw, address, rt, rw, disability, remark) = values  # fmt: skip

        village = self.villages.resolve(kecamatan, village_text)
        if isinstance(village, Unresolved):
            del cells[-1]
            self.reject(line, village.column, village.reason, cells)
            return
        tps_number = self.tps_numbers.get(tps_raw, 0)
        if tps_number == 0:
            tps_number = self.tps_numbers[tps_raw] = parse_tps_number(tps_raw)
        if tps_number is None:
            del cells[-1]
            reason = "nomor TPS kosong" if not tps_raw else f"{tps_raw!r} bukan nomor TPS"
            self.reject(line, "TPS", reason, cells)
            return

        invalid: dict[str, str] = {}
        birth_date = parse_date(birth_date_raw) if birth_date_raw else None
        if birth_date_raw and birth_date is None:
            invalid["TANGGAL_LAHIR"] = birth_date_raw
        age = int(age_raw) if age_raw.isdigit() and len(age_raw) <= 3 else None
        if age_raw and (age is None or age > 150):
            invalid["USIA"], age = age_raw, None
        sex = SEX_VALUES.get(sex_raw.upper(), "") if sex_raw else ""
        if sex_raw and not sex:
            invalid["JENIS_KELAMIN"] = sex_raw
        marital = MARITAL_VALUES.get(marital_raw.upper(), "") if marital_raw else ""
        if marital_raw and not marital:
            invalid["STATUS_KAWIN"] = marital_raw
        if invalid:
            if self.strict:
                column, value = next(iter(invalid.items()))
                self.reject(line, column, f"nilai {value!r} tidak dapat dibaca", cells[:-1])
            self.result.rows_with_invalid_values += 1
        if "  " in name:
            name = " ".join(name.split())
        self.writer.add(
            (
                self.snapshot_id,
                line,
                self.sheet.name,
                self.registry.get(village, tps_number),
                nkk if nkk.isdigit() else clean_identifier(nkk),
                nik if nik.isdigit() else clean_identifier(nik),
                name,
                name_key(name),
                birth_place,
                birth_date.isoformat() if birth_date else None,
                age,
                sex,
                marital,
                address,
                rt,
                rw,
                disability,
                remark,
                json.dumps(invalid, ensure_ascii=False) if invalid else None,
            )
        )
