"""The audit's row rules and the name predicate, without a database."""

import datetime
from typing import Any

import pytest

from pengawas.dpt.names import name_key
from pengawas.dpt_audit import rules
from pengawas.dpt_audit.models import Category

VOTING_DAY = datetime.date(2020, 12, 9)
LIMITS = rules.AgeLimits.for_day(VOTING_DAY)
BLITAR = rules.RegionCodes(
    kecamatans={"3505": frozenset(f"{n:02d}" for n in range(1, 23))},
    names={"3505": "Kabupaten Blitar"},
)


@pytest.mark.parametrize(
    ("nik", "how"),
    [
        ("", "NIK kosong"),
        ("350501120580001", "NIK 15 digit, seharusnya 16"),
        ("35050112058000011", "NIK 17 digit, seharusnya 16"),
        ("3505O11205800001", "NIK memuat karakter selain angka"),
        (
            "\uff13\uff15\uff10\uff15\uff10\uff11\uff11\uff12\uff10\uff15\uff18\uff10\uff10\uff10\uff11",
            "NIK memuat karakter selain angka",
        ),
    ],
)
def test_nik_format_names_what_is_wrong(nik: str, how: str) -> None:
    result = rules.nik_format(nik)
    assert result is not None
    assert result.category == Category.NIK_FORMAT
    assert result.detail.startswith(how)
    assert nik[4:12] not in result.detail or not nik  # the birth-date part is masked


def test_a_sixteen_digit_nik_is_well_formed() -> None:
    assert rules.nik_format("3505011205800001") is None
    assert rules.nkk_format("3505010101100001") is None
    assert rules.nkk_format("") == rules.RuleResult(Category.NKK_FORMAT, "NKK kosong")


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("3905011205800001", "Kode provinsi NIK (digit 1-2) 39"),
        ("0005011205800001", "Kode provinsi NIK (digit 1-2) 00"),
        ("3500011205800001", "Kode kabupaten/kota NIK (digit 3-4) 00"),
        ("3505271205800001", "Kode kecamatan NIK 35.05.27 tidak ada di Kabupaten Blitar"),
        ("3505001205800001", "Kode kecamatan NIK 35.05.00"),
    ],
)
def test_nik_region_faults(nik: str, fragment: str) -> None:
    result = rules.nik_region(nik, BLITAR)
    assert result is not None and result.category == Category.NIK_REGION
    assert fragment in result.detail


def test_kabupaten_not_loaded_is_not_a_finding_without_a_national_table() -> None:
    # Kota Surabaya (35.78) is not in the Blitar table: nothing is known about it.
    assert rules.nik_region("3578011205800001", BLITAR) is None
    assert rules.nik_region("3505221205800001", BLITAR) is None


def test_with_a_national_table_an_unknown_kabupaten_is_a_finding() -> None:
    codes = rules.RegionCodes(kecamatans=BLITAR.kecamatans, kabupatens=frozenset({"3505", "3578"}))
    assert rules.nik_region("3578011205800001", codes) is None
    result = rules.nik_region("3599011205800001", codes)
    assert result is not None and "35.99" in result.detail


def test_nik_birthdate_for_a_man_and_a_woman() -> None:
    born = datetime.date(1980, 5, 12)
    assert rules.nik_birthdate("3505011205800001", born) is None
    assert rules.nik_birthdate("3505015205800001", born) is None  # a woman: day + 40
    result = rules.nik_birthdate("3505012105800001", born)
    assert result == rules.RuleResult(
        Category.NIK_BIRTHDATE, "NIK memuat tanggal 21-05-80, tanggal lahir tercatat 12-05-1980"
    )
    women = rules.nik_birthdate("3505016105800001", born)
    assert women is not None and "21-05-80 (digit 7-8 = 61: tanggal + 40, perempuan)" in (
        women.detail
    )


def test_nik_birthdate_compares_the_two_digit_year_only() -> None:
    # Born 1920 or 2020: the NIK's "20" fits either; the century comes from the list.
    assert rules.nik_birthdate("3505010101200001", datetime.date(1920, 1, 1)) is None
    result = rules.nik_birthdate("3505010101210001", datetime.date(1920, 1, 1))
    assert result is not None and "01-01-21" in result.detail


