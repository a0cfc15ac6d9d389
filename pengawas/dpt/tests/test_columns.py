"""Reading KPU column names and cell values: pure rules, no database."""

import datetime

import pytest

from pengawas.dpt.columns import (
    DuplicateColumnError,
    clean_identifier,
    column_map,
    formula_column,
    header_key,
    parse_date,
    parse_tps_number,
)


def test_headers_fold_case_spaces_dots_and_underscores() -> None:
    assert header_key("Tgl. Lahir") == header_key("TGL_LAHIR") == "TGLLAHIR"
    assert header_key("\ufeffNo KK") == "NOKK"


def test_column_map_finds_fields_and_reports_the_rest() -> None:
    columns = column_map(["No", "NOMOR KK", "NIK", "Nama", "L/P", "Desa", "TPS"])
    assert columns.positions == {"nkk": 1, "nik": 2, "name": 3, "sex": 4, "village": 5, "tps": 6}
    assert columns.ignored == ["No"]
    assert columns.missing_required == []
    assert column_map(["NIK", "NAMA"]).missing_required == ["KELURAHAN", "TPS"]
    with pytest.raises(DuplicateColumnError):
        column_map(["DESA", "KELURAHAN"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05-01-1980", datetime.date(1980, 1, 5)),
        ("05/01/1980", datetime.date(1980, 1, 5)),
        ("1980-01-05", datetime.date(1980, 1, 5)),
        ("1980-01-05 00:00:00", datetime.date(1980, 1, 5)),
        ("31-02-1980", None),
        ("5-1-1980", None),
        ("1980", None),
        ("05-01/1980", None),
    ],
)
def test_dates(raw: str, expected: datetime.date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("001", 1), ("12", 12), ("TPS 003", 3), ("tps7", 7), ("0", None), ("satu", None), ("", None)],
)
def test_tps_numbers(raw: str, expected: int | None) -> None:
    assert parse_tps_number(raw) == expected


@pytest.mark.parametrize(
    ("cells", "formula"),
    [
        (["BUDI", "=1+1"], True),
        (["@SUM(A1)"], True),
        (["+CMD"], True),
        (["-2+3+cmd|' /C calc'!A0", "x"], True),  # a signed number runs as a formula too
        (["-", "--", "x"], False),  # empty-cell markers
        (["x", "- PINDAH"], False),
        (["BUDI", "JL. A-1"], False),
        (["x", "\tTAB"], True),
    ],
)
def test_formula_cells(cells: list[str], formula: bool) -> None:
    assert (formula_column(cells) >= 0) is formula


def test_identifiers_keep_what_the_audit_must_see() -> None:
    assert clean_identifier("'3505 0145 0180 0002") == "3505014501800002"
    assert clean_identifier("3.50501E+15") == "3.50501E+15"
    assert clean_identifier("35050145018000XX") == "35050145018000XX"
