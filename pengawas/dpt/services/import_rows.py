"""Turning the rows of a voter-list file into database rows, batch by batch.

This half of the import touches no database, so it can run in a second process beside the
half that writes (see importing.py): on a two-core machine reading and checking the file
then costs no wall-clock time of its own.
"""

import json
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    parse_date,
    parse_tps_number,
)
from pengawas.dpt.names import name_key
from pengawas.dpt.regions_lookup import Unresolved, VillageResolver
from pengawas.dpt.sources import OVERSIZED, SourceError, open_rows

# How many rows at the top of a sheet may come before the header (KPU exports put a title
# and the region above it).
HEADER_SEARCH_ROWS = 20
# The order of the values in each row a batch carries; TPS_SLOT holds a TPS key until the
# writer swaps in the TPS's id.
VOTER_COLUMNS = (
    "snapshot_id", "source_line", "source_sheet", "tps_id", "nkk", "nik", "name", "name_key",
    "birth_place", "birth_date", "age", "sex", "marital_status", "address", "rt", "rw",
    "disability", "remark", "invalid_fields",
)  # fmt: skip
TPS_SLOT = 3
# The order in which a sheet's fields are read.
_FIELD_ORDER = (
    "kecamatan", "village", "tps", "nkk", "nik", "name", "birth_place", "birth_date", "age",
    "sex", "marital_status", "address", "rt", "rw", "disability", "remark", "tps_address",
)  # fmt: skip
_LIMITS = tuple(MAX_LENGTHS[f] for f in _FIELD_ORDER)


class ImportRefused(Exception):
    """The file cannot be imported; nothing was written. The message is Indonesian."""


@dataclass
class Rejection:
    sheet: str
    line: int
    column: str
    reason: str
    cells: list[str]
    header: list[str]


