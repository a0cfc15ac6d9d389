"""Each code of the C.Hasil check at its boundary: table-driven, no database."""

from typing import Any

import pytest

from pengawas.tally.checks import sheet_check, sheet_differences
from pengawas.tally.tests.sheets import DELETE, sheet


def codes(data: dict[str, Any]) -> list[str]:
    return sorted({finding.code for finding in sheet_check(data)})


def test_agreeing_sheets_have_no_findings() -> None:
    assert sheet_check(sheet("pilkada")) == []
    assert sheet_check(sheet("pemilu")) == []


# (name, kind, changes, expected codes): each boundary once on the right and once on the
# wrong side. Changes keep the other rules true where they can.
CASES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    # INVALID_VALUE: missing, negative, not whole; zero is valid
    ("missing", "pilkada", {"pemilih__dpt__l": DELETE}, ["INVALID_VALUE"]),
    ("missing group", "pilkada", {"disabilitas": DELETE}, ["INVALID_VALUE"]),
    ("negative", "pilkada", {"surat_suara__rusak": -1}, ["INVALID_VALUE"]),
    ("fraction", "pilkada", {"suara__tidak_sah": 8.5}, ["INVALID_VALUE"]),
    ("float that looks whole", "pilkada", {"suara__tidak_sah": 8.0}, ["INVALID_VALUE"]),
    ("text", "pilkada", {"suara__tidak_sah": "8"}, ["INVALID_VALUE"]),
    ("boolean", "pilkada", {"surat_suara__rusak": True}, ["INVALID_VALUE"]),
    ("no paslon", "pilkada", {"suara__paslon": {}}, ["INVALID_VALUE"]),
    (
        "paslon number not a number",
        "pilkada",
        {"suara__paslon": {"1": 100, "x": 70}},
        ["INVALID_VALUE"],
    ),
    ("unknown kind", "pilkada", {"election_kind": "pilpres"}, ["INVALID_VALUE"]),
    (
        "zero is valid",
        "pilkada",
        {"disabilitas__pengguna__l": 0, "disabilitas__pengguna__p": 0},
        [],
    ),
    # VOTES_SUM
    ("votes one more than sah", "pilkada", {"suara__paslon__1": 101}, ["VOTES_SUM"]),
    ("votes one less than sah", "pilkada", {"suara__paslon__1": 99}, ["VOTES_SUM"]),
    ("three paslon adding up", "pilkada", {"suara__paslon": {"1": 100, "2": 60, "3": 10}}, []),
    # BALLOTS_USED_VS_VOTES (sah and tidak_sah moved together keep VOTES_SUM quiet)
    ("tidak sah one more", "pilkada", {"suara__tidak_sah": 9}, ["BALLOTS_USED_VS_VOTES"]),
    ("tidak sah one less", "pilkada", {"suara__tidak_sah": 7}, ["BALLOTS_USED_VS_VOTES"]),
    # VOTERS_VS_BALLOTS_USED: one more voter from the DPT (still <= registered)
    ("one more voter", "pilkada", {"pengguna__dpt__l": 81}, ["VOTERS_VS_BALLOTS_USED"]),
    ("one fewer voter", "pilkada", {"pengguna__dpt__p": 89}, ["VOTERS_VS_BALLOTS_USED"]),
    # BALLOT_BALANCE: the ballots do not add up to those received
    ("one more unused", "pilkada", {"surat_suara__tidak_digunakan": 26}, ["BALLOT_BALANCE"]),
    ("one fewer damaged", "pilkada", {"surat_suara__rusak": 1}, ["BALLOT_BALANCE"]),
    # USERS_EXCEED_REGISTERED per list and sex: equal is fine, one more is not
    (
        "dpt users equal registered",
        "pilkada",
        {
            "pemilih__dpt__l": 80,
            "pemilih__dpt__p": 110,
            "surat_suara__diterima": 195,
            "surat_suara__tidak_digunakan": 15,
        },
        [],
    ),
    (
        "dpt men one over",
        "pilkada",
        {"pemilih__dpt__l": 79, "pemilih__dpt__p": 121},
        ["USERS_EXCEED_REGISTERED"],
    ),
    (
        "dpt women one over",
        "pilkada",
        {"pemilih__dpt__p": 89, "pemilih__dpt__l": 111},
        ["USERS_EXCEED_REGISTERED"],
    ),
    ("dpph one over", "pilkada", {"pemilih__dpph__p": 0}, ["USERS_EXCEED_REGISTERED"]),
    (
        "pemilu dptb (movers) one over",
        "pemilu",
        {"pemilih__dptb__l": 1},
        ["USERS_EXCEED_REGISTERED"],
    ),
    # DPTB_MISMATCH: registered as they vote, so equal both ways
    ("dptb registered one more", "pilkada", {"pemilih__dptb__l": 4}, ["DPTB_MISMATCH"]),
    ("dptb registered one fewer", "pilkada", {"pemilih__dptb__p": 1}, ["DPTB_MISMATCH"]),
    ("pemilu dpk registered one more", "pemilu", {"pemilih__dpk__p": 3}, ["DPTB_MISMATCH"]),
    ("pemilu dptb fewer users is fine", "pemilu", {"pemilih__dptb__l": 3}, []),
    # DISABLED_EXCEED: users and registered, per sex
    (
        "disabled users equal all men",
        "pilkada",
        {"disabilitas__pengguna__l": 85, "disabilitas__terdaftar__l": 105},
        [],
    ),
    (
        "disabled users one over all men",
        "pilkada",
        {"disabilitas__pengguna__l": 86, "disabilitas__terdaftar__l": 105},
        ["DISABLED_EXCEED"],
    ),
    (
        "disabled registered one over all women",
        "pilkada",
        {"disabilitas__terdaftar__p": 104},
        ["DISABLED_EXCEED"],
    ),
    # RESERVE_BALLOTS (warning): DPT + 2.5 % rounded up; Pemilu 2 %
    (
        "reserve one more",
        "pilkada",
        {"surat_suara__diterima": 206, "surat_suara__tidak_digunakan": 26},
        ["RESERVE_BALLOTS"],
    ),
    (
        "reserve one fewer",
        "pilkada",
        {"surat_suara__diterima": 204, "surat_suara__tidak_digunakan": 24},
        ["RESERVE_BALLOTS"],
    ),
    # DPT 201: 2.5 % = 5.025, rounded up to 6 -> 207
    (
        "reserve rounded up",
        "pilkada",
        {"pemilih__dpt__l": 101, "surat_suara__diterima": 207, "surat_suara__tidak_digunakan": 27},
        [],
    ),
    (
        "reserve not rounded down",
        "pilkada",
        {"pemilih__dpt__l": 101, "surat_suara__diterima": 206, "surat_suara__tidak_digunakan": 26},
        ["RESERVE_BALLOTS"],
    ),
    (
        "pemilu reserve at 2.5 % is wrong",
        "pemilu",
        {"surat_suara__diterima": 205, "surat_suara__tidak_digunakan": 25},
        ["RESERVE_BALLOTS"],
    ),
    # DPT 201 in Pemilu: 2 % = 4.02, rounded up to 5 -> 206
    (
        "pemilu reserve rounded up",
        "pemilu",
        {"pemilih__dpt__l": 101, "surat_suara__diterima": 206, "surat_suara__tidak_digunakan": 26},
        [],
    ),
]


