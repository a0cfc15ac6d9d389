"""pengawas users_import FILE.csv [--election CODE] [--slips OUT.pdf]"""

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps

HEADER = "nama;telepon;peran;kode\n"


@pytest.fixture
def csv_path(tmp_path: Path, election: Election) -> Path:
    Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)
    path = tmp_path / "petugas.csv"
    path.write_text(
        HEADER + "Siti Aminah;081234567801;ptps;35.05.01.2001/001\n"
        "Agus;081234567802;pkd;35.05.01.2001\n",
        encoding="utf-8",
    )
    return path


def test_imports_and_writes_the_slips(
    csv_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slips = tmp_path / "slip.pdf"
    call_command(
        "users_import", str(csv_path), "--election", "pilbup-blitar-2020", "--slips", str(slips)
    )
    out = capsys.readouterr().out
    assert "2 akun dibuat (pkd 1, ptps 1)" in out
    assert str(slips) in out
    assert slips.stat().st_mode & 0o777 == 0o600
    text = subprocess.run(
        ["pdftotext", str(slips), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "ptps-3505012001-001" in text and "pkd-3505012001" in text
    assert User.objects.get(username="ptps-3505012001-001").assignments.get().role == Role.PTPS


def test_slips_default_beside_the_file(csv_path: Path) -> None:
    call_command("users_import", str(csv_path))
    assert csv_path.with_suffix(".slip-aktivasi.pdf").is_file()


def test_bad_rows_stop_the_import_with_line_numbers(
    csv_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write("Budi;0812;pkd;35.05.01.2002\n")
    with pytest.raises(CommandError, match="Tidak ada akun yang dibuat: 1 kesalahan dalam 3 baris"):
        call_command("users_import", str(csv_path))
    assert "Baris 4: nomor telepon" in capsys.readouterr().err
    assert not User.objects.filter(username__startswith="pkd-").exists()
    assert not csv_path.with_suffix(".slip-aktivasi.pdf").exists()


def test_unknown_election_and_missing_file(csv_path: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("users_import", str(csv_path), "--election", "pemilu-1955")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("users_import", str(tmp_path / "tidak-ada.csv"))
