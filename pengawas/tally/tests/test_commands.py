"""tally_check and tally_candidates from the command line."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pengawas.elections.models import Election
from pengawas.tally.models import Candidate
from pengawas.tally.tests.sheets import sheet


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "c-hasil.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_tally_check_prints_findings_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        sheet(suara__paslon__1=101, surat_suara__diterima=206, surat_suara__tidak_digunakan=26),
    )
    call_command("tally_check", str(path), "--format", "json")  # returns: exit code 0
    out = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"]) for f in out["findings"]] == [
        ("VOTES_SUM", "error"),
        ("RESERVE_BALLOTS", "warning"),
    ]
    assert set(out["findings"][0]) == {"code", "severity", "message"}


def test_tally_check_agreeing_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("tally_check", str(write(tmp_path, sheet())), "--format", "json")
    assert json.loads(capsys.readouterr().out) == {"findings": []}
    call_command("tally_check", str(write(tmp_path, sheet())))
    assert "Tidak ada temuan" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [("{bukan json", "bukan JSON yang sah"), ("[1, 2]", "harus berisi satu objek JSON")],
)
def test_tally_check_refuses_unreadable_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rusak.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("tally_check", str(path), "--format", "json")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("tally_check", str(tmp_path / "tidak-ada.json"))


def test_tally_candidates_adds_and_renames(
    election: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command(
        "tally_candidates",
        "--election",
        election.code,
        "--add",
        "1:Rijanto - Marhaenis",
        "--add",
        "2:Rini - Rahmat",
    )
    call_command(
        "tally_candidates", "--election", election.code, "--add", "2:Rini Syarifah - Rahmat Santoso"
    )
    assert list(Candidate.objects.values_list("number", "name")) == [
        (1, "Rijanto - Marhaenis"),
        (2, "Rini Syarifah - Rahmat Santoso"),
    ]
    assert capsys.readouterr().out.splitlines()[-1] == "2. Rini Syarifah - Rahmat Santoso"


@pytest.mark.django_db
def test_tally_candidates_refuses_bad_input(election: Election) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("tally_candidates", "--election", "tidak-ada", "--add", "1:X")
    with pytest.raises(CommandError, match="NOMOR:NAMA"):
        call_command("tally_candidates", "--election", election.code, "--add", "satu:X")
    with pytest.raises(CommandError, match="positif"):
        call_command("tally_candidates", "--election", election.code, "--add", "0:X")
    assert not Candidate.objects.exists()