def test_nik_birthdate_with_an_impossible_day() -> None:
    result = rules.nik_birthdate("3505013513800001", datetime.date(1980, 5, 12))
    assert result is not None
    assert result.detail.startswith("Digit 7-12 NIK (35-13-80) bukan tanggal yang mungkin")


def test_nik_sex() -> None:
    assert rules.nik_sex("3505011205800001", "L") is None
    assert rules.nik_sex("3505015205800001", "P") is None
    result = rules.nik_sex("3505011205800001", "P")
    assert result is not None and result.category == Category.NIK_SEX
    assert "(12: tanpa tambahan 40, laki-laki)" in result.detail
    assert "P (perempuan)" in result.detail
    result = rules.nik_sex("3505015205800001", "L")
    assert result is not None and "(52: tanggal + 40, perempuan)" in result.detail


def test_turning_17_on_voting_day_is_eligible() -> None:
    assert rules.underage(datetime.date(2003, 12, 9), "B", LIMITS) is None
    day_later = rules.underage(datetime.date(2003, 12, 10), "B", LIMITS)
    assert day_later is not None and day_later.category == Category.UNDERAGE
    assert "berumur 16 tahun" in day_later.detail
    assert "genap 17 tahun pada 10-12-2020" in day_later.detail


def test_married_voters_of_any_age_are_eligible() -> None:
    assert rules.underage(datetime.date(2005, 1, 1), "S", LIMITS) is None
    assert rules.underage(datetime.date(2005, 1, 1), "P", LIMITS) is None
    assert rules.underage(datetime.date(2005, 1, 1), "", LIMITS) is None
    assert rules.underage(datetime.date(2005, 1, 1), "B", LIMITS) is not None


def test_born_after_voting_day_is_implausible_not_underage() -> None:
    born = datetime.date(2020, 12, 10)
    assert rules.underage(born, "B", LIMITS) is None
    result = rules.age_implausible(born, LIMITS)
    assert result is not None
    assert result.detail == ("Tanggal lahir 10-12-2020 sesudah hari pemungutan suara 09-12-2020")
    assert rules.age_implausible(VOTING_DAY, LIMITS) is None


def test_older_than_110_is_implausible() -> None:
    assert rules.age_implausible(datetime.date(1909, 12, 10), LIMITS) is None  # 110
    result = rules.age_implausible(datetime.date(1909, 12, 9), LIMITS)  # 111 today
    assert result is not None and "berumur 111 tahun" in result.detail


def test_limits_on_a_29_february_voting_day() -> None:
    limits = rules.AgeLimits.for_day(datetime.date(2024, 2, 29))
    assert limits.adult_by == datetime.date(2007, 2, 28)


def test_incomplete_lists_the_empty_and_unreadable_columns() -> None:
    checked = frozenset(rules.INCOMPLETE_COLUMNS)
    born = datetime.date(1980, 1, 1)
    full: dict[str, Any] = {"name": "SUTRISNO", "sex": "L", "birth": born, "address": "DSN KRAJAN"}
    assert rules.incomplete(**full, invalid=None, checked=checked) is None
    result = rules.incomplete(**{**full, "sex": ""}, invalid=None, checked=checked)
    assert result == rules.RuleResult(Category.INCOMPLETE, "Elemen data kosong: JENIS_KELAMIN")
    result = rules.incomplete(
        **{**full, "birth": None, "address": ""},
        invalid={"TANGGAL_LAHIR": "31-02-1980"},
        checked=checked,
    )
    assert result is not None
    assert result.detail == "Elemen data kosong: ALAMAT; tidak dapat dibaca: TANGGAL_LAHIR"


def test_incomplete_skips_columns_the_file_does_not_have() -> None:
    checked = frozenset({"name", "sex", "address"})
    assert (
        rules.incomplete(
            name="SUTRISNO", sex="L", birth=None, address="X", invalid=None, checked=checked
        )
        is None
    )


