import datetime
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.services import importing
from pengawas.dpt.services.import_rows import ImportRefused
from pengawas.dpt.services.importing import dpt_import
from pengawas.elections.models import Election, Tps

HEADER = "NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,USIA,JENIS_KELAMIN,STATUS_KAWIN,ALAMAT,RT,RW,DISABILITAS,KETERANGAN,KECAMATAN,KELURAHAN,TPS"
ROW = "3505010101800001,3505014501800002,SITI AMINAH,BLITAR,05-01-1980,40,P,S,DSN KRAJAN,001,002,,,Wonodadi,Jaten,1"

Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def write(text: str, name: str = "dpt.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture(params=[False, True], ids=["in-process", "two-processes"])
def parallel(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def run(
    election: Election, path: Path, parallel: bool = False, **options: object
) -> importing.ImportResult:
    return dpt_import(election=election, path=path, parallel=parallel, **options)  # type: ignore[arg-type]


def test_a_full_kpu_row_is_imported_with_every_field(
    election: Election, write: Write, parallel: bool
) -> None:
    result = run(election, write(f"{HEADER}\n{ROW}\n"), parallel)
    voter = Voter.objects.get()
    assert (result.rows_imported, result.rows_rejected, result.tps_created) == (1, 0, 1)
    assert voter.source_line == 2
    assert (voter.nkk, voter.nik, voter.name, voter.name_key) == (
        "3505010101800001", "3505014501800002", "SITI AMINAH", "SITI AMINAH",
    )  # fmt: skip
    assert voter.birth_date == datetime.date(1980, 1, 5)
    assert (voter.age, voter.sex, voter.marital_status, voter.rt, voter.rw) == (
        40,
        "P",
        "S",
        "001",
        "002",
    )
    assert voter.tps.village_id == "35.05.01.2001" and voter.tps.number == 1
    assert voter.invalid_fields is None
    snapshot = result.snapshot
    assert snapshot.stage == "DPT" and snapshot.rows_imported == 1 and snapshot.source_size > 0
    assert len(snapshot.source_sha256) == 64
    assert "nik" in snapshot.fields_present and "village" not in snapshot.fields_present


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(election: Election, write: Write, delimiter: str) -> None:
    text = f"{HEADER}\n{ROW}\n".replace(",", delimiter)
    run(election, write(text))
    assert Voter.objects.get().name == "SITI AMINAH"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_encodings(election: Election, write: Write, encoding: str) -> None:
    run(election, write(f"{HEADER}\n{ROW.replace('DSN KRAJAN', 'JL. PÉTÉ')}\n", encoding=encoding))
    voter = Voter.objects.get()
    assert voter.address == "JL. PÉTÉ"
    assert voter.nkk == "3505010101800001"  # the BOM did not stick to the first header


def test_header_aliases_case_spaces_and_dots(election: Election, write: Write) -> None:
    text = (
        "No.,No KK,nik,Nama,Tempat Lahir,Tgl. Lahir,Umur,L/P,Kawin,Alamat,rt,rw,Ket,KEC.,Desa,No TPS\n"
        "1,3505010101800001,3505014501800002,SITI AMINAH,BLITAR,1980-01-05,40,P,S,DSN KRAJAN,1,2,,wonodadi,JATEN,TPS 003\n"
    )
    result = run(election, write(text))
    voter = Voter.objects.get()
    assert voter.nkk == "3505010101800001" and voter.birth_date == datetime.date(1980, 1, 5)
    assert voter.tps.number == 3 and voter.remark == ""
    assert result.ignored_columns == ["No."]


@pytest.mark.parametrize(
    ("kecamatan", "village", "expected"),
    [
        ("WONODADI", "jaten", "35.05.01.2001"),
        ("", "35.05.01.2001", "35.05.01.2001"),
        ("", "3505012001", "35.05.01.2001"),
        ("35.05.01", "Jaten", "35.05.01.2001"),
        ("Kec. Wonodadi", "Desa  Jaten", "35.05.01.2001"),
        ("Kanigoro", "Kel. Kanigoro", None),  # resolved below by lookup
    ],
)
def test_regions_match_by_name_or_code(
    election: Election, write: Write, kecamatan: str, village: str, expected: str | None
) -> None:
    text = f"NAMA,KECAMATAN,KELURAHAN,TPS\nBUDI,{kecamatan},{village},1\n"
    run(election, write(text))
    voter = Voter.objects.select_related("tps__village").get()
    if expected:
        assert voter.tps.village_id == expected
    else:
        assert voter.tps.village.name.upper() == "KANIGORO"


def test_a_village_name_in_two_kecamatan_needs_the_kecamatan(
    election: Election, write: Write, tmp_path: Path
) -> None:
    # "Bakung" is a desa in Udanawu and also a kecamatan with desa of other names; "Wonodadi"
    # is a desa name in kecamatan Wonodadi only. Find a real duplicate name in the data.
    from pengawas.regions.models import Region

    names: dict[str, int] = {}
    for key in Region.objects.filter(level__in=["desa", "kelurahan"]).values_list(
        "name_key", flat=True
    ):
        names[key] = names.get(key, 0) + 1
    duplicate = next(key for key, count in names.items() if count > 1)
    text = f"NAMA,KELURAHAN,TPS\nBUDI,{duplicate},1\n"
    with pytest.raises(ImportRefused, match="Tidak ada baris"):
        run(election, write(text))
    rejects = (tmp_path / "dpt.ditolak.csv").read_text(encoding="utf-8-sig")
    assert "isi kolom KECAMATAN" in rejects


def test_the_seven_column_list_without_nik_imports(election: Election, write: Write) -> None:
    text = "NAMA,JENIS KELAMIN,USIA,ALAMAT,RT,RW,KETERANGAN,KELURAHAN,TPS\nSUPARMI,P,67,DSN KRAJAN,001,003,,Jaten,2\n"
    result = run(election, write(text))
    voter = Voter.objects.get()
    assert (voter.nik, voter.nkk, voter.birth_date, voter.age) == ("", "", None, 67)
    assert set(result.missing_personal_fields) >= {"NIK", "NKK", "TANGGAL_LAHIR"}
    assert not result.snapshot.has_field("nik")
    assert result.snapshot.has_field("age")


def test_source_line_counts_the_header_blank_lines_and_multiline_cells(
    election: Election, write: Write
) -> None:
    text = f'{HEADER}\n{ROW}\n\n"3505010101800001","3505014501800003","BUDI\nSANTOSO",X,,,,,,,,,,Wonodadi,Jaten,1\n{ROW}\n'
    run(election, write(text))
    assert list(Voter.objects.order_by("source_line").values_list("source_line", flat=True)) == [
        2,
        4,
        6,
    ]
    assert Voter.objects.get(source_line=4).name == "BUDI SANTOSO"


def test_title_rows_above_the_header_are_passed_over(election: Election, write: Write) -> None:
    text = f"DAFTAR PEMILIH TETAP\nKABUPATEN BLITAR\n\n{HEADER}\n{ROW}\n"
    run(election, write(text))
    assert Voter.objects.get().source_line == 5


def test_malformed_personal_fields_are_kept_for_the_audit(election: Election, write: Write) -> None:
    row = "350501,35050145018000XX,,BLITAR,31-02-1980,abc,X,Q,,001,002,,,Wonodadi,Jaten,1"
    result = run(election, write(f"{HEADER}\n{row}\n"))
    voter = Voter.objects.get()
    assert (voter.nkk, voter.nik, voter.name, voter.birth_date, voter.age, voter.sex) == (
        "350501", "35050145018000XX", "", None, None, "",
    )  # fmt: skip
    assert voter.invalid_fields == {
        "TANGGAL_LAHIR": "31-02-1980", "USIA": "abc", "JENIS_KELAMIN": "X", "STATUS_KAWIN": "Q",
    }  # fmt: skip
    assert result.rows_with_invalid_values == 1 and result.rows_rejected == 0


def test_identifiers_lose_spreadsheet_artifacts(election: Election, write: Write) -> None:
    row = ROW.replace("3505010101800001,3505014501800002", "'3505010101800001,3505 0145 0180 0002")
    run(election, write(f"{HEADER}\n{row}\n"))
    voter = Voter.objects.get()
    assert (voter.nkk, voter.nik) == ("3505010101800001", "3505014501800002")


def test_unresolvable_rows_are_rejected_with_line_column_and_reason(
    election: Election, write: Write, tmp_path: Path, parallel: bool
) -> None:
    rows = [
        ROW,
        ROW.replace("Wonodadi,Jaten", "Atlantis,Jaten"),
        ROW.replace("Wonodadi,Jaten", "Wonodadi,Tidakada"),
        ROW.replace("Jaten,1", "Jaten,satu"),
        ROW.replace("Jaten,1", "Jaten,"),
        ROW.replace("SITI AMINAH", '=HYPERLINK("http://x")'),
        ROW + ",EXTRA",
    ]
    result = run(election, write(HEADER + "\n" + "\n".join(rows) + "\n"), parallel)
    assert (result.rows_imported, result.rows_rejected) == (1, 6)
    assert result.rejects_path == tmp_path / "dpt.ditolak.csv"
    lines = result.rejects_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("lembar,baris,kolom,alasan,NKK,NIK,NAMA")
    rejected = [line.split(",")[1:3] for line in lines[1:]]
    assert rejected == [
        ["3", "KECAMATAN"],
        ["4", "KELURAHAN"],
        ["5", "TPS"],
        ["6", "TPS"],
        ["7", "NAMA"],
        ["8", ""],
    ]
    # The formula is written back defused, so opening the rejects file runs nothing.
    assert "'=HYPERLINK" in lines[5]


def test_a_rejects_path_can_be_chosen(election: Election, write: Write, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "bad.csv"
    target.parent.mkdir()
    run(
        election,
        write(f"{HEADER}\n{ROW}\n{ROW.replace('Jaten,1', 'Jaten,x')}\n"),
        rejects_path=target,
    )
    assert "bukan nomor TPS" in target.read_text(encoding="utf-8-sig")
    assert not (tmp_path / "dpt.ditolak.csv").exists()


def test_no_rejects_file_when_nothing_is_rejected(
    election: Election, write: Write, tmp_path: Path
) -> None:
    result = run(election, write(f"{HEADER}\n{ROW}\n"))
    assert result.rejects_path is None
    assert [p.name for p in tmp_path.iterdir()] == ["dpt.csv"]


def test_strict_aborts_on_the_first_bad_row_and_writes_nothing(
    election: Election, write: Write, tmp_path: Path, parallel: bool
) -> None:
    text = f"{HEADER}\n{ROW}\n{ROW.replace('Jaten,1', 'Jaten,x')}\n{ROW}\n"
    with pytest.raises(ImportRefused, match=r"--strict.*baris 3, kolom TPS"):
        run(election, write(text), parallel, strict=True)
    assert not Snapshot.objects.exists() and not Voter.objects.exists() and not Tps.objects.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dpt.csv"]


def test_strict_also_refuses_malformed_personal_values(election: Election, write: Write) -> None:
    with pytest.raises(ImportRefused, match="TANGGAL_LAHIR"):
        run(election, write(f"{HEADER}\n{ROW.replace('05-01-1980', '1980')}\n"), strict=True)
    assert not Voter.objects.exists()


def test_importing_the_same_file_again_changes_nothing(election: Election, write: Write) -> None:
    path = write(f"{HEADER}\n{ROW}\n")
    first = run(election, path)
    again = run(election, path)
    assert not again.created and again.snapshot.pk == first.snapshot.pk
    assert Snapshot.objects.count() == 1 and Voter.objects.count() == 1


def test_a_later_import_is_a_new_snapshot_and_keeps_the_earlier(
    election: Election, write: Write
) -> None:
    dps = run(election, write(f"{HEADER}\n{ROW}\n", name="dps.csv"), stage="DPS")
    dpt = run(election, write(f"{HEADER}\n{ROW}\n{ROW.replace('SITI', 'SRI')}\n", name="dpt.csv"))
    assert dps.snapshot.voters.count() == 1 and dpt.snapshot.voters.count() == 2
    assert Tps.objects.count() == 1  # both snapshots share the election's TPS


def test_a_failure_part_way_leaves_the_database_as_it_was(
    election: Election, write: Write, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    calls = {"n": 0}
    original = importing._VoterWriter.write

    def write_then_fail(self: importing._VoterWriter, batch: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second batch is being written
        original(self, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(importing._VoterWriter, "write", write_then_fail)
    rows = "\n".join([ROW, ROW.replace("Jaten,1", "Jaten,x"), ROW, ROW, ROW])
    with pytest.raises(KeyboardInterrupt):
        run(election, write(f"{HEADER}\n{rows}\n"))
    assert calls["n"] == 2
    assert not Snapshot.objects.exists() and not Voter.objects.exists() and not Tps.objects.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dpt.csv"]  # no half rejects file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "kosong"),
        (b"\x00\x01\x02garbage\x00" * 100, "bukan CSV atau XLSX"),
        (bytes(range(1, 9)) * 500, "karakter kendali"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "XLS"),
        ("NAMA,KELURAHAN,TPS\nBUDI,Jaten,1\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04not really a zip", "XLSX"),
        (b"A,B,C\n1,2,3\n", "Kolom wajib tidak ditemukan: NAMA, KELURAHAN, TPS"),
        (b"NAMA,NAMA,KELURAHAN,TPS\nX,Y,Jaten,1\n", "NAMA muncul dua kali"),
        (b'NAMA,KELURAHAN,TPS\n"BUDI,Jaten,1\n', "CSV rusak"),
        (b"NAMA,KELURAHAN,TPS\n", "Tidak ada baris"),
    ],
)
def test_hostile_or_broken_files_get_a_clear_refusal(
    election: Election, tmp_path: Path, content: bytes, message: str, parallel: bool
) -> None:
    path = tmp_path / "dpt.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        run(election, path, parallel)
    assert not Snapshot.objects.exists()


def test_a_ten_megabyte_line_is_rejected_without_holding_it(
    election: Election, tmp_path: Path
) -> None:
    path = tmp_path / "dpt.csv"
    with path.open("w") as handle:
        handle.write(f"{HEADER}\n{ROW}\n")
        handle.write("X" * 10_000_000 + "\n")
        handle.write(f"{ROW}\n")
    result = run(election, path)
    assert (result.rows_imported, result.rows_rejected) == (2, 1)
    assert "lebih dari 64 KB" in result.rejects_path.read_text(encoding="utf-8-sig")  # type: ignore[union-attr]
    assert list(Voter.objects.values_list("source_line", flat=True).order_by("source_line")) == [
        2,
        4,
    ]


def test_an_over_long_value_is_rejected(election: Election, write: Write) -> None:
    result = run(election, write(f"{HEADER}\n{ROW.replace('001,002', '0' * 30 + ',002')}\n{ROW}\n"))
    assert (result.rows_imported, result.rows_rejected) == (1, 1)
    assert ",RT,isi lebih dari 8 karakter" in result.rejects_path.read_text(encoding="utf-8-sig")  # type: ignore[union-attr]


def test_xlsx_with_title_rows_dates_numbers_and_two_sheets(
    election: Election, tmp_path: Path, parallel: bool
) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "TPS 001"
    first.append(["DAFTAR PEMILIH TETAP"])
    first.append(HEADER.split(","))
    first.append([3505010101800001, "3505014501800002", "SITI AMINAH", "BLITAR", datetime.datetime(1980, 1, 5),
                  40, "P", "S", "DSN KRAJAN", 1, 2, None, None, "Wonodadi", "Jaten", 1])  # fmt: skip
    second = workbook.create_sheet("TPS 002")
    second.append(["NAMA", "KELURAHAN", "TPS", "TGL LAHIR"])
    second.append(["BUDI", "Jaten", 2, "=TODAY()"])
    second.append(["SRI", "Jaten", 2, "07/08/1990"])
    path = tmp_path / "dpt.xlsx"
    workbook.save(path)
    result = run(election, path, parallel)
    assert (result.rows_imported, result.rows_rejected) == (2, 1)
    siti = Voter.objects.get(name="SITI AMINAH")
    assert (siti.source_sheet, siti.source_line, siti.nkk, siti.rt) == (
        "TPS 001",
        3,
        "3505010101800001",
        "1",
    )
    assert siti.birth_date == datetime.date(1980, 1, 5)
    sri = Voter.objects.get(name="SRI")
    assert (sri.source_sheet, sri.source_line, sri.tps.number) == ("TPS 002", 3, 2)
    assert sri.birth_date == datetime.date(1990, 8, 7)
    rejects = result.rejects_path.read_text(encoding="utf-8-sig")  # type: ignore[union-attr]
    assert "TPS 002,2,TGL LAHIR,sel berisi rumus" in rejects


def test_the_command_prints_a_summary(
    election: Election, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("NAMA,KELURAHAN,TPS\nBUDI,Jaten,1\nSRI,Jaten,x\n")
    call_command("dpt_import", str(path), "--election", election.code, "--stage", "DPS")
    out = capsys.readouterr().out
    assert "1 pemilih diimpor, 1 baris ditolak" in out
    assert "dpt.ditolak.csv" in out and "NIK" in out
    call_command("dpt_import", str(path), "--election", election.code, "--stage", "DPS")
    assert "tidak ada yang berubah" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_election_or_file(
    election: Election, write: Write, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("dpt_import", str(write("NAMA\n")), "--election", "nope")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("dpt_import", str(tmp_path / "missing.csv"), "--election", election.code)


def test_a_tps_address_column_fills_the_tps_address(election: Election, write: Write) -> None:
    text = "NAMA,KELURAHAN,TPS,LOKASI TPS\nBUDI,Jaten,1,HALAMAN BALAI DESA JATEN\nSRI,Jaten,1,\nTONO,Jaten,2,\n"
    result = run(election, write(text))
    assert Tps.objects.get(number=1).address == "HALAMAN BALAI DESA JATEN"
    assert Tps.objects.get(number=2).address == ""
    assert "tps_address" not in result.snapshot.fields_present
