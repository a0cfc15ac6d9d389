"""`pengawas dpt_audit`: the run, its JSON, its summary, the audit trail, and its errors."""

import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit.models import AuditRun, Status
from pengawas.elections.models import Election
from pengawas.elections.services import election_create

ELECTION = "pilbup-blitar-2020"


def run_command(*args: str, **options: Any) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("dpt_audit", *args, stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.fixture
def listed(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> Snapshot:
    """Two voters, one with a NIK a digit short, one in Udanawu without an NKK."""
    make_voter(
        name="SUTRISNO",
        nik="350501120580001",
        nkk="3505010101100001",
        birth_date=datetime.date(1980, 5, 12),
        sex="L",
        marital_status="S",
        address="DSN KRAJAN",
    )
    make_voter(
        name="SUMARNI",
        nik="3505024101700001",
        nkk="",
        village="35.05.02.2001",
        birth_date=datetime.date(1970, 1, 1),
        sex="P",
        marital_status="S",
        address="DSN KRAJAN",
    )
    return snapshot


def test_json_output_summary_and_audit_trail(listed: Snapshot, tmp_path: Path) -> None:
    output = tmp_path / "temuan.json"
    text = run_command("--election", ELECTION, "--format", "json", "--output", str(output))
    run = AuditRun.objects.get()
    assert run.status == Status.DONE
    assert run.snapshot == listed
    assert run.requested_by_name  # the operating-system account
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["election"] == ELECTION
    assert [f["category"] for f in data["findings"]] == ["NIK_FORMAT", "NKK_FORMAT"]
    assert data["findings"][0]["nik"] == "350501120580001"
    assert text.startswith(f"Audit #{run.pk}: 2 pemilih diperiksa dalam ")
    assert "  NIK_FORMAT                  1  NIK tidak 16 digit" in text
    assert "  jumlah                      2" in text
    entry = AuditEntry.objects.get(action=Action.DPT_AUDIT_RUN)
    assert entry.target_id == str(run.pk)
    assert entry.detail["findings"] == 2
    assert entry.detail["region"] is None
    assert "350501120580001" not in json.dumps(entry.detail)


def test_default_snapshot_is_the_latest_dpt(
    election: Election, listed: Snapshot, tmp_path: Path
) -> None:
    later_dps = snapshot_for_test(election, stage="DPS")
    run_command("--election", ELECTION, "--format", "json", "--output", str(tmp_path / "a"))
    assert AuditRun.objects.get().snapshot == listed
    run_command(
        "--election", ELECTION, "--snapshot", str(later_dps.pk), "--format", "json",
        "--output", str(tmp_path / "b"),
    )  # fmt: skip
    assert AuditRun.objects.order_by("-pk").first().snapshot == later_dps  # type: ignore[union-attr]


def test_without_a_dpt_the_latest_snapshot(election: Election, tmp_path: Path) -> None:
    dps = snapshot_for_test(election, stage="DPS")
    run_command("--election", ELECTION, "--format", "json", "--output", str(tmp_path / "a"))
    assert AuditRun.objects.get().snapshot == dps


def test_a_kecamatan(listed: Snapshot, tmp_path: Path) -> None:
    output = tmp_path / "udanawu.json"
    text = run_command(
        "--election", ELECTION, "--region", "35.05.02", "--format", "json",
        "--output", str(output),
    )  # fmt: skip
    run = AuditRun.objects.get()
    assert run.region_id == "35.05.02"
    assert "1 pemilih diperiksa" in text
    data = json.loads(output.read_text(encoding="utf-8"))
    assert [f["category"] for f in data["findings"]] == ["NKK_FORMAT"]
    assert AuditEntry.objects.get(action=Action.DPT_AUDIT_RUN).detail["region"] == "35.05.02"


def test_rules_not_run_are_reported(election: Election, tmp_path: Path) -> None:
    snapshot_for_test(election, fields=["name", "sex", "age", "address", "rt", "rw", "remark"])
    output = tmp_path / "tujuh-kolom.json"
    text = run_command("--election", ELECTION, "--format", "json", "--output", str(output))
    assert "tidak dijalankan: NIK_FORMAT: Kolom NIK tidak ada dalam berkas" in text
    data = json.loads(output.read_text(encoding="utf-8"))
    assert {"category": "NIK_FORMAT", "reason": "Kolom NIK tidak ada dalam berkas daftar "
            "pemilih ini"} in data["rules_not_run"]  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--election", "tidak-ada"], "Pemilihan dengan kode 'tidak-ada' tidak ditemukan"),
        (["--election", ELECTION, "--snapshot", "999999"], "(snapshot) #999999 tidak ada"),
        (["--election", ELECTION, "--region", "35.05.99"], "Kecamatan dengan kode '35.05.99'"),
        (["--election", ELECTION, "--region", "35.05.01.2001"], "tidak ditemukan"),
    ],
)
def test_clear_errors(listed: Snapshot, tmp_path: Path, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_command(*arguments, "--format", "json", "--output", str(tmp_path / "x.json"))
    assert not AuditRun.objects.exists()


def test_a_kecamatan_outside_the_election(listed: Snapshot, tmp_path: Path) -> None:
    from pengawas.regions.models import Region

    Region.objects.create(code="35.71", name="Kota Kediri", level="kota", parent_id="35")
    Region.objects.create(code="35.71.01", name="Mojoroto", level="kecamatan", parent_id="35.71")
    with pytest.raises(CommandError, match="tidak termasuk wilayah pemilihan"):
        run_command(
            "--election", ELECTION, "--region", "35.71.01", "--format", "json",
            "--output", str(tmp_path / "x.json"),
        )  # fmt: skip


def test_an_election_without_a_list(blitar: object, tmp_path: Path) -> None:
    election_create(
        code="pilbup-kosong",
        name="Tanpa daftar",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2020, 12, 9),
        max_voters_per_tps=500,
    )
    with pytest.raises(CommandError, match="belum punya daftar pemilih"):
        run_command(
            "--election", "pilbup-kosong", "--format", "json", "--output", str(tmp_path / "x")
        )


def test_an_unwritable_output_is_refused_before_the_run(listed: Snapshot, tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada" / "temuan.json"
    with pytest.raises(CommandError, match="Berkas keluaran tidak dapat ditulis"):
        run_command("--election", ELECTION, "--format", "json", "--output", str(missing))
    with pytest.raises(CommandError, match="Berkas keluaran tidak dapat ditulis"):
        run_command("--election", ELECTION, "--format", "json", "--output", str(tmp_path))
    assert not AuditRun.objects.exists()


def test_xlsx_and_pdf_outputs(listed: Snapshot, tmp_path: Path) -> None:
    import openpyxl
    from pypdf import PdfReader

    xlsx = tmp_path / "temuan.xlsx"
    run_command("--election", ELECTION, "--format", "xlsx", "--output", str(xlsx))
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    rows = [
        [str(cell) for cell in row if cell is not None]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    assert any("NIK_FORMAT" in " ".join(row) for row in rows)
    assert any("350501120580001" in " ".join(row) for row in rows)

    pdf = tmp_path / "temuan.pdf"
    run_command("--election", ELECTION, "--format", "pdf", "--output", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "RAHASIA" in text
    assert "NIK_FORMAT" in text or "NIK tidak 16 digit" in text
