"""The findings of a saran perbaikan as a spreadsheet (openpyxl, write-only: rows streamed).

One sheet "Temuan" with the same rows as the letter's lampiran (desa by desa), full NIK
included (a document between election bodies, marked RAHASIA in its first row), and a
sheet "Ringkasan" with the letter's number, date and the count per category.
"""

from __future__ import annotations

import io
from collections import Counter

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pengawas.dpt_audit import saran

HEADERS = (
    "No",
    "Kecamatan",
    "Desa/Kelurahan",
    "TPS",
    "Kode kategori",
    "Kategori",
    "NIK/NKK",
    "Nama",
    "Keterangan",
)
WIDTHS = (6, 16, 20, 9, 20, 22, 22, 28, 70)


def _bold_row(sheet: WriteOnlyWorksheet, values: tuple[str, ...]) -> None:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def findings_xlsx(letter: saran.Letter) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Temuan")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([f"RAHASIA - lampiran surat {letter.issuer.short_name} nomor {letter.number}"])
    _bold_row(sheet, HEADERS)
    number = 0
    for group in letter.annex:
        for row in group.rows:
            number += 1
            # NIKs stay text (a number cell would lose the leading digits' meaning and
            # print 3.50501E+15).
            nik = f"{row.nik_label} {row.nik}".strip()
            sheet.append(
                [
                    number,
                    group.kecamatan,
                    group.desa,
                    row.tps,
                    row.category,
                    saran.CATEGORY_SHORT.get(row.category, row.category),
                    nik,
                    row.name,
                    row.detail,
                ]
            )
    summary = book.create_sheet("Ringkasan")
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    summary.append(["Nomor surat", letter.number])
    summary.append(["Tanggal", saran.date_id(letter.day)])
    summary.append(["Kepada", letter.addressee])
    summary.append(["Hal", letter.hal])
    summary.append(["Pemilihan", letter.election_name])
    summary.append(["Daftar pemilih", letter.snapshot_label])
    summary.append([])
    _bold_row(summary, ("Kategori", "Jumlah temuan"))
    counts = Counter(row.category for group in letter.annex for row in group.rows)
    for category in saran.categories_ordered(counts):
        summary.append([saran.CATEGORY_SHORT.get(category, category), counts[category]])
    summary.append(["Jumlah", sum(counts.values())])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
