"""The findings of one audit run as a spreadsheet (XLSX): a summary sheet and a findings sheet.

Written with openpyxl's write-only mode, rows streamed from the database in chunks, so a run
with 100,000 findings takes no more memory than one with ten. The file carries full NIK and
NKK: it is made on demand for Bawaslu and each download is recorded (views.run_download).
Text that a spreadsheet would read as a formula (= + - @ at the start) is written with a
leading apostrophe, so a name or a remark in the list cannot run anything when opened.
"""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pengawas.dpt_audit.models import AuditRun, Category, Finding
from pengawas.dpt_audit.services import findings_iter, run_summary

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
_WRAP = Alignment(wrap_text=True, vertical="top")

FINDING_COLUMNS = (
    ("Kategori", 22),
    ("NIK", 19),
    ("NKK", 19),
    ("Nama", 28),
    ("Baris berkas", 10),
    ("TPS", 9),
    ("Desa/Kelurahan", 20),
    ("Kecamatan", 18),
    ("Kelompok", 22),
    ("Keterangan", 70),
)


def defuse(value: object) -> object:
    """A cell value that cannot be a formula: text starting like one gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _header(sheet: WriteOnlyWorksheet, titles: list[str]) -> None:
    row = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        row.append(cell)
    sheet.append(row)


def finding_values(finding: Finding) -> list[object]:
    """One finding as the findings sheet (and the PDF) lists it."""
    voter = finding.voter
    village = finding.village or (finding.tps.village if finding.tps else None)
    return [
        finding.category,
        voter.nik if voter is not None else "",
        voter.nkk if voter is not None else finding.nkk,
        voter.name if voter is not None else "",
        finding.source_line if finding.source_line is not None else "",
        finding.tps.label if finding.tps is not None else "",
        village.name if village is not None else "",
        village.parent.name if village is not None and village.parent is not None else "",
        finding.group,
        finding.detail,
    ]


def findings_xlsx(*, run: AuditRun, out: BinaryIO) -> None:
    """Write the run's findings as an XLSX workbook to `out`."""
    snapshot = run.snapshot
    election = snapshot.election
    book = Workbook(write_only=True)

    summary = book.create_sheet("Ringkasan")
    for letter, width in zip("ABCD", (24, 60, 50, 10), strict=True):
        summary.column_dimensions[letter].width = width
    summary.append(["Audit DPT", f"#{run.pk}"])
    summary.append(["Pemilihan", defuse(election.name)])
    summary.append(
        ["Daftar pemilih", defuse(f"{snapshot.stage} · {snapshot.source_name} (#{snapshot.pk})")]
    )
    summary.append(["Wilayah", defuse(run.region.name) if run.region else "Seluruh daftar"])
    summary.append(["Pemilih diperiksa", run.voters_checked])
    finished = timezone.localtime(run.finished_at or run.created_at)
    summary.append(["Selesai", finished.strftime("%d-%m-%Y %H:%M WIB")])
    summary.append(["", "RAHASIA — berisi data pribadi pemilih. Jangan disebarluaskan."])
    summary.append([])
    _header(summary, ["Kategori", "Penjelasan", "Dasar hukum", "Jumlah"])
    total = 0
    for row in run_summary(run=run):
        total += row.count
        summary.append(
            [
                row.info.code,
                defuse(row.info.explanation or row.info.label),
                defuse(row.info.basis),
                row.count,
            ]
        )
    summary.append(["Jumlah temuan", "", "", total])
    if run.rules_not_run:
        summary.append([])
        _header(summary, ["Aturan tidak dijalankan", "Alasan"])
        for item in run.rules_not_run:
            summary.append(
                [defuse(str(item.get("category", ""))), defuse(str(item.get("reason", "")))]
            )

    sheet = book.create_sheet("Temuan")
    for index, (_title, width) in enumerate(FINDING_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    _header(sheet, [title for title, _width in FINDING_COLUMNS])
    labels = {code: str(label) for code, label in Category.choices}
    for finding in findings_iter(run=run):
        values = finding_values(finding)
        values[0] = labels.get(finding.category, finding.category) + f" ({finding.category})"
        detail = WriteOnlyCell(sheet, value=defuse(values[-1]))
        detail.alignment = _WRAP
        sheet.append([defuse(value) for value in values[:-1]] + [detail])
    book.save(out)
