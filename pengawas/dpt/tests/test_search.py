"""The supervisors' voter search and the TPS list, at the service level."""

import datetime
from collections.abc import Callable

import pytest

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.services import search
from pengawas.dpt.services.search import (
    SearchUnavailable,
    name_query_terms,
    nik_mask,
    tps_roster_build,
    voter_find_by_nik,
    voter_search,
)
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.elections.models import Election, Tps
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

JATEN = "35.05.01.2001"  # desa in kecamatan Wonodadi (35.05.01)
SALAM = "35.05.01.2002"  # desa in kecamatan Wonodadi
JATI = "35.05.02.2001"  # desa in kecamatan Udanawu (35.05.02)
SEVEN_COLUMNS = ["name", "sex", "age", "address", "rt", "rw", "remark"]

MakeVoter = Callable[..., Voter]


def names(page: search.VoterPage) -> list[str]:
    return [voter.name for voter in page.voters]


def found(snapshot: Snapshot, query: str = "", **filters: object) -> set[str]:
    return set(names(voter_search(snapshot=snapshot, query=query, page_size=100, **filters)))


def other_snapshot(election: Election, *, fields: list[str] | None = None) -> Snapshot:
    return snapshot_for_test(
        election,
        stage="DPS",
        fields=[*SEVEN_COLUMNS, "nik", "birth_date"] if fields is None else fields,
    )


# --- folding the query ----------------------------------------------------------------


def test_query_is_folded_like_the_stored_key() -> None:
    assert name_query_terms("Moch. Achmad Soedjono, S.Pd. ") == [
        ("MUHAMAD",),
        ("AHMAD",),
        ("SUJONO",),
    ]


def test_titles_alone_are_no_name() -> None:
    assert name_query_terms("H. ") == []
    assert name_query_terms("Drs. ") == []
    assert name_query_terms("") == []


def test_half_typed_last_word_may_become_a_variant() -> None:
    # "Mocha…" becomes "Mochamad", stored as MUHAMAD; "MOHA" covers Mohamad and co.
    assert name_query_terms("mocha") == [("MOHA", "MUHAMAD")]
    # "Ac…" may become "Achmad" (stored AHMAD) or any name containing AC.
    assert name_query_terms("ac") == [("AC", "AHMAD")]
    # "M" is a variant of Muhammad, but also how Mariyam starts: the letter itself covers both.
    assert name_query_terms("m") == [("M",)]


def test_half_typed_title_may_be_a_name() -> None:
    assert name_query_terms("ba") == [("BA",)]
    assert name_query_terms("siti h") == [("SITI",), ("H",)]
    # Finished (followed by a space or a dot), a title is dropped again.
    assert name_query_terms("ba ") == []
    assert name_query_terms("h. siti") == [("SITI",)]


# --- name search ----------------------------------------------------------------------


@pytest.fixture
def people(make_voter: MakeVoter) -> None:
    for name in [
        "MOCH. HIDAYAT",
        "MUHAMMAD ALI",
        "Mochamad Ridwan",
        "ACHMAD FAUZI",
        "AHMAD DAHLAN, S.Pd.",
        "H. AHMAD DAHLAN",
        "ANNISA RAHMAWATI",
        "SOEKARNO",
        "SITI AMINAH",
        "SITI FATIMAH",
        "SULASTRI",
        "BAMBANG SUTRISNO",
        "MARIYAM",
    ]:
        make_voter(name=name)


