"""The voter-list statistics as a spreadsheet (XLSX): an explanation sheet, then one sheet
per level (kecamatan, desa, TPS) under the chosen region.

openpyxl's write-only mode; the rows are the aggregated figures (a few thousand TPS at most),
never voters, so the file holds no personal data. Numbers are written as numbers, so the
spreadsheet formats them in its reader's locale. Text that a spreadsheet would read as a
formula gets a leading apostrophe.
"""

import datetime
import io
from collections.abc import Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pengawas.dpt.models import Snapshot
from pengawas.dpt_audit.stats import (
    ELDERLY_MIN_AGE,
    FIRST_TIME_MAX_AGE,
    VOTING_AGE,
    StatLevel,
    StatRow,
    statistics_compute,
    tps_statistics,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
SHEET_TITLES: dict[StatLevel, str] = {"kecamatan": "Kecamatan", "desa": "Desa", "tps": "TPS"}
_COUNTS = [
    ("L", 8),
    ("P", 8),
    ("Tanpa L/P", 10),
    ("Jumlah", 10),
    (f"Pemilih pemula ({VOTING_AGE}-{FIRST_TIME_MAX_AGE} th / kawin)", 16),
    (f"Lansia (>= {ELDERLY_MIN_AGE} th)", 12),
    ("Disabilitas", 11),
]


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _header(sheet: WriteOnlyWorksheet, titles: Sequence[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cells.append(cell)
    sheet.append(cells)


def _counts(row: StatRow, *, ages_known: bool, disability_known: bool) -> list[object]:
    return [
        row.male,
        row.female,
        row.sex_unknown,
        row.total,
        row.first_time if ages_known else None,
        row.elderly if ages_known else None,
        row.disabled if disability_known else None,
    ]


def _columns(level: StatLevel) -> list[tuple[str, int]]:
    place: list[tuple[str, int]] = {
        "kecamatan": [("Kode", 11), ("Kecamatan", 22)],
        "desa": [("Kode", 15), ("Kecamatan", 20), ("Desa/Kelurahan", 22)],
        "tps": [("Kode desa", 15), ("Desa/Kelurahan", 22), ("TPS", 9)],
    }[level]
    load = (
        [("Maksimal per TPS", 10), ("Beban (%)", 10), ("Melebihi maksimal", 10)]
        if level == "tps"
        else [("Jumlah TPS", 10), ("TPS melebihi maksimal", 12), ("Pemilih TPS terbanyak", 12)]
    )
    return place + _COUNTS + load


def statistics_xlsx(
    *,
    snapshot: Snapshot,
    region_code: str | None,
    region_label: str,
    levels: Sequence[StatLevel],
    now: datetime.datetime | None = None,
) -> bytes:
    """The workbook's bytes: one SQL pass over the snapshot, rolled up for each level."""
    election = snapshot.election
    maximum = election.max_voters_per_tps
    tps_rows = tps_statistics(snapshot=snapshot, region_code=region_code)
    book = Workbook(write_only=True)
    about = book.create_sheet("Keterangan")
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 90
    moment = timezone.localtime(now or timezone.now())
    facts: list[tuple[str, object]] = [
        ("Pemilihan", election.name),
        ("Hari pemungutan suara", election.voting_day.strftime("%d-%m-%Y")),
        ("Daftar pemilih", f"{snapshot.stage} · {snapshot.source_name} (#{snapshot.pk})"),
        ("Wilayah", region_label),
        ("Pemilih maksimal per TPS", maximum),
        ("Dibuat", moment.strftime("%d-%m-%Y %H:%M")),
        (
            "Pemilih pemula",
            f"Berumur {VOTING_AGE} sampai {FIRST_TIME_MAX_AGE} tahun pada hari pemungutan suara, "
            f"atau belum {VOTING_AGE} tahun tetapi sudah/pernah kawin. Rentang "
            f"{VOTING_AGE}-{FIRST_TIME_MAX_AGE} tahun lazim dipakai KPU dan Bawaslu; "
            "undang-undang tidak mendefinisikannya.",
        ),
        (
            "Lansia",
            f"Berumur {ELDERLY_MIN_AGE} tahun atau lebih pada hari pemungutan suara "
            "(UU 13/1998 tentang Kesejahteraan Lanjut Usia, Pasal 1 angka 2).",
        ),
        (
            "Disabilitas",
            "Kolom DISABILITAS berisi kode jenis disabilitas (kode apa pun), sesuai berkas.",
        ),
        (
            "Umur",
            "Dihitung dari tanggal lahir pada hari pemungutan suara; bila tanggal lahir kosong, "
            "dari kolom USIA.",
        ),
    ]
    for label, value in facts:
        cell = WriteOnlyCell(about, value=label)
        cell.font = _BOLD
        about.append([cell, _safe(value)])
    for level in levels:
        stats = statistics_compute(
            snapshot=snapshot, region_code=region_code, level=level, tps_rows=tps_rows
        )
        sheet = book.create_sheet(SHEET_TITLES[level])
        columns = _columns(level)
        for index, (_, width) in enumerate(columns):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "A2"
        _header(sheet, [title for title, _ in columns])
        known = {"ages_known": stats.ages_known, "disability_known": stats.disability_known}
        for row in stats.rows:
            if level == "tps":
                place: list[object] = [row.code, row.parent_name, row.name]
                load: list[object] = [
                    maximum,
                    round(stats.load_percent(row), 1),
                    "Ya" if row.tps_over else "Tidak",
                ]
            else:
                place = [row.code, row.name] if level == "kecamatan" else [
                    row.code, row.parent_name, row.name
                ]  # fmt: skip
                load = [row.tps_count, row.tps_over, row.largest_tps]
            sheet.append([_safe(v) for v in [*place, *_counts(row, **known), *load]])
        total_label = WriteOnlyCell(sheet, value="Jumlah")
        total_label.font = _BOLD
        blanks: list[object] = [None] * (len(columns) - len(_COUNTS) - 3 - 1)
        totals = stats.totals
        tail: list[object] = (
            [None, None, None]
            if level == "tps"
            else [totals.tps_count, totals.tps_over, totals.largest_tps]
        )
        sheet.append([total_label, *blanks, *_counts(totals, **known), *tail])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
