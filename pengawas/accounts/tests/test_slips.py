"""The activation slips PDF: eight to a page, every username and code readable.

Reads the PDF back with poppler-utils (pdftotext, pdfinfo), as CI has them.
"""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from pengawas.accounts.services_activation import activation_code_new
from pengawas.accounts.slips import PER_PAGE, Slip, activation_link, date_indonesian, slips_pdf


def slips(count: int) -> list[Slip]:
    expires = timezone.now() + datetime.timedelta(days=14)
    return [
        Slip(
            authority="Bawaslu Kabupaten Blitar",
            full_name=f"Petugas Nomor {n}",
            role="Pengawas TPS (PTPS)",
            place=f"TPS {n:03d} Desa Jaten, Kec. Wonodadi",
            username=f"ptps-3505012001-{n:03d}",
            code=activation_code_new(),
            expires=expires,
        )
        for n in range(1, count + 1)
    ]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "slips.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (PER_PAGE, 1), (PER_PAGE + 1, 2), (17, 3)])
def test_page_count(count: int, pages: int, tmp_path: Path) -> None:
    assert pdf_pages(slips_pdf(slips(count)), tmp_path) == pages


def test_every_username_code_and_link_is_in_the_text(tmp_path: Path) -> None:
    made = slips(10)
    text = pdf_text(slips_pdf(made), tmp_path)
    for slip in made:
        assert slip.username in text
        assert slip.code in text
        assert activation_link(slip.code) in text
    assert "Bawaslu Kabupaten Blitar" in text
    assert "TPS 001 Desa Jaten, Kec. Wonodadi" in text
    assert "Berlaku sampai " + date_indonesian(made[0].expires) in text


def test_links_start_with_the_configured_base_url(settings: object) -> None:
    settings.PENGAWAS_BASE_URL = "https://pengawas.example.go.id"  # type: ignore[attr-defined]
    assert activation_link("ABCDEFGHJK") == "https://pengawas.example.go.id/aktivasi/ABCDEFGHJK/"


def test_dates_in_indonesian_in_jakarta_time() -> None:
    # 23:30 UTC on 8 December is already 9 December in Blitar.
    moment = datetime.datetime(2020, 12, 8, 23, 30, tzinfo=datetime.UTC)
    assert date_indonesian(moment) == "9 Desember 2020"


def test_a_long_name_is_shortened_not_spilled(tmp_path: Path) -> None:
    slip = slips(1)[0]
    long = Slip(**{**slip.__dict__, "full_name": "Raden Mas " * 12})
    text = pdf_text(slips_pdf([long]), tmp_path)
    assert "…" in text
