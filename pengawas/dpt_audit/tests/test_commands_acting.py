"""`pengawas dpt_saran`, `dpt_compare` and `dpt_statistics`: the web's services from the
command line, their files, summaries, audit trail and refusals."""

import csv
import datetime
import io
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pengawas.accounts.roles import Role
from pengawas.archive.models import Record
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit.management.commands import dpt_compare
from pengawas.dpt_audit.models import AuditRun, Category, Status
from pengawas.dpt_audit.tests.saran_factories import finding_for, run_done, sample_findings
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

ELECTION = "pilbup-blitar-2020"
NIK_DUP = "3505014107800001"  # sample_findings' duplicate pair


def run_command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


# dpt_saran ------------------------------------------------------------------------------


@pytest.fixture
def saran_run(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> AuditRun:
    run = run_done(snapshot, checked=1234)
    sample_findings(run, make_voter)
    return run


def saran(*args: str) -> str:
    return run_command("dpt_saran", *args)


def test_saran_without_archive_key(
    saran_run: AuditRun, supervisor: User, tmp_path: Path, settings: Any
) -> None:
    settings.ARCHIVE_KEY = ""
    folder = tmp_path / "surat"
    text = saran(
        "--run", str(saran_run.pk), "--user", "pengawas", "--date", "2020-10-01",
        "--signer", "Abdul Hakam", "--output-dir", str(folder),
    )  # fmt: skip
    pdf = folder / f"saran-perbaikan-audit-{saran_run.pk}.pdf"
    xlsx = folder / f"saran-perbaikan-audit-{saran_run.pk}-temuan.xlsx"
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    assert _private(pdf) and _private(xlsx)
    assert f"  surat (PDF):   {pdf}" in text and f"  temuan (XLSX): {xlsx}" in text
    assert text.startswith(f"Saran perbaikan dari audit #{saran_run.pk}: 6 temuan, nomor surat ")
    assert "Tidak diarsipkan: " in text and "PENGAWAS_ARCHIVE_KEY" in text
    assert "  DUPLICATE_NIK               2  NIK ganda" in text
    assert "  UNDERAGE                    1  " in text
    assert not Record.objects.exists()
    created = AuditEntry.objects.get(action=Action.SARAN_PERBAIKAN_CREATED)
    assert created.actor_id == User.objects.get(username="pengawas").pk
    assert created.target_id == str(saran_run.pk)
    assert created.detail["findings"] == 6 and created.detail["archived"] is False
    exported = AuditEntry.objects.filter(action=Action.DPT_AUDIT_EXPORTED)
    assert sorted(e.detail["document"] for e in exported) == ["saran-pdf", "saran-xlsx"]
    for entry in AuditEntry.objects.all():
        assert NIK_DUP not in json.dumps(entry.detail)
    sheet = load_workbook(xlsx, read_only=True)
    cells = {
        str(c) for ws in sheet.worksheets for row in ws.iter_rows(values_only=True) for c in row
    }
    assert NIK_DUP in cells  # the spreadsheet carries the full NIK


def test_saran_archived_with_a_key_and_a_selection(
    saran_run: AuditRun, supervisor: User, tmp_path: Path, archive_key: str
) -> None:
    text = saran(
        "--run", str(saran_run.pk), "--user", "pengawas", "--category", "DUPLICATE_NIK",
        "--category", "UNDERAGE", "--desa", "35.05.01.2001",
        "--addressee", "Ketua KPU Kabupaten Blitar di Kanigoro", "--output-dir", str(tmp_path),
    )  # fmt: skip
    record = Record.objects.get()
    assert f"Diarsipkan: arsip #{record.pk}" in text and ", 2 berkas" in text
    assert record.files.count() == 2
    assert "  DUPLICATE_NIK               2  NIK ganda" in text
    assert "UNDERAGE" not in text  # the underage voter lives in another desa
    assert ": 2 temuan," in text
    entry = AuditEntry.objects.get(action=Action.SARAN_PERBAIKAN_CREATED)
    assert entry.detail["record"] == record.pk and entry.detail["archived"] is True


def test_saran_by_a_panwascam_over_their_kecamatan(
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.ARCHIVE_KEY = ""
    run = run_done(snapshot, region=Region.objects.get(code="35.05.01"))
    sample_findings(run, make_voter)
    make_user(Role.PANWASCAM, username="wonodadi")
    text = saran("--run", str(run.pk), "--user", "wonodadi", "--output-dir", str(tmp_path))
    assert "6 temuan" in text
    assert AuditEntry.objects.filter(action=Action.SARAN_PERBAIKAN_CREATED).count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown user", "Pengguna 'siapa' tidak ada"),
        ("no assignment", "tidak aktif atau tidak punya penugasan"),
        ("pkd", "tidak boleh membuat saran perbaikan DPT"),
        ("panwascam, kabupaten run", "tidak ada atau di luar wilayah pengguna ini"),
        ("unknown run", "tidak ada atau di luar wilayah pengguna ini"),
        ("not done", "Audit ini belum selesai"),
        ("nothing selected", "Tidak ada temuan yang dipilih."),
        ("unknown desa", "Desa dengan kode '35.05.01.9999' tidak ditemukan"),
        ("bad date", "Tanggal surat '01-10-2020' tidak terbaca"),
        ("absurd date", "Tanggal surat tidak masuk akal."),
        ("long addressee", "--addressee terlalu panjang"),
        ("file exists", "sudah ada; pilih folder lain"),
        ("folder is a file", "tidak dapat dibuat"),
    ],
)
def test_saran_refusals(
    case: str,
    message: str,
    saran_run: AuditRun,
    make_user: Callable[..., User],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.ARCHIVE_KEY = ""
    make_user(Role.SEKRETARIAT, username="pengawas")
    make_user(Role.PKD, username="pkd")
    make_user(Role.PANWASCAM, username="wonodadi")
    User.objects.create_user("tanpa-peran")
    folder = tmp_path / "surat"
    options = {"--run": str(saran_run.pk), "--user": "pengawas", "--output-dir": str(folder)}
    extra: list[str] = []
    if case == "unknown user":
        options["--user"] = "siapa"
    elif case == "no assignment":
        options["--user"] = "tanpa-peran"
    elif case == "pkd":
        options["--user"] = "pkd"
    elif case == "panwascam, kabupaten run":
        options["--user"] = "wonodadi"
    elif case == "unknown run":
        options["--run"] = str(saran_run.pk + 100)
    elif case == "not done":
        AuditRun.objects.filter(pk=saran_run.pk).update(status=Status.RUNNING)
    elif case == "nothing selected":
        extra = ["--category", Category.NIK_SEX]
    elif case == "unknown desa":
        extra = ["--desa", "35.05.01.9999"]
    elif case == "bad date":
        extra = ["--date", "01-10-2020"]
    elif case == "absurd date":
        extra = ["--date", "1945-08-17"]
    elif case == "long addressee":
        extra = ["--addressee", "K" * 201]
    elif case == "file exists":
        folder.mkdir()
        (folder / f"saran-perbaikan-audit-{saran_run.pk}.pdf").write_bytes(b"surat lama")
    elif case == "folder is a file":
        folder.write_text("bukan folder")
    arguments = [part for pair in options.items() for part in pair] + extra
    with pytest.raises(CommandError, match=message):
        saran(*arguments)
    assert not AuditEntry.objects.filter(
        action__in=[Action.SARAN_PERBAIKAN_CREATED, Action.DPT_AUDIT_EXPORTED]
    ).exists()
    if case != "file exists":
        assert not folder.is_dir() or not any(folder.iterdir())


def test_saran_unknown_category_is_refused(saran_run: AuditRun, supervisor: User) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        saran("--run", str(saran_run.pk), "--user", "pengawas", "--category", "X",
              "--output-dir", "/tmp")  # fmt: skip


# dpt_compare ----------------------------------------------------------------------------

BORN = datetime.date(1980, 7, 1)


@pytest.fixture
def lists(election: Election, make_voter: Callable[..., Voter]) -> tuple[Snapshot, Snapshot]:
    """A DPS and a DPT: one voter unchanged, one removed, one added (a name that would be a
    formula), one moved to TPS 002, one with a new address, one removed in Udanawu."""
    dps = snapshot_for_test(election, stage="DPS")
    dpt = snapshot_for_test(election, stage="DPT")
    same: dict[str, Any] = {"birth_date": BORN, "sex": "P", "address": "DUSUN KRAJAN"}
    for snap in (dps, dpt):
        make_voter(name="SITI AMINAH", nik="3505014107800001", snapshot=snap, **same)
    make_voter(name="ADI", nik="3505010101800002", snapshot=dps, **same)
    make_voter(name="=BUDI", nik="3505010101800003", snapshot=dpt, **same)
    make_voter(name="CITRA", nik="3505014101800004", snapshot=dps, **same)
    make_voter(name="CITRA", nik="3505014101800004", snapshot=dpt, tps=2, **same)
    make_voter(name="DEWI", nik="3505014101800005", snapshot=dps, **same)
    make_voter(name="DEWI", nik="3505014101800005", snapshot=dpt, **{**same, "address": "RT 2"})
    make_voter(name="FAJAR", village="35.05.02.2001", nik="3505020101800006", snapshot=dps, **same)
    return dps, dpt


def compare_args(dps: Snapshot, dpt: Snapshot, output: Path, *extra: str) -> list[str]:
    return ["--election", ELECTION, "--from", str(dps.pk), "--to", str(dpt.pk),
            "--output", str(output), *extra]  # fmt: skip


def test_compare_json_with_follow_up(
    lists: tuple[Snapshot, Snapshot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dpt_compare, "CHUNK", 1)  # every row its own query: the walk is tested
    dps, dpt = lists
    adi = Voter.objects.get(snapshot=dps, name="ADI")
    dewi_dps = Voter.objects.get(snapshot=dps, name="DEWI")
    dewi_dpt = Voter.objects.get(snapshot=dpt, name="DEWI")
    budi = Voter.objects.get(snapshot=dpt, name="=BUDI")
    earlier, later = run_done(dps), run_done(dpt)
    finding_for(earlier, adi, Category.UNDERAGE)  # fixed: ADI is gone
    finding_for(earlier, dewi_dps, Category.INCOMPLETE)  # still open
    finding_for(later, dewi_dpt, Category.INCOMPLETE)
    finding_for(later, budi, Category.NIK_SEX)  # new
    output = tmp_path / "banding.json"
    text = run_command("dpt_compare", *compare_args(dps, dpt, output))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert _private(output)
    assert data["from"]["id"] == dps.pk and data["to"]["id"] == dpt.pk
    assert (data["added"], data["removed"], data["changed"]) == (1, 2, 2)
    assert data["findings"] == {
        "INCOMPLETE": {"fixed": 0, "open": 1, "new": 0},
        "NIK_SEX": {"fixed": 0, "open": 0, "new": 1},
        "UNDERAGE": {"fixed": 1, "open": 0, "new": 0},
    }
    assert data["audit_runs"] == {"from": earlier.pk, "to": later.pk}
    voters = {(v["kind"], v["name"]): v for v in data["voters"]}
    assert sorted(voters) == [
        ("added", "=BUDI"), ("changed", "CITRA"), ("changed", "DEWI"),
        ("removed", "ADI"), ("removed", "FAJAR"),
    ]  # fmt: skip
    citra = voters["changed", "CITRA"]
    assert citra["nik"] == "3505014101800004"  # full: an internal export
    assert (citra["tps_before"], citra["tps_after"]) == ("TPS 001 Jaten", "TPS 002 Jaten")
    assert citra["fields_changed"] == ["TPS"]
    assert voters["changed", "DEWI"]["fields_changed"] == ["Alamat"]
    assert voters["added", "=BUDI"]["tps_before"] is None
    assert voters["removed", "FAJAR"]["tps_before"] == "TPS 001 Jati"
    assert "  bertambah        1" in text and "  terhapus         2" in text
    assert f"(audit #{earlier.pk} → #{later.pk})" in text
    assert "  UNDERAGE                  1      0      0" in text
    entry = AuditEntry.objects.get(action=Action.DPT_AUDIT_EXPORTED)
    assert entry.detail["document"] == "perbandingan" and entry.detail["removed"] == 2
    assert "3505014101800004" not in json.dumps(entry.detail)


def test_compare_csv_in_a_kecamatan(lists: tuple[Snapshot, Snapshot], tmp_path: Path) -> None:
    dps, dpt = lists
    output = tmp_path / "banding.csv"
    text = run_command(
        "dpt_compare", *compare_args(dps, dpt, output, "--format", "csv", "--region", "35.05.01")
    )
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets then read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == dpt_compare.CSV_HEADER
    body = sorted((r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows[1:])
    assert body == [
        ("hapus", "3505010101800002", "ADI", "TPS 001 Jaten", "", ""),
        ("tambah", "3505010101800003", "'=BUDI", "", "TPS 001 Jaten", ""),
        ("ubah", "3505014101800004", "CITRA", "TPS 001 Jaten", "TPS 002 Jaten", "TPS"),
        ("ubah", "3505014101800005", "DEWI", "TPS 001 Jaten", "TPS 001 Jaten", "Alamat"),
    ]  # FAJAR (Udanawu) is outside the kecamatan
    assert "(kecamatan 35.05.01)" in text
    assert "Tindak lanjut temuan: tidak dihitung" in text


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown election", "Pemilihan dengan kode 'pilgub' tidak ditemukan"),
        ("other election", "tidak ada pada pemilihan pilbup-blitar-2020"),
        ("same snapshot", "Pilih dua daftar pemilih yang berbeda"),
        ("desa as region", "Kecamatan dengan kode '35.05.01.2001' tidak ditemukan"),
        ("region outside", "tidak termasuk wilayah pemilihan"),
        ("no folder", "Berkas keluaran tidak dapat ditulis"),
    ],
)
def test_compare_refusals(
    case: str, message: str, lists: tuple[Snapshot, Snapshot], blitar: Region, tmp_path: Path
) -> None:
    dps, dpt = lists
    output = tmp_path / "banding.json"
    args = compare_args(dps, dpt, output)
    if case == "unknown election":
        args[1] = "pilgub"
    elif case == "other election":
        other = election_create(
            code="pilgub-jatim-2018", name="Uji", kind="pilkada", region_code=_jatim().code,
            voting_day=datetime.date(2021, 1, 1), max_voters_per_tps=300,
        )  # fmt: skip
        args[5] = str(snapshot_for_test(other).pk)
    elif case == "same snapshot":
        args[5] = str(dps.pk)
    elif case == "desa as region":
        args += ["--region", "35.05.01.2001"]
    elif case == "region outside":
        _outside_kecamatan()
        args += ["--region", "35.72.01"]
    elif case == "no folder":
        args[-1] = str(tmp_path / "tidak-ada" / "banding.json")
    with pytest.raises(CommandError, match=message):
        run_command("dpt_compare", *args)
    assert not output.exists()
    assert not AuditEntry.objects.filter(action=Action.DPT_AUDIT_EXPORTED).exists()


def _outside_kecamatan() -> None:
    """A kecamatan of Kota Blitar: a real region, outside the Pilbup's kabupaten."""
    kota = Region.objects.create(code="35.72", name="Kota Blitar", level="kota", parent=_jatim())
    Region.objects.create(code="35.72.01", name="Sukorejo", level="kecamatan", parent=kota)


def _jatim() -> Region:
    province, _created = Region.objects.get_or_create(
        code="35", defaults={"name": "Jawa Timur", "level": "provinsi"}
    )
    return province


# dpt_statistics -------------------------------------------------------------------------


@pytest.fixture
def counted(make_voter: Callable[..., Voter], snapshot: Snapshot) -> Snapshot:
    make_voter(name="SITI", sex="P", disability="3", birth_date=datetime.date(2001, 1, 1))
    make_voter(name="BUDI", sex="L", tps=2, birth_date=datetime.date(1950, 1, 1))
    make_voter(name="ANI", village="35.05.02.2001", sex="P", birth_date=datetime.date(1990, 1, 1))
    return snapshot


def _values(path: Path | bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cells, without the moment the workbook was made."""
    book = load_workbook(io.BytesIO(path) if isinstance(path, bytes) else path, read_only=True)
    return {
        sheet.title: [row for row in sheet.iter_rows(values_only=True) if row[0] != "Dibuat"]
        for sheet in book.worksheets
    }


def test_statistics_the_same_workbook_as_the_web(
    counted: Snapshot, tmp_path: Path, supervisor: User, login: Callable[..., None]
) -> None:
    output = tmp_path / "statistik.xlsx"
    text = run_command(
        "dpt_statistics", "--election", ELECTION, "--region", "35.05.01", "--output", str(output)
    )
    assert _private(output)
    client = Client()
    login(client, supervisor)
    web = client.get(
        reverse("dpt-statistics-xlsx"),
        {"election": ELECTION, "snapshot": str(counted.pk), "wilayah": "35.05.01"},
    )
    assert web.status_code == 200
    assert _values(output) == _values(web.content)
    assert list(_values(output)) == ["Keterangan", "Desa", "TPS"]
    assert f"Statistik DPT #{counted.pk} {ELECTION}, Wonodadi (35.05.01)" in text
    for line in ("pemilih                        2", "laki-laki                      1",
                 "perempuan                      1", "pemilih pemula                 1",
                 "lansia                         1", "disabilitas                    1",
                 "TPS                            2", "TPS > 500 pemilih              0"):  # fmt: skip
        assert f"  {line}" in text
    entries = AuditEntry.objects.filter(action=Action.DPT_STATISTICS_EXPORTED).order_by("pk")
    assert [e.detail["levels"] for e in entries] == [["desa", "tps"], ["desa", "tps"]]
    assert entries[0].detail["region"] == "35.05.01" and entries[0].detail["os_user"] is not None


def test_statistics_default_snapshot_and_whole_election(
    counted: Snapshot, election: Election, tmp_path: Path
) -> None:
    snapshot_for_test(election, stage="DPS")  # later, but not a DPT
    output = tmp_path / "statistik.xlsx"
    text = run_command("dpt_statistics", "--election", ELECTION, "--output", str(output))
    assert f"Statistik DPT #{counted.pk} {ELECTION}, Kabupaten Blitar (35.05)" in text
    assert "  pemilih                        3" in text
    assert list(_values(output)) == ["Keterangan", "Kecamatan", "Desa", "TPS"]


def test_statistics_without_columns_says_so(election: Election, tmp_path: Path) -> None:
    snapshot_for_test(election, fields=["name", "sex", "address", "rt", "rw"])
    text = run_command(
        "dpt_statistics", "--election", ELECTION, "--output", str(tmp_path / "s.xlsx")
    )
    assert "pemilih pemula         — (kolomnya tidak ada dalam berkas)" in text


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown election", "Pemilihan dengan kode 'pilgub' tidak ditemukan"),
        ("no list", "belum punya daftar pemilih"),
        ("unknown snapshot", "tidak ada pada pemilihan"),
        ("unknown region", "Wilayah dengan kode '99.99' tidak ditemukan"),
        ("region above", "tidak termasuk wilayah pemilihan"),
        ("output is a folder", "Berkas keluaran tidak dapat ditulis"),
    ],
)
def test_statistics_refusals(case: str, message: str, election: Election, tmp_path: Path) -> None:
    output = tmp_path / "statistik.xlsx"
    args = ["--election", ELECTION, "--output", str(output)]
    if case != "no list":
        snapshot_for_test(election)
    if case == "unknown election":
        args[1] = "pilgub"
    elif case == "unknown snapshot":
        args += ["--snapshot", "999999"]
    elif case == "unknown region":
        args += ["--region", "99.99"]
    elif case == "region above":
        _jatim()
        args += ["--region", "35"]
    elif case == "output is a folder":
        output.mkdir()
    with pytest.raises(CommandError, match=message):
        run_command("dpt_statistics", *args)
    assert not AuditEntry.objects.filter(action=Action.DPT_STATISTICS_EXPORTED).exists()