@pytest.mark.parametrize(("name", "kind", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_code_at_its_boundary(
    name: str, kind: str, changes: dict[str, Any], expected: list[str]
) -> None:
    assert codes(sheet(kind, **changes)) == expected


def test_findings_say_rule_and_basis_in_indonesian() -> None:
    by_code = {f.code: f for f in sheet_check(sheet(suara__paslon__1=101))}
    assert by_code["VOTES_SUM"].severity == "error"
    assert "171" in by_code["VOTES_SUM"].message and "170" in by_code["VOTES_SUM"].message
    assert "PKPU 18/2020" in by_code["VOTES_SUM"].message
    reserve = sheet_check(sheet(surat_suara__diterima=206, surat_suara__tidak_digunakan=26))
    assert [(f.code, f.severity) for f in reserve] == [("RESERVE_BALLOTS", "warning")]
    assert "Pasal 80" in reserve[0].message and "2,5%" in reserve[0].message
    pemilu = sheet_check(
        sheet("pemilu", surat_suara__diterima=205, surat_suara__tidak_digunakan=25)
    )
    assert "Pasal 344 ayat (2)" in pemilu[0].message
    dpk = sheet_check(sheet("pemilu", pemilih__dpk__p=3))
    assert "DPK" in dpk[0].message and "Pasal 348 ayat (1)" in dpk[0].message


def test_one_invalid_value_silences_only_the_checks_that_need_it() -> None:
    found = sheet_check(sheet(suara__sah=DELETE, surat_suara__rusak=5))
    assert sorted(f.code for f in found) == ["BALLOT_BALANCE", "INVALID_VALUE"]
    assert "Jumlah suara sah belum diisi" in found[0].message


def test_every_wrong_field_is_named() -> None:
    found = sheet_check(sheet(pemilih__dpt__l=-3, pengguna__dpph__p="dua"))
    messages = [f.message for f in found if f.code == "INVALID_VALUE"]
    assert any("Pemilih terdaftar DPT laki-laki bernilai negatif (-3)" in m for m in messages)
    assert any(
        "Pengguna hak pilih DPPh perempuan bukan bilangan bulat (dua)" in m for m in messages
    )


def test_not_an_object() -> None:
    assert [f.code for f in sheet_check([])] == ["INVALID_VALUE"]  # type: ignore[arg-type]


def test_differences_field_by_field() -> None:
    first = sheet()
    second = sheet(pengguna__dpt__l=81, suara__paslon__2=71)
    assert [(d["path"], d["first"], d["second"]) for d in sheet_differences(first, second)] == [
        ("pengguna.dpt.l", 80, 81),
        ("suara.paslon.2", 70, 71),
    ]
    assert sheet_differences(first, sheet()) == []