@dataclass
class Batch:
    rows: list[list[Any]] = field(default_factory=list)
    # TPS (village code, number, address) first seen in this batch; a row's TPS slot holds
    # the index of its TPS in the list of all TPS seen so far.
    new_tps: list[tuple[str, int, str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows_with_invalid_values: int = 0
    position: int = 0


@dataclass
class Summary:
    fields_present: list[str]
    ignored_columns: list[str]


@dataclass
class _Sheet:
    name: str
    header: list[str]
    columns: ColumnMap


def _sheet_from_header(name: str, cells: list[str]) -> _Sheet | None:
    """The sheet's layout if these cells are its header row, else None."""
    try:
        columns = column_map(cells)
    except DuplicateColumnError as exc:
        raise ImportRefused(f"Lembar {name or 'CSV'}: {exc}.") from None
    if columns.missing_required:
        return None
    return _Sheet(name=name, header=cells, columns=columns)


def _missing_columns_message(sheet: str, cells: list[str]) -> str:
    columns = column_map(cells)
    where = f"Lembar {sheet}: k" if sheet else "K"
    return (
        f"{where}olom wajib tidak ditemukan: {', '.join(columns.missing_required)}. "
        f"Kolom yang ada: {', '.join(c for c in cells if c) or '(kosong)'}."
    )


class _RowConverter:
    """Checks and converts the rows of one sheet. This is the hot loop of the import:
    everything that can be prepared once per sheet is, and each row costs one pass."""

    def __init__(
        self,
        *,
        sheet: _Sheet,
        snapshot_id: int,
        villages: VillageResolver,
        tps_keys: dict[tuple[str, int], int],
        strict: bool,
    ) -> None:
        self.sheet = sheet
        self.snapshot_id = snapshot_id
        self.villages = villages
        self.tps_keys = tps_keys
        self.strict = strict
        self.width = sheet.columns.width
        # A missing column reads cell [width]: every row gets one empty cell appended.
        self.fields_of = operator.itemgetter(
            *(sheet.columns.positions.get(f, self.width) for f in _FIELD_ORDER)
        )
        self.tps_numbers: dict[str, int | None] = {}
        # Values that repeat (RT "001", "BLITAR") share one string object, so a batch
        # pickles and unpickles each of them once.
        self.shared: dict[str, str] = {}

    def reject(self, batch: Batch, line: int, column: str, reason: str, cells: list[str]) -> None:
        if self.strict:
            where = f"lembar {self.sheet.name}, " if self.sheet.name else ""
            raise ImportRefused(
                f"Impor dibatalkan (--strict), tidak ada yang ditulis: {where}baris {line}, "
                f"kolom {column or '-'}: {reason}."
            )
        batch.rejections.append(
            Rejection(self.sheet.name, line, column, reason, cells, self.sheet.header)
        )

    def convert(self, batch: Batch, line: int, cells: list[str]) -> None:
        width = self.width
        if len(cells) != width:
            if cells[0] == OVERSIZED:
                self.reject(batch, line, "", "baris lebih dari 64 KB, bukan baris data pemilih", [])
                return
            if len(cells) > width and any(cells[width:]):
                reason = f"baris berisi {len(cells)} kolom, kepala kolom hanya {width}"
                self.reject(batch, line, "", reason, cells)
                return
            cells = cells[:width] + [""] * (width - len(cells))
        index = formula_column(cells)
        if index >= 0:
            column = self.sheet.header[index]
            reason = "sel berisi rumus (formula) spreadsheet; tidak diterima"
            self.reject(batch, line, column, reason, cells)
            return
        cells.append("")
        values = [
            ("" if (v := raw.strip()) in EMPTY_MARKERS else v) for raw in self.fields_of(cells)
        ]
        del cells[-1]
        if any(map(operator.gt, map(len, values), _LIMITS)):
            index = next(i for i, v in enumerate(values) if len(v) > _LIMITS[i])
            label = COLUMN_LABELS[_FIELD_ORDER[index]]
            self.reject(batch, line, label, f"isi lebih dari {_LIMITS[index]} karakter", cells)
            return
        (kecamatan, village_text, tps_raw, nkk, nik, name, birth_place, birth_date_raw, age_raw,
         sex_raw, marital_raw, address, rt, rw, disability, remark, tps_address) = values  # fmt: skip

        village = self.villages.resolve(kecamatan, village_text)
        if isinstance(village, Unresolved):
            self.reject(batch, line, village.column, village.reason, cells)
            return
        tps_number = self.tps_numbers.get(tps_raw, 0)
        if tps_number == 0:
            tps_number = self.tps_numbers[tps_raw] = parse_tps_number(tps_raw)
        if tps_number is None:
            reason = "nomor TPS kosong" if not tps_raw else f"{tps_raw!r} bukan nomor TPS"
            self.reject(batch, line, "TPS", reason, cells)
            return
        tps_key = self.tps_keys.get((village, tps_number))
        if tps_key is None:
            tps_key = self.tps_keys[(village, tps_number)] = len(self.tps_keys)
            batch.new_tps.append((village, tps_number, tps_address))

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
                self.reject(batch, line, column, f"nilai {value!r} tidak dapat dibaca", cells)
            batch.rows_with_invalid_values += 1
        if "  " in name or not name.isprintable():
            name = " ".join(name.split())
        key = name_key(name)
        shared = self.shared.setdefault
        batch.rows.append(
            [
                self.snapshot_id,
                line,
                self.sheet.name,
                tps_key,
                nkk if nkk.isdigit() else clean_identifier(nkk),
                nik if nik.isdigit() else clean_identifier(nik),
                name,
                name if key == name else key,
                shared(birth_place, birth_place),
                birth_date.isoformat() if birth_date else None,
                age,
                sex,
                marital,
                address,
                shared(rt, rt),
                shared(rw, rw),
                shared(disability, disability),
                shared(remark, remark),
                json.dumps(invalid, ensure_ascii=False) if invalid else None,
            ]
        )


def produce_batches(
    *,
    path: Path,
    snapshot_id: int,
    villages: VillageResolver,
    strict: bool,
    batch_size: int,
) -> Iterator[Batch | Summary]:
    """Read the file and yield batches of converted rows, then one Summary."""
    position = [0]

    def progress(done: int) -> None:
        position[0] = done

    tps_keys: dict[tuple[str, int], int] = {}
    fields_seen: set[str] = set()
    ignored: list[str] = []
    sheet_name: str | None = None
    converter: _RowConverter | None = None
    rows_before_header = 0
    first_row: list[str] | None = None
    batch = Batch()
    try:
        for current_sheet, line, cells in open_rows(path, progress):
            if current_sheet != sheet_name:
                sheet_name, converter, rows_before_header = current_sheet, None, 0
            if not cells or not any(cells):
                continue
            if converter is None:
                if cells[0] == OVERSIZED:
                    raise ImportRefused(f"Baris {line} terlalu panjang untuk kepala kolom.")
                sheet = _sheet_from_header(current_sheet, cells)
                if first_row is None:
                    first_row = cells
                if sheet is None:
                    rows_before_header += 1
                    if rows_before_header >= HEADER_SEARCH_ROWS:
                        raise ImportRefused(_missing_columns_message(current_sheet, cells))
                    continue
                converter = _RowConverter(
                    sheet=sheet,
                    snapshot_id=snapshot_id,
                    villages=villages,
                    tps_keys=tps_keys,
                    strict=strict,
                )
                fields_seen.update(sheet.columns.fields)
                ignored.extend(h for h in sheet.columns.ignored if h not in ignored)
                continue
            converter.convert(batch, line, cells)
            if len(batch.rows) >= batch_size or len(batch.rejections) >= batch_size:
                batch.position = position[0]
                yield batch
                batch = Batch()
    except SourceError as exc:
        raise ImportRefused(str(exc)) from None
    if not fields_seen:
        raise ImportRefused(_missing_columns_message(sheet_name or "", first_row or []))
    batch.position = position[0]
    yield batch
    yield Summary(
        fields_present=[f for f in COLUMN_LABELS if f in fields_seen],
        ignored_columns=ignored,
    )
