"""The public Cek DPT service: NIK validation, masking, one answer per election."""

import datetime
from collections.abc import Callable

import pytest

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.services.lookup import (
    NikInvalid,
    ktp_el_voting,
    nik_clean,
    nik_mask,
    public_lookup_json,
    snapshots_public_current,
    voter_lookup_public,
)
from pengawas.dpt.tests.factories import KNOWN, UNKNOWN, snapshot_for_test
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region


def _snapshot(election: Election, stage: str = "DPT", fields: list[str] | None = None) -> Snapshot:
    return snapshot_for_test(
        election, stage=stage, fields=["nik", "nkk", "name"] if fields is None else fields
    )


@pytest.fixture
def pemilu(blitar: Region) -> Election:
    return election_create(
        code="pemilu-2024",
        name="Pemilihan Umum 2024",
        kind="pemilu",
        region_code="35.05",
        voting_day=datetime.date(2024, 2, 14),
    )


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [KNOWN, f" {KNOWN} ", "3505 9941 0180 0001", "3505.9941.0180.0001", "3505-9941-0180-0001"],
)
def test_nik_clean_accepts_16_digits_ignoring_spaces_and_dots(raw: str) -> None:
    assert nik_clean(raw=raw) == KNOWN


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("", "nik_required", "Masukkan NIK"),
        ("   ", "nik_required", "Masukkan NIK"),
        (" . ", "nik_required", "Masukkan NIK"),
        ("35059941O1800001", "nik_not_digits", "hanya berisi angka"),
        ("3505*", "nik_not_digits", "hanya berisi angka"),
        ("3505%", "nik_not_digits", "hanya berisi angka"),
        ("350599410180000\u0661", "nik_not_digits", "hanya berisi angka"),  # Arabic-Indic 1
        (
            KNOWN.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
            "nik_not_digits",
            "hanya",
        ),
        ("350599410180000", "nik_length", "15 digit"),
        ("35059941018000011", "nik_length", "17 digit"),
        ("3505", "nik_length", "4 digit"),
        ("1" * 65, "nik_length", "terlalu panjang"),
    ],
)
def test_nik_clean_explains_errors_in_indonesian(raw: str, code: str, words: str) -> None:
    with pytest.raises(NikInvalid) as caught:
        nik_clean(raw=raw)
    assert caught.value.code == code
    assert words in caught.value.message
    assert "16 digit" in caught.value.message or code == "nik_not_digits"


def test_nik_mask_keeps_four_digits_each_end() -> None:
    assert nik_mask(nik=KNOWN) == "3505********0001"


@pytest.mark.django_db
def test_lookup_refuses_anything_but_a_full_nik(siti: Voter) -> None:
    # No partial lookup, even when the service is called directly.
    for partial in (KNOWN[:15], KNOWN[:4], "", KNOWN + "0", "%"):
        with pytest.raises(NikInvalid):
            voter_lookup_public(nik=partial)


# --- found / not found ------------------------------------------------------------------


def test_known_nik_gives_masked_name_and_tps_location(siti: Voter) -> None:
    lookup = voter_lookup_public(nik=KNOWN)

    assert lookup.found
    assert lookup.nik_masked == "3505********0001"
    (entry,) = lookup.entries
    assert entry.found
    assert entry.name == "SIT* AMI***"
    assert entry.tps == "TPS 003"
    assert entry.desa == "Togogan"  # 35.05.03.1004: a kelurahan of Srengat
    assert entry.kecamatan == "Srengat"
    assert entry.stage == "DPT"
    assert entry.election.code == "pilbup-blitar-2020"


def test_unknown_nik_gives_one_empty_entry_per_election(siti: Voter) -> None:
    lookup = voter_lookup_public(nik=UNKNOWN)

    assert not lookup.found
    (entry,) = lookup.entries
    assert not entry.found
    assert entry.searchable
    assert (entry.name, entry.tps, entry.desa, entry.kecamatan) == (None, None, None, None)
    assert entry.election.code == "pilbup-blitar-2020"
    assert "KTP-el" in lookup.message and "PPS" in lookup.message


def test_answer_never_carries_nik_nkk_birth_date_or_address(siti: Voter) -> None:
    text = repr(public_lookup_json(lookup=voter_lookup_public(nik=KNOWN)))

    for secret in (KNOWN, siti.nkk, "SITI", "AMINAH", "1980", "MAWAR"):
        assert secret not in text
    assert "SIT* AMI***" in text


def test_same_queries_for_known_and_unknown(
    siti: Voter, django_assert_num_queries: Callable[..., object]
) -> None:
    # The first answers in a process also read the current snapshots and the TPS's place.
    voter_lookup_public(nik=UNKNOWN)
    voter_lookup_public(nik=KNOWN)
    with django_assert_num_queries(1) as known:  # type: ignore[attr-defined]
        voter_lookup_public(nik=KNOWN)
    with django_assert_num_queries(1) as unknown:  # type: ignore[attr-defined]
        voter_lookup_public(nik=UNKNOWN)
    shape = [q["sql"].replace(KNOWN, "?") for q in known.captured_queries]
    assert shape == [q["sql"].replace(UNKNOWN, "?") for q in unknown.captured_queries]


