"""KPU's recap: the CSV import (good file, bad lines, re-import), the command, and the
comparison with the PTPS's copies."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from pengawas.accounts.roles import Role
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.overview.compare import recap_compare
from pengawas.overview.models import KpuRecap
from pengawas.overview.recap import RecapError, recap_import
from pengawas.overview.tests.factories import paslon_add, sheet_add

GOOD = (
    "kode_desa,kecamatan,desa,tps,paslon_1,paslon_2,sah,tidak_sah\n"
    "35.05.01.2001,,,1,100,70,170,8\n"
    ",Wonodadi,Jaten,002,90,60,150,4\n"
    ",WONODADI,salam,1,10,20,30,1\n"
)


def _data(election: Election) -> dict[str, dict[str, object]]:
    return {
        f"{r.tps.village_id} {r.tps.number}": r.data
        for r in KpuRecap.objects.filter(election=election).select_related("tps")
    }


def test_a_good_file_is_stored(election: Election, places: dict[str, Tps]) -> None:
    paslon_add(election)
    result = recap_import(election=election, content=GOOD.encode())
    assert AuditEntry.objects.filter(action="overview.recap_imported").count() == 1
    assert (result.rows, result.replaced, result.paslon) == (3, 0, ["1", "2"])
    assert _data(election) == {
        "35.05.01.2001 1": {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8},
        "35.05.01.2001 2": {"paslon": {"1": 90, "2": 60}, "sah": 150, "tidak_sah": 4},
        "35.05.01.2002 1": {"paslon": {"1": 10, "2": 20}, "sah": 30, "tidak_sah": 1},
    }
    assert {r.source_sha256 for r in KpuRecap.objects.all()} == {result.sha256}


def test_semicolons_and_a_bom_are_read(election: Election, places: dict[str, Tps]) -> None:
    text = "\ufeff" + GOOD.replace(",", ";")
    assert recap_import(election=election, content=text.encode()).rows == 3


def test_bad_lines_are_refused_with_their_numbers(
    election: Election, places: dict[str, Tps]
) -> None:
    paslon_add(election)
    bad = (
        "kode_desa,kecamatan,desa,tps,paslon_1,paslon_2,sah,tidak_sah\n"
        "35.05.01.2001,,,1,100,70,170,8\n"
        "35.05.01.2001,,,1,100,70,170,8\n"  # the same TPS again
        "35.05.01.2001,,,9,1,1,2,0\n"  # no TPS 009
        ",Wonodadi,Tidakada,1,1,1,2,0\n"  # unknown desa
        "35.05.01.2002,,,1,-1,1,0,0\n"  # negative
        "35.05.01.2002,,,1,1,x,1,0\n"  # not a number
        "35.05.01.2002,,,1,10,20,31,0\n"  # paslon ≠ sah
        "35.05.01.2002,,,1,10\n"  # short line
        ",,,1,1,1,2,0\n"  # no desa at all
        "35.05.99.2001,,,1,1,1,2,0\n"  # outside the election's TPS
    )
    with pytest.raises(RecapError) as refused:
        recap_import(election=election, content=bad.encode())
    errors = refused.value.errors
    assert [e.split(":")[0] for e in errors] == [f"Baris {n}" for n in range(3, 12)]
    assert "sudah ada di baris 2" in errors[0]
    assert "TPS 009 di desa 35.05.01.2001 tidak terdaftar" in errors[1]
    assert "desa Tidakada di Kecamatan Wonodadi tidak dikenal" in errors[2]
    assert "paslon_1 “-1” bukan bilangan bulat" in errors[3]
    assert "paslon_2 “x”" in errors[4]
    assert "(30) tidak sama dengan suara sah (31)" in errors[5]
    assert "5 kolom, seharusnya 8" in errors[6]
    assert KpuRecap.objects.count() == 0  # nothing stored


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("kode_desa,tps,sah,tidak_sah", "kolom tidak ada: paslon_1"),
        ("desa,tps,paslon_1,paslon_2,sah,tidak_sah", "kode_desa (atau kecamatan dan desa)"),
        (
            "kode_desa,tps,paslon_1,sah,tidak_sah",
            "kolom paslon (1) tidak sama dengan paslon pemilihan ini (1, 2)",
        ),
    ],
)
def test_bad_headers(election: Election, places: dict[str, Tps], header: str, message: str) -> None:
    paslon_add(election)
    with pytest.raises(RecapError) as refused:
        recap_import(election=election, content=(header + "\n").encode())
    assert refused.value.errors[0].startswith("Baris 1: ") and message in refused.value.errors[0]


def test_not_utf8_and_empty(election: Election, places: dict[str, Tps]) -> None:
    with pytest.raises(RecapError, match="UTF-8"):
        recap_import(election=election, content="kode_desa;tps\nSärö".encode("latin-1"))
    with pytest.raises(RecapError, match="kosong"):
        recap_import(election=election, content=b"")
    with pytest.raises(RecapError, match="tidak memuat satu TPS"):
        recap_import(election=election, content=GOOD.split("\n")[0].encode())


def test_a_reimport_replaces_the_tps_it_lists(election: Election, places: dict[str, Tps]) -> None:
    recap_import(election=election, content=GOOD.encode())
    again = "kode_desa,tps,paslon_1,paslon_2,sah,tidak_sah\n35.05.01.2001,1,99,71,170,8\n"
    result = recap_import(election=election, content=again.encode())
    assert (result.rows, result.replaced) == (1, 1)
    data = _data(election)
    assert data["35.05.01.2001 1"]["paslon"] == {"1": 99, "2": 71}
    assert data["35.05.01.2002 1"]["paslon"] == {"1": 10, "2": 20}  # kept
    assert KpuRecap.objects.count() == 3


def test_the_command(election: Election, places: dict[str, Tps], tmp_path: Path) -> None:
    good = tmp_path / "rekap.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("overview_recap_import", "--election", election.code, str(good), stdout=out)
    assert out.getvalue().startswith("3 TPS diimpor (0 menggantikan impor sebelumnya)")
    bad = tmp_path / "salah.csv"
    bad.write_text(GOOD + "35.05.01.2001,,,7,1,1,2,0\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Baris 5: TPS 007"):
        call_command("overview_recap_import", "--election", election.code, str(bad))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("overview_recap_import", "--election", "tidak-ada", str(good))


def test_differences_per_tps_and_totals_per_kecamatan(
    election: Election, places: dict[str, Tps], make_user: Callable[..., User]
) -> None:
    paslon_add(election)
    ptps = make_user(Role.PTPS)
    pkd = make_user(Role.PKD)
    sheet_add(places["jaten1"], by=ptps, paslon={"1": 100, "2": 70})  # = KPU
    sheet_add(places["jaten1"], by=pkd, entry="pkd", paslon={"1": 1, "2": 1})  # PTPS's wins
    sheet_add(places["jaten2"], by=pkd, entry="pkd", paslon={"1": 95, "2": 60}, tidak_sah=4)
    sheet_add(places["far1"], by=ptps, paslon={"1": 5, "2": 5})  # no KPU row
    recap_import(election=election, content=GOOD.encode())  # Salam: KPU only
    comparison = recap_compare(election=election, tps=Tps.objects.filter(election=election))
    assert [n for n, _name in comparison.paslon] == ["1", "2"]
    assert (comparison.tps_count, comparison.both, comparison.only_kpu, comparison.only_ptps) == (
        4,
        2,
        1,
        1,
    )
    [diff] = comparison.differences
    assert diff.label == "TPS 002" and diff.village_name == "Jaten"
    assert [(c.ptps, c.kpu, c.diff) for c in diff.cells] == [
        (95, 90, -5), (60, 60, 0), (155, 150, -5), (4, 4, 0)
    ]  # fmt: skip
    wonodadi = next(d for d in comparison.districts if d.code == "35.05.01")
    assert wonodadi.ptps.paslon == {"1": 195, "2": 130} and wonodadi.ptps.tps == 2
    assert wonodadi.kpu.paslon == {"1": 200, "2": 150} and wonodadi.kpu.tps == 3
    assert [c.diff for c in wonodadi.cells] == [-5, 0, -5, 0]  # over Jaten 1 and 2 only
    assert comparison.total.ptps.paslon == {"1": 200, "2": 135}
    udanawu = next(d for d in comparison.districts if d.code == "35.05.02")
    assert [c.diff for c in udanawu.cells] == [None] * 4  # nothing to compare there


URL = "/pantauan/rekap/"


def test_the_page_uploads_for_bawaslu_only(
    election: Election,
    places: dict[str, Tps],
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    paslon_add(election)
    staff, panwascam = Client(), Client()
    login(staff, make_user(Role.SEKRETARIAT))
    login(panwascam, make_user(Role.PANWASCAM))

    def upload(client: Client, text: str) -> Any:
        return client.post(URL + "?election=" + election.code, {"file": io.BytesIO(text.encode())})

    page = panwascam.get(URL)
    assert page.status_code == 200 and "Unggah rekap KPU" not in page.content.decode()
    assert upload(panwascam, GOOD).status_code == 403
    refused = upload(staff, GOOD + "35.05.01.2001,,,7,1,1,2,0\n")
    assert refused.status_code == 400
    assert "Baris 5: TPS 007" in refused.content.decode()
    assert KpuRecap.objects.count() == 0
    done = upload(staff, GOOD)
    assert done.status_code == 302
    assert KpuRecap.objects.count() == 3
    shown = panwascam.get(URL)
    assert shown.context["comparison"].total.kpu.paslon == {"1": 200, "2": 150}
    # A Panwascam's comparison stops at their kecamatan.
    assert [d.code for d in shown.context["comparison"].districts] == ["35.05.01"]
    assert panwascam.get(URL, {"kecamatan": "35.05.02"}).status_code == 404