def test_rules_not_run_name_the_missing_columns() -> None:
    seven_columns = ["name", "sex", "age", "address", "rt", "rw", "remark"]
    skipped = {s["category"]: s["reason"] for s in rules.rules_not_run(seven_columns)}
    assert skipped[Category.NIK_FORMAT] == "Kolom NIK tidak ada dalam berkas daftar pemilih ini"
    assert skipped[Category.UNDERAGE] == (
        "Kolom TANGGAL_LAHIR, STATUS_KAWIN tidak ada dalam berkas daftar pemilih ini"
    )
    assert skipped[Category.INCOMPLETE].startswith("Sebagian: kolom TANGGAL_LAHIR")
    assert Category.TPS_OVER_CAPACITY not in skipped
    assert rules.rules_not_run(list(rules.FIELD_LABELS)) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MUHAMMAD RIDWAN", "MOCH. RIDWAN"),
        ("MUHAMMAD RIDWAN", "M. RIDWAN"),
        ("MOHAMAD RIDWAN", "MUHAMMAD RIDWAN"),
        ("ACHMAD FAUZI", "AHMAD FAUZI"),
        ("SOEKARDI", "SUKARDI"),
        ("DJOKO SUTRISNO", "JOKO SUTRISNO"),
        ("H. SLAMET", "SLAMET"),
        ("HJ. SITI AMINAH", "SITI AMINAH"),
        ("DRS. BAMBANG WIDODO", "BAMBANG WIDODO"),
        ("SUTRISNO, S.PD.", "SUTRISNO"),
        ("SUPARMAN", "SUPARMANN"),  # a letter added
        ("SUPARMAN", "SUPRAMAN"),  # two neighbours swapped
        ("SUPARMAN", "SUPARMIN"),  # a letter changed
        ("SUPARMAN", "SUPRMAN"),  # a letter dropped
    ],
)
def test_names_of_one_person(a: str, b: str) -> None:
    assert rules.names_similar(name_key(a), name_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SUPARMAN", "SUPARMI"),
        ("SITI AMINAH", "SITI KHOTIJAH"),
        ("AGUS SANTOSO", "AGUS SANTOSA WIBOWO"),
        ("SUPARMAN", "SUPRAMNA"),
        ("", ""),
    ],
)
def test_names_of_different_people(a: str, b: str) -> None:
    assert not rules.names_similar(name_key(a), name_key(b))


def test_similarity_note_says_how_the_names_differ_masked() -> None:
    note = rules.similarity_note(
        "MOCH. RIDWAN", "MUHAMMAD RIDWAN", name_key("MOCH. RIDWAN"), name_key("MUHAMMAD RIDWAN")
    )
    assert note.startswith("nama sama setelah ejaan, singkatan dan gelar diseragamkan")
    assert "RIDWAN" not in note
    typo = rules.similarity_note("SUPARMAN", "SUPRAMAN", "SUPARMAN", "SUPRAMAN")
    assert typo.startswith("nama berbeda satu huruf")


def test_every_category_has_a_legal_basis() -> None:
    assert set(rules.LEGAL_BASIS) == set(Category.values)
    assert rules.LEGAL_BASIS[Category.UNDERAGE].citation.endswith("Pasal 56 ayat (1)")
    assert rules.LEGAL_BASIS[Category.DUPLICATE_NIK].citation.endswith("Pasal 56 ayat (2)")
    assert all(basis.reason for basis in rules.LEGAL_BASIS.values())


def test_categories_not_run() -> None:
    assert rules.categories_not_run(list(rules.FIELD_LABELS)) == set()
    without_marital = [f for f in rules.FIELD_LABELS if f != "marital_status"]
    assert rules.categories_not_run(without_marital) == {Category.UNDERAGE}
    # INCOMPLETE runs without TANGGAL_LAHIR (on the other columns); the age rules do not.
    without_birth = [f for f in rules.FIELD_LABELS if f != "birth_date"]
    assert Category.INCOMPLETE not in rules.categories_not_run(without_birth)
    assert Category.AGE_IMPLAUSIBLE in rules.categories_not_run(without_birth)