def test_one_entry_per_election_even_when_found_in_one(
    siti: Voter, pemilu: Election, snapshot: Snapshot
) -> None:
    _snapshot(pemilu)

    lookup = voter_lookup_public(nik=KNOWN)

    # Newest voting day first, like Election.Meta.ordering.
    assert [e.election.code for e in lookup.entries] == ["pemilu-2024", "pilbup-blitar-2020"]
    assert [e.found for e in lookup.entries] == [False, True]
    assert lookup.found_count == 1


def test_only_the_current_snapshot_is_searched(
    election: Election, snapshot: Snapshot, make_voter: Callable[..., Voter]
) -> None:
    # A voter listed in an older import but not in the latest list is not found.
    make_voter(name="SITI AMINAH", nik=KNOWN)
    newer = _snapshot(election, stage="DPT")

    assert snapshots_public_current() == [newer]
    (entry,) = voter_lookup_public(nik=KNOWN).entries
    assert not entry.found


def test_the_current_snapshot_is_the_latest_stage_then_the_latest_import(
    election: Election, pemilu: Election, snapshot: Snapshot
) -> None:
    # A later stage wins over a later import of an earlier stage; ties go to the latest.
    _snapshot(election, stage="DPS")
    dpt_later = _snapshot(election, stage="DPT")
    _snapshot(pemilu, stage="DPS")
    dpshp = _snapshot(pemilu, stage="DPSHP")
    assert {s.pk for s in snapshots_public_current()} == {dpt_later.pk, dpshp.pk}
    lookup = voter_lookup_public(nik=UNKNOWN)
    assert [(e.election.code, e.stage, e.stage_is_final) for e in lookup.entries] == [
        ("pemilu-2024", "DPSHP", False),
        ("pilbup-blitar-2020", "DPT", True),
    ]


def test_elections_without_a_list_are_left_out(election: Election, pemilu: Election) -> None:
    _snapshot(pemilu)

    assert [e.election.code for e in voter_lookup_public(nik=UNKNOWN).entries] == ["pemilu-2024"]


def test_no_list_at_all_gives_no_entries_and_says_so(election: Election) -> None:
    lookup = voter_lookup_public(nik=UNKNOWN)

    assert lookup.entries == ()
    assert "Belum ada daftar pemilih" in lookup.message


def test_list_without_nik_column_is_marked_not_searchable(
    election: Election, make_voter: Callable[..., Voter]
) -> None:
    seven_columns = _snapshot(election, fields=["name", "sex", "age", "address", "rt", "rw"])
    make_voter(name="SITI AMINAH", nik=KNOWN, snapshot=seven_columns)

    (entry,) = voter_lookup_public(nik=KNOWN).entries

    assert not entry.searchable
    assert not entry.found


def test_a_nik_listed_twice_gives_one_answer_the_first_row(
    make_voter: Callable[..., Voter],
) -> None:
    make_voter(name="SITI AMINAH", nik=KNOWN, tps=4)
    make_voter(name="SITI AMINAH", nik=KNOWN, tps=9)

    (entry,) = voter_lookup_public(nik=KNOWN).entries

    assert entry.tps == "TPS 004"


# --- voting with KTP-el in the last hour ------------------------------------------------


def test_ktp_el_hour_for_pilkada_is_dptb_before_closing(election: Election) -> None:
    rule = ktp_el_voting(election=election)

    assert (rule.list_code, rule.starts, rule.ends) == (
        "DPTb",
        datetime.time(12, 0),
        datetime.time(13, 0),
    )


def test_ktp_el_hour_follows_the_closing_time_and_pemilu_calls_it_dpk(pemilu: Election) -> None:
    pemilu.voting_closes = datetime.time(14, 30)

    rule = ktp_el_voting(election=pemilu)

    assert (rule.list_code, rule.starts, rule.ends) == (
        "DPK",
        datetime.time(13, 30),
        datetime.time(14, 30),
    )
    assert rule.list_name == "Daftar Pemilih Khusus"


def test_ktp_el_hour_never_starts_before_opening(election: Election) -> None:
    election.voting_opens, election.voting_closes = datetime.time(7, 0), datetime.time(7, 30)

    assert ktp_el_voting(election=election).starts == datetime.time(7, 0)


def test_json_shape_is_the_same_for_known_and_unknown(siti: Voter, pemilu: Election) -> None:
    _snapshot(pemilu)
    known = public_lookup_json(lookup=voter_lookup_public(nik=KNOWN))
    unknown = public_lookup_json(lookup=voter_lookup_public(nik=UNKNOWN))

    assert known.keys() == unknown.keys()
    assert len(known["results"]) == len(unknown["results"]) == 2
    for a, b in zip(known["results"], unknown["results"], strict=True):
        assert a.keys() == b.keys()
        assert a["election"] == b["election"]
    assert known["results"][1]["election"]["ktp_el_voting"] == {
        "list": "DPTb",
        "list_name": "Daftar Pemilih Tambahan",
        "from": "12:00",
        "until": "13:00",
    }


def test_a_renamed_desa_is_answered_at_once_in_this_process(siti: Voter) -> None:
    (entry,) = voter_lookup_public(nik=KNOWN).entries
    village = siti.tps.village
    village.name = "Jaten Baru"
    village.save()
    (entry,) = voter_lookup_public(nik=KNOWN).entries
    assert entry.desa == "Jaten Baru"