@pytest.mark.usefixtures("people")
class TestNameSearch:
    def test_partial_and_case_insensitive(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "sulas") == {"SULASTRI"}
        assert found(snapshot, "siti") == {"SITI AMINAH", "SITI FATIMAH"}
        assert found(snapshot, "aminah") == {"SITI AMINAH"}

    def test_every_token_must_match(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "siti aminah") == {"SITI AMINAH"}
        assert found(snapshot, "aminah siti") == {"SITI AMINAH"}
        assert found(snapshot, "siti wulan") == set()

    def test_moch_and_muhammad_are_one_name(self, snapshot: Snapshot) -> None:
        muhammads = {"MOCH. HIDAYAT", "MUHAMMAD ALI", "Mochamad Ridwan"}
        assert found(snapshot, "Muhammad ") == muhammads
        assert found(snapshot, "moch ") == muhammads
        assert found(snapshot, "Moh. Hidayat") == {"MOCH. HIDAYAT"}
        assert found(snapshot, "mochammad ali") == {"MUHAMMAD ALI"}

    def test_achmad_and_ahmad_are_one_name(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "Ahmad Fauzi") == {"ACHMAD FAUZI"}
        assert found(snapshot, "achmad dahlan") == {"AHMAD DAHLAN, S.Pd.", "H. AHMAD DAHLAN"}

    def test_doubled_letters_and_old_spelling(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "anisa") == {"ANNISA RAHMAWATI"}
        assert found(snapshot, "Annnisa Rahmawatti") == {"ANNISA RAHMAWATI"}
        assert found(snapshot, "sukarno") == {"SOEKARNO"}

    def test_titles_are_ignored_both_ways(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "H. Ahmad Dahlan") == {"AHMAD DAHLAN, S.Pd.", "H. AHMAD DAHLAN"}
        assert found(snapshot, "Drs. Siti Aminah") == {"SITI AMINAH"}

    def test_while_typing(self, snapshot: Snapshot) -> None:
        assert "Mochamad Ridwan" in found(snapshot, "mocha")
        assert found(snapshot, "mochamad r") == {"Mochamad Ridwan"}
        assert found(snapshot, "ba") == {"BAMBANG SUTRISNO"}
        assert found(snapshot, "ma") >= {"MARIYAM", "MUHAMMAD ALI", "SITI FATIMAH"}

    def test_non_matches_are_not_found(self, snapshot: Snapshot) -> None:
        assert found(snapshot, "fatimah aminah") == set()
        assert found(snapshot, "rahmat") == set()
        assert found(snapshot, "joko") == set()

    def test_order_is_by_name_key_then_id(self, snapshot: Snapshot) -> None:
        keys = [v.name_key for v in voter_search(snapshot=snapshot, query="a").voters]
        assert keys == sorted(keys)
        assert keys[0] == "AHMAD DAHLAN"


# --- filters --------------------------------------------------------------------------


@pytest.fixture
def spread(make_voter: MakeVoter) -> None:
    """Voters across two kecamatan, three desa and two TPS numbers."""
    make_voter(
        name="SITI JATEN SATU",
        village=JATEN,
        tps=1,
        sex="P",
        birth_date=datetime.date(1950, 3, 1),
        age=70,
    )
    make_voter(
        name="BUDI JATEN SATU",
        village=JATEN,
        tps=1,
        sex="L",
        birth_date=datetime.date(1950, 12, 31),
        age=69,
    )
    make_voter(
        name="EKO JATEN DUA",
        village=JATEN,
        tps=2,
        sex="L",
        birth_date=datetime.date(1951, 1, 1),
        age=69,
    )
    make_voter(
        name="SITI SALAM SATU",
        village=SALAM,
        tps=1,
        sex="P",
        birth_date=datetime.date(1949, 12, 31),
        age=70,
    )
    make_voter(name="SITI JATI SATU", village=JATI, tps=1, sex="P",
               birth_date=datetime.date(1950, 6, 15), age=70)  # fmt: skip


