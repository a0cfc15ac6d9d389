"""The run's files: the XLSX (summary and findings, formulas defused, streamed) and the PDF
(A4 landscape, marked RAHASIA on every page, findings by desa with repeated headers), read
back with openpyxl, pypdf and poppler (pdftotext)."""

import io
import subprocess
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import AuditRun, Category, Finding
from pengawas.dpt_audit.report_pdf import CONFIDENTIAL, findings_pdf
from pengawas.dpt_audit.report_xlsx import defuse, findings_xlsx
from pengawas.dpt_audit.tests.runs_factory import FAR_DESA, JATEN, NIK_A, NIK_B, NKK_A, run_done
from pengawas.elections.models import Tps

pytestmark = pytest.mark.django_db


def test_defuse() -> None:
    assert defuse("=1+1") == "'=1+1"
    assert [defuse(text) for text in ("+62", "-x", "@SUM(A1)", "\tx")] == [
        "'+62", "'-x", "'@SUM(A1)", "'\tx"
    ]  # fmt: skip
    assert defuse("SITI") == "SITI" and defuse(12) == 12 and defuse("") == ""


def _xlsx(run: AuditRun) -> bytes:
    out = io.BytesIO()
    findings_xlsx(run=run, out=out)
    return out.getvalue()


def test_the_spreadsheet(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter)
    book = load_workbook(io.BytesIO(_xlsx(run)))
    assert book.sheetnames == ["Ringkasan", "Temuan"]
    summary = [row for row in book["Ringkasan"].iter_rows(values_only=True)]
    assert ("Pemilihan", "Pemilihan Bupati dan Wakil Bupati Blitar 2020") in [
        r[:2] for r in summary
    ]
    by_code = {row[0]: row for row in summary if row[0] in Category.values}
    assert list(by_code) == list(Category.values)
    assert by_code["DUPLICATE_NIK"][3] == 2 and by_code["NIK_FORMAT"][3] == 0
    assert "Pasal 56" in by_code["DUPLICATE_NIK"][2]  # the legal ground
    assert "1 (satu) kali" in by_code["DUPLICATE_NIK"][1]  # the explanation
    assert ("Jumlah temuan", None, None, 5) in summary
    assert ("NIK_REGION", "Tabel wilayah nasional belum dimuat.") in [r[:2] for r in summary]

    rows = list(book["Temuan"].iter_rows(values_only=True))
    assert rows[0] == (
        "Kategori", "NIK", "NKK", "Nama", "Baris berkas", "TPS", "Desa/Kelurahan",
        "Kecamatan", "Kelompok", "Keterangan",
    )  # fmt: skip
    findings = rows[1:]
    assert len(findings) == 5
    duplicates = [row for row in findings if "(DUPLICATE_NIK)" in row[0]]
    assert [(row[1], row[2], row[3], row[6], row[7], row[8]) for row in duplicates] == [
        (NIK_A, NKK_A, "SITI AMINAH", "Jaten", "Wonodadi", "DUPLICATE_NIK:1"),
        (NIK_A, NKK_A, "SITI AMINAH", "Salam", "Wonodadi", "DUPLICATE_NIK:1"),
    ]
    assert isinstance(duplicates[0][4], int) and duplicates[0][5] == "TPS 001"
    (young,) = [row for row in findings if row[1] == NIK_B]
    assert young[3] == '\'=HYPERLINK("http://x")'  # text, not a formula
    assert (young[6], young[7]) == ("Jati", "Udanawu")
    (family,) = [row for row in findings if "(FAMILY_SPLIT)" in row[0]]
    assert (family[1], family[2], family[3]) == (None, NKK_A, None)
    # No cell of the workbook is a formula.
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def _tps_findings(run: AuditRun, count: int) -> None:
    tps = Tps.objects.get(election=run.snapshot.election, village_id=JATEN, number=1)
    Finding.objects.bulk_create(
        Finding(run=run, category=Category.TPS_OVER_CAPACITY, tps=tps, village_id=JATEN,
                detail=f"Temuan nomor {number}: 512 pemilih terdaftar di TPS ini, melebihi batas 500 pemilih per TPS.")
        for number in range(count)
    )  # fmt: skip


def test_the_spreadsheet_streams(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> None:
    """Four times the findings, not four times the memory: rows are read in chunks and
    written as they come."""
    run = run_done(snapshot=snapshot, make_voter=make_voter)
    peaks = []
    for count in (3_000, 9_000):
        _tps_findings(run, count)
        tracemalloc.start()
        size = len(_xlsx(run))
        peaks.append(tracemalloc.get_traced_memory()[1] - size)
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 2, peaks


def _pdf(run: AuditRun, tmp_path: Path) -> Path:
    out = io.BytesIO()
    findings_pdf(run=run, out=out)
    path = tmp_path / "audit.pdf"
    path.write_bytes(out.getvalue())
    return path


def test_the_pdf(snapshot: Snapshot, make_voter: Callable[..., Voter], tmp_path: Path) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter, extra_underage=90)
    path = _pdf(run, tmp_path)
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")[: len(reader.pages)]
    for number, page_text in enumerate(pages, start=1):
        assert CONFIDENTIAL in page_text and f"Halaman {number}" in page_text
    first = pages[0]
    assert "Hasil Audit Daftar Pemilih" in first
    assert "Pemilihan Bupati dan Wakil Bupati Blitar 2020" in first
    assert "WIB" in first and "Seluruh daftar" in first
    assert "Tabel wilayah nasional belum dimuat." in text
    assert "Jaten, Kec. Wonodadi" in text and "Jati, Kec. Udanawu" in text
    assert NIK_A in text and NIK_B in text and NKK_A in text
    # The findings of Jaten run over more than one page; the table's header repeats.
    assert sum("Keterangan" in page_text and "Kelompok" in page_text for page_text in pages) >= 2
    assert text.count("ANAK KE") == 90


def test_the_pdf_of_a_clean_list(
    snapshot: Snapshot, make_voter: Callable[..., Voter], tmp_path: Path
) -> None:
    run = AuditRun.objects.create(snapshot=snapshot, status="done", summary={})
    text = subprocess.run(
        ["pdftotext", str(_pdf(run, tmp_path)), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Tidak ada temuan." in text and CONFIDENTIAL in text
    assert FAR_DESA not in text
