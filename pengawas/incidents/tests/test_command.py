"""`pengawas ulang_check FILE.json --format json` from the command line."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path: Path, data: Any, *args: str) -> str:
    path = tmp_path / "kejadian.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_prints_the_issues_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = run(
        tmp_path,
        {
            "election_kind": "pilkada",
            "incidents": [
                {"code": "VOTED_MORE_THAN_ONCE", "count": 2},
                {"code": "COUNT_POOR_LIGHT", "count": None},
            ],
        },
    )
    call_command("ulang_check", path, "--format", "json")
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"recount", "revote"}
    assert answer["revote"]["grounded"] is True
    assert answer["revote"]["grounds"][0]["code"] == "VOTED_MORE_THAN_ONCE"
    assert "Pasal 112 ayat (2) huruf d" in answer["revote"]["grounds"][0]["basis"]
    assert answer["recount"]["grounded"] is True
    assert "Pasal 113 ayat (2) huruf b" in answer["recount"]["grounds"][0]["basis"]


def test_the_same_file_answers_differently_for_pemilu(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incidents = [{"code": "NO_KTP_UNREGISTERED_VOTED", "count": 1}]
    call_command("ulang_check", run(tmp_path, {"election_kind": "pilkada", "incidents": incidents}))
    assert json.loads(capsys.readouterr().out)["revote"]["grounded"] is False
    call_command("ulang_check", run(tmp_path, {"election_kind": "pemilu", "incidents": incidents}))
    assert json.loads(capsys.readouterr().out)["revote"]["grounded"] is True


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = run(tmp_path, {"election_kind": "pilkada", "incidents": [{"code": "COUNT_UNREST"}]})
    call_command("ulang_check", path, "--format", "teks")
    out = capsys.readouterr().out
    assert "Penghitungan suara ulang: tidak ada dasar" in out
    assert "- COUNT_UNREST" in out and "Pasal 112 ayat (1)" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"election_kind": "pilpres", "incidents": []}, "Jenis pemilihan tidak dikenal"),
        ({"election_kind": "pilkada", "incidents": [{"code": "X"}]}, "Kode kejadian tidak dikenal"),
        (
            {
                "election_kind": "pemilu",
                "incidents": [{"code": "VOTED_MORE_THAN_ONCE", "count": -1}],
            },
            "harus bilangan bulat 1 atau lebih",
        ),
        ({"election_kind": "pemilu"}, "Daftar kejadian harus berupa list"),
        ([], "Isi berkas harus objek"),
        ("{bukan json", "bukan JSON yang sah"),
    ],
)
def test_refusals_in_indonesian(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("ulang_check", run(tmp_path, data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("ulang_check", str(tmp_path / "tidak-ada.json"))


def test_the_console_script_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    path = run(tmp_path, {"election_kind": "x", "incidents": []})
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pengawas"), "ulang_check", path, "--format", "json"],
        capture_output=True,
        text=True,
        env={"PENGAWAS_DEMO": "1", "PENGAWAS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 1
    assert "Jenis pemilihan tidak dikenal" in done.stderr