@pytest.mark.usefixtures("spread")
class TestFilters:
    def test_kecamatan(self, snapshot: Snapshot) -> None:
        wonodadi = Region.objects.get(code="35.05.01")
        assert found(snapshot, kecamatan=wonodadi) == {
            "SITI JATEN SATU",
            "BUDI JATEN SATU",
            "EKO JATEN DUA",
            "SITI SALAM SATU",
        }
        assert found(snapshot, "siti", kecamatan=wonodadi) == {
            "SITI JATEN SATU",
            "SITI SALAM SATU",
        }

    def test_desa(self, snapshot: Snapshot) -> None:
        jaten = Region.objects.get(code=JATEN)
        assert found(snapshot, village=jaten) == {
            "SITI JATEN SATU",
            "BUDI JATEN SATU",
            "EKO JATEN DUA",
        }
        assert found(snapshot, "siti", village=Region.objects.get(code=JATI)) == {"SITI JATI SATU"}

    def test_tps_number(self, snapshot: Snapshot) -> None:
        jaten = Region.objects.get(code=JATEN)
        assert found(snapshot, village=jaten, tps_number=2) == {"EKO JATEN DUA"}
        # Without a desa: that TPS number in every desa.
        assert found(snapshot, "siti", tps_number=1) == {
            "SITI JATEN SATU",
            "SITI SALAM SATU",
            "SITI JATI SATU",
        }
        assert found(snapshot, tps_number=3) == set()

    def test_sex(self, snapshot: Snapshot) -> None:
        assert found(snapshot, sex="L") == {"BUDI JATEN SATU", "EKO JATEN DUA"}
        assert found(snapshot, "satu", sex="P") == {
            "SITI JATEN SATU",
            "SITI SALAM SATU",
            "SITI JATI SATU",
        }
        with pytest.raises(ValueError):
            voter_search(snapshot=snapshot, sex="X")

    def test_birth_year_bounds(self, snapshot: Snapshot) -> None:
        assert found(snapshot, birth_year=1950) == {
            "SITI JATEN SATU",
            "BUDI JATEN SATU",
            "SITI JATI SATU",
        }
        assert found(snapshot, birth_year=1949) == {"SITI SALAM SATU"}
        assert found(snapshot, birth_year=1951) == {"EKO JATEN DUA"}

    def test_filters_without_a_name(self, snapshot: Snapshot) -> None:
        # All voters of a desa born in 1950.
        jaten = Region.objects.get(code=JATEN)
        assert found(snapshot, village=jaten, birth_year=1950) == {
            "SITI JATEN SATU",
            "BUDI JATEN SATU",
        }

    def test_age(self, snapshot: Snapshot) -> None:
        assert found(snapshot, age=69) == {"BUDI JATEN SATU", "EKO JATEN DUA"}

    def test_no_filter_at_all_lists_the_snapshot(self, snapshot: Snapshot) -> None:
        assert len(found(snapshot)) == 5

    @pytest.mark.parametrize("selective_keys", [search.SELECTIVE_KEYS, 1])
    def test_name_with_row_filters_either_way(
        self, snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch, selective_keys: int
    ) -> None:
        """Name + sex: keys first when the name is rare, one query when it is common."""
        monkeypatch.setattr(search, "SELECTIVE_KEYS", selective_keys)
        assert found(snapshot, "siti", sex="P", birth_year=1950) == {
            "SITI JATEN SATU",
            "SITI JATI SATU",
        }
        assert found(snapshot, "satu", sex="L") == {"BUDI JATEN SATU"}
        assert found(snapshot, "siti", sex="L") == set()
        page = voter_search(snapshot=snapshot, query="siti", sex="P", page_size=2)
        assert names(page) == ["SITI JATEN SATU", "SITI JATI SATU"] and page.has_next


# --- pagination -----------------------------------------------------------------------


class TestPagination:
    def test_page_boundaries(self, snapshot: Snapshot, make_voter: MakeVoter) -> None:
        for letter in "ABCDEFG":
            make_voter(name=f"{letter}SRI")
        first = voter_search(snapshot=snapshot, query="sri", page_size=3)
        assert names(first) == ["ASRI", "BSRI", "CSRI"]
        assert first.has_next and not first.has_previous
        assert (first.start_index, first.end_index) == (1, 3)
        second = voter_search(snapshot=snapshot, query="sri", page_size=3, page=2)
        assert names(second) == ["DSRI", "ESRI", "FSRI"]
        assert second.has_next and second.has_previous
        last = voter_search(snapshot=snapshot, query="sri", page_size=3, page=3)
        assert names(last) == ["GSRI"]
        assert not last.has_next
        beyond = voter_search(snapshot=snapshot, query="sri", page_size=3, page=4)
        assert names(beyond) == [] and not beyond.has_next and beyond.start_index == 0

    def test_exactly_full_last_page_has_no_next(
        self, snapshot: Snapshot, make_voter: MakeVoter
    ) -> None:
        for letter in "ABCDEF":
            make_voter(name=f"{letter}SRI", sex="P")
        assert not voter_search(snapshot=snapshot, query="sri", page_size=3, page=2).has_next
        assert voter_search(snapshot=snapshot, query="sri", page_size=3, page=1).has_next
        # The same with a row filter and with a region filter (the other query shapes).
        assert not voter_search(
            snapshot=snapshot, query="sri", sex="P", page_size=3, page=2
        ).has_next
        jaten = Region.objects.get(code=JATEN)
        assert not voter_search(
            snapshot=snapshot, query="sri", village=jaten, page_size=3, page=2
        ).has_next

    @pytest.mark.parametrize("filters", [{}, {"sex": "P"}, {"tps_number": 1}])
    def test_same_names_split_across_pages_by_id(
        self, snapshot: Snapshot, make_voter: MakeVoter, filters: dict[str, object]
    ) -> None:
        """Pages cut through a run of equal names without repeating or losing anyone."""
        ids = [make_voter(name="SITI", sex="P").pk for _ in range(5)]
        ids.insert(0, make_voter(name="ANI SITI", sex="P").pk)
        ids.append(make_voter(name="SITI ZAHRA", sex="P").pk)
        seen = []
        for number in range(1, 5):
            page = voter_search(
                snapshot=snapshot, query="siti", page=number, page_size=2, **filters
            )
            seen.extend(voter.pk for voter in page.voters)
            assert page.has_next == (number < 4)
        assert seen == ids

    def test_page_must_be_positive_and_not_too_deep(self, snapshot: Snapshot) -> None:
        with pytest.raises(ValueError):
            voter_search(snapshot=snapshot, query="siti", page=0)
        with pytest.raises(ValueError):
            voter_search(snapshot=snapshot, query="siti", page=search.MAX_PAGE + 1)

    def test_last_page_served_says_there_is_more(
        self, snapshot: Snapshot, make_voter: MakeVoter, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(search, "MAX_PAGE", 2)
        for letter in "ABCDE":
            make_voter(name=f"{letter}SRI")
        second = voter_search(snapshot=snapshot, query="sri", page_size=2, page=2)
        assert second.has_next and second.at_page_limit
        assert not voter_search(snapshot=snapshot, query="sri", page_size=2).at_page_limit


# --- snapshots ------------------------------------------------------------------------


class TestSnapshots:
    def test_another_snapshots_voters_never_leak(
        self, snapshot: Snapshot, election: Election, make_voter: MakeVoter
    ) -> None:
        older = other_snapshot(election)
        make_voter(name="SITI AMINAH", sex="P", birth_date=datetime.date(1950, 1, 1))
        make_voter(name="SITI AMINAH LAMA", snapshot=older, sex="P",
                   birth_date=datetime.date(1950, 1, 1))  # fmt: skip
        make_voter(name="BUDI LAMA", snapshot=older, sex="L")
        assert found(snapshot, "siti") == {"SITI AMINAH"}
        assert found(snapshot, "siti", sex="P", birth_year=1950) == {"SITI AMINAH"}
        assert found(snapshot, village=Region.objects.get(code=JATEN)) == {"SITI AMINAH"}
        assert found(snapshot, sex="L") == set()
        assert found(older, "siti") == {"SITI AMINAH LAMA"}
        assert found(older, "lama") == {"SITI AMINAH LAMA", "BUDI LAMA"}

    def test_another_elections_tps_do_not_count(
        self, snapshot: Snapshot, blitar: Region, make_voter: MakeVoter
    ) -> None:
        make_voter(name="SITI AMINAH", village=JATEN, tps=1)
        other = election_create(
            code="pilgub-jatim-2018",
            name="Pilgub Jatim 2018",
            kind="pilkada",
            region_code="35.05",
            voting_day=datetime.date(2018, 6, 27),
        )
        elsewhere = other_snapshot(other)
        tps = Tps.objects.create(election=other, village_id=JATEN, number=1)
        Voter.objects.create(
            snapshot=elsewhere, tps=tps, source_line=2, name="SITI LAIN", name_key="SITI LAIN"
        )
        jaten = Region.objects.get(code=JATEN)
        assert found(snapshot, "siti", village=jaten, tps_number=1) == {"SITI AMINAH"}
        assert found(elsewhere, "siti", village=jaten, tps_number=1) == {"SITI LAIN"}

    def test_seven_column_list_is_searchable(
        self, election: Election, make_voter: MakeVoter
    ) -> None:
        """KPU's soft copy for Bawaslu: name, sex, age, address, RT, RW, remark, TPS."""
        soft_copy = other_snapshot(election, fields=SEVEN_COLUMNS)
        make_voter(name="MOCH. SUPRIYADI", snapshot=soft_copy, sex="L", age=70, rt="001")
        make_voter(name="SITI AMINAH", snapshot=soft_copy, sex="P", age=45, tps=2)
        assert found(soft_copy, "muhammad supri") == {"MOCH. SUPRIYADI"}
        assert found(soft_copy, sex="P") == {"SITI AMINAH"}
        assert found(soft_copy, age=70) == {"MOCH. SUPRIYADI"}
        assert found(soft_copy, tps_number=2) == {"SITI AMINAH"}

    def test_birth_year_is_unavailable_without_birth_dates(
        self, election: Election, make_voter: MakeVoter
    ) -> None:
        soft_copy = other_snapshot(election, fields=SEVEN_COLUMNS)
        make_voter(name="MOCH. SUPRIYADI", snapshot=soft_copy, age=70)
        with pytest.raises(SearchUnavailable) as excinfo:
            voter_search(snapshot=soft_copy, query="supri", birth_year=1950)
        assert excinfo.value.code == "birth_date_missing"
        assert excinfo.value.field == "birth_year"
        assert "tanggal lahir" in excinfo.value.message

    def test_age_is_unavailable_without_ages(self, election: Election) -> None:
        no_age = other_snapshot(election, fields=["name", "nik", "birth_date"])
        with pytest.raises(SearchUnavailable) as excinfo:
            voter_search(snapshot=no_age, age=70)
        assert excinfo.value.code == "age_missing"


# --- NIK ------------------------------------------------------------------------------


def test_find_by_nik(snapshot: Snapshot, election: Election, make_voter: MakeVoter) -> None:
    make_voter(name="SITI AMINAH", nik="3505014107800001")
    make_voter(name="SITI AMINAH GANDA", nik="3505014107800001")
    make_voter(name="BUDI", nik="3505010101800002")
    older = other_snapshot(election)
    make_voter(name="SITI LAMA", nik="3505014107800001", snapshot=older)
    found_names = [v.name for v in voter_find_by_nik(snapshot=snapshot, nik="3505014107800001")]
    assert found_names == ["SITI AMINAH", "SITI AMINAH GANDA"]
    assert voter_find_by_nik(snapshot=snapshot, nik="3505014107800009") == []


def test_find_by_nik_in_a_list_without_nik(election: Election) -> None:
    soft_copy = other_snapshot(election, fields=SEVEN_COLUMNS)
    with pytest.raises(SearchUnavailable) as excinfo:
        voter_find_by_nik(snapshot=soft_copy, nik="3505014107800001")
    assert excinfo.value.code == "nik_missing"


def test_nik_mask() -> None:
    assert nik_mask("3505014107800001") == "3505********0001"
    assert nik_mask("12345") == "***45"
    assert nik_mask("") == ""


# --- the list of one TPS --------------------------------------------------------------


def test_tps_roster_in_file_order_with_counts(
    snapshot: Snapshot, election: Election, make_voter: MakeVoter
) -> None:
    third = make_voter(name="ANI", sex="P", nik="3505014107800001")
    first = make_voter(name="ZAINAL", sex="L")
    second = make_voter(name="BUDI", sex="L")
    Voter.objects.filter(pk=third.pk).update(source_line=30)
    Voter.objects.filter(pk=first.pk).update(source_line=10)
    Voter.objects.filter(pk=second.pk).update(source_line=20)
    make_voter(name="LAIN TPS", tps=2)
    make_voter(name="LAIN DAFTAR", snapshot=other_snapshot(election))
    tps = Tps.objects.get(election=election, village_id=JATEN, number=1)
    roster = tps_roster_build(tps=tps, snapshot=snapshot)
    assert [row.voter.name for row in roster.rows] == ["ZAINAL", "BUDI", "ANI"]
    assert [row.number for row in roster.rows] == [1, 2, 3]
    assert (roster.male, roster.female, roster.total) == (2, 1, 3)
    assert roster.rows[2].nik_masked == "3505********0001"


def test_tps_roster_refuses_another_elections_snapshot(
    snapshot: Snapshot, blitar: Region, make_voter: MakeVoter
) -> None:
    make_voter(name="ANI")
    other = election_create(
        code="pilgub-jatim-2018",
        name="Pilgub Jatim 2018",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2018, 6, 27),
    )
    tps = Tps.objects.create(election=other, village_id=JATEN, number=1)
    with pytest.raises(ValueError):
        tps_roster_build(tps=tps, snapshot=snapshot)
