"""The recount and re-vote rules: each code, each kind, each threshold's boundary (no DB)."""

from typing import Any

import pytest

from pengawas.incidents.grounds import (
    CODES,
    INCIDENT_TYPES,
    RECOUNT,
    REVOTE,
    TYPES,
    IncidentError,
    ulang_check,
)


def check(kind: str, *incidents: tuple[str, int | None]) -> dict[str, Any]:
    return ulang_check(
        election_kind=kind, incidents=[{"code": code, "count": count} for code, count in incidents]
    )


def item(answer: dict[str, Any], code: str) -> dict[str, Any]:
    section = answer[TYPES[code].section]
    (found,) = [ground for ground in section["grounds"] if ground["code"] == code]
    return found


def test_the_codes_are_the_issues() -> None:
    assert CODES == (
        "UNREST_RESULT_UNUSABLE",
        "BOX_OPENED_IMPROPERLY",
        "VOTER_ASKED_TO_MARK",
        "KPPS_DAMAGED_USED_BALLOTS",
        "VOTED_MORE_THAN_ONCE",
        "UNREGISTERED_VOTED",
        "NO_KTP_UNREGISTERED_VOTED",
        "COUNT_UNREST",
        "COUNT_CLOSED",
        "COUNT_POOR_LIGHT",
        "COUNT_UNCLEAR_VOICE",
        "COUNT_ILLEGIBLE",
        "COUNT_NOT_OBSERVABLE",
        "COUNT_WRONG_PLACE_OR_TIME",
        "COUNT_INCONSISTENT_VALIDITY",
    )
    counted = {t.code for t in INCIDENT_TYPES if t.counted}
    assert counted == {
        "KPPS_DAMAGED_USED_BALLOTS",
        "VOTED_MORE_THAN_ONCE",
        "UNREGISTERED_VOTED",
        "NO_KTP_UNREGISTERED_VOTED",
    }
    assert {t.code for t in INCIDENT_TYPES if t.section == RECOUNT} == {
        c for c in CODES if c.startswith("COUNT_")
    }


@pytest.mark.parametrize("kind", ["pilkada", "pemilu"])
def test_nothing_recorded_grounds_nothing(kind: str) -> None:
    assert check(kind) == {
        "recount": {"grounded": False, "grounds": []},
        "revote": {"grounded": False, "grounds": []},
    }


def test_the_shape_is_the_issues() -> None:
    answer = check("pilkada", ("COUNT_CLOSED", None))
    assert set(answer) == {"recount", "revote"}
    assert set(answer["recount"]) == {"grounded", "grounds"}
    assert {"code", "basis"} <= set(answer["recount"]["grounds"][0])


# Incidents without a count: (code, kind) → the basis it must cite, or None (no ground).
UNCOUNTED = [
    ("UNREST_RESULT_UNUSABLE", "pilkada", "UU 1/2015 jo. UU 10/2016 Pasal 112 ayat (1)", True),
    ("UNREST_RESULT_UNUSABLE", "pemilu", "UU 7/2017 Pasal 372 ayat (1)", True),
    ("BOX_OPENED_IMPROPERLY", "pilkada", "Pasal 112 ayat (2) huruf a", True),
    ("BOX_OPENED_IMPROPERLY", "pemilu", "UU 7/2017 Pasal 372 ayat (2) huruf a", False),
    ("VOTER_ASKED_TO_MARK", "pilkada", "Pasal 112 ayat (2) huruf b", True),
    ("VOTER_ASKED_TO_MARK", "pemilu", "UU 7/2017 Pasal 372 ayat (2) huruf b", False),
    ("COUNT_UNREST", "pilkada", None, False),
    ("COUNT_UNREST", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf a", True),
    ("COUNT_CLOSED", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf a", False),
    ("COUNT_CLOSED", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf b", True),
    ("COUNT_POOR_LIGHT", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf b", False),
    ("COUNT_POOR_LIGHT", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf c", True),
    ("COUNT_UNCLEAR_VOICE", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf c", False),
    ("COUNT_UNCLEAR_VOICE", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf d", True),
    ("COUNT_ILLEGIBLE", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf d", False),
    ("COUNT_ILLEGIBLE", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf e", True),
    ("COUNT_NOT_OBSERVABLE", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf e", False),
    ("COUNT_NOT_OBSERVABLE", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf f", True),
    ("COUNT_WRONG_PLACE_OR_TIME", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf f", False),
    ("COUNT_WRONG_PLACE_OR_TIME", "pemilu", "UU 7/2017 Pasal 374 ayat (2) huruf g", True),
    ("COUNT_INCONSISTENT_VALIDITY", "pilkada", "UU 1/2015 Pasal 113 ayat (2) huruf g", False),
    ("COUNT_INCONSISTENT_VALIDITY", "pemilu", None, False),
]


@pytest.mark.parametrize(("code", "kind", "citation", "discretionary"), UNCOUNTED)
def test_uncounted_incident(
    code: str, kind: str, citation: str | None, discretionary: bool
) -> None:
    answer = check(kind, (code, None))
    section = TYPES[code].section
    other = REVOTE if section == RECOUNT else RECOUNT
    ground = item(answer, code)
    assert answer[section]["grounded"] is (citation is not None)
    assert ground["grounded"] is (citation is not None)
    assert ground["discretionary"] is discretionary
    assert answer[other] == {"grounded": False, "grounds": []}
    if citation is not None:
        assert (
            ground["basis"].startswith(citation.split(" Pasal")[0]) or citation in ground["basis"]
        )
        assert citation in ground["basis"]
    else:
        assert ground["basis"].startswith("Bukan alasan")


def test_a_riot_during_the_count_points_pilkada_to_the_re_vote_of_pasal_112_1() -> None:
    basis = item(check("pilkada", ("COUNT_UNREST", None)), "COUNT_UNREST")["basis"]
    assert "Pasal 113 ayat (2) tidak menyebut kerusuhan" in basis
    assert "UNREST_RESULT_UNUSABLE" in basis
    assert "Pasal 112 ayat (1)" in basis
    # Recorded as the law frames it, it grounds a re-vote that the law leaves to judgement.
    both = check("pilkada", ("COUNT_UNREST", None), ("UNREST_RESULT_UNUSABLE", None))
    assert both["recount"]["grounded"] is False
    assert both["revote"]["grounded"] is True
    assert item(both, "UNREST_RESULT_UNUSABLE")["discretionary"] is True


def test_pemilu_names_the_count_mismatch_instead_of_inconsistent_validity() -> None:
    basis = item(
        check("pemilu", ("COUNT_INCONSISTENT_VALIDITY", None)), "COUNT_INCONSISTENT_VALIDITY"
    )["basis"]
    assert "Pasal 374 ayat (2)" in basis and "Huruf h" in basis


# Counted incidents: (code, kind, highest count that does not ground, lowest that does).
# None: no count grounds it in that kind.
COUNTED = [
    ("KPPS_DAMAGED_USED_BALLOTS", "pilkada", 1, 2, "Pasal 112 ayat (2) huruf c"),
    ("KPPS_DAMAGED_USED_BALLOTS", "pemilu", 1, 2, "UU 7/2017 Pasal 372 ayat (2) huruf c"),
    ("VOTED_MORE_THAN_ONCE", "pilkada", 1, 2, "Pasal 112 ayat (2) huruf d"),
    ("VOTED_MORE_THAN_ONCE", "pemilu", 1000, None, None),
    ("UNREGISTERED_VOTED", "pilkada", 1, 2, "Pasal 112 ayat (2) huruf e"),
    ("UNREGISTERED_VOTED", "pemilu", 1000, None, None),
    ("NO_KTP_UNREGISTERED_VOTED", "pilkada", 1, 2, "Pasal 112 ayat (2) huruf e"),
    ("NO_KTP_UNREGISTERED_VOTED", "pemilu", None, 1, "UU 7/2017 Pasal 372 ayat (2) huruf d"),
]


@pytest.mark.parametrize(("code", "kind", "below", "enough", "citation"), COUNTED)
def test_counted_boundary(
    code: str, kind: str, below: int | None, enough: int | None, citation: str | None
) -> None:
    if below is not None:
        answer = check(kind, (code, below))
        assert answer["revote"]["grounded"] is False
        assert item(answer, code)["grounded"] is False
        assert item(answer, code)["count"] == below
    if enough is not None:
        answer = check(kind, (code, enough))
        assert answer["revote"]["grounded"] is True
        assert citation is not None and citation in item(answer, code)["basis"]
        assert item(answer, code)["discretionary"] is (kind == "pilkada")


def test_pilkada_adds_up_the_two_kinds_of_unregistered_voters() -> None:
    answer = check("pilkada", ("UNREGISTERED_VOTED", 1), ("NO_KTP_UNREGISTERED_VOTED", 1))
    assert answer["revote"]["grounded"] is True
    assert [g["grounded"] for g in answer["revote"]["grounds"]] == [True, True]
    assert "Tercatat 2" in answer["revote"]["grounds"][0]["basis"]


def test_the_same_code_recorded_twice_adds_up() -> None:
    answer = check("pilkada", ("VOTED_MORE_THAN_ONCE", 1), ("VOTED_MORE_THAN_ONCE", 1))
    assert answer["revote"]["grounded"] is True
    assert len(answer["revote"]["grounds"]) == 1
    assert answer["revote"]["grounds"][0]["count"] == 2


def test_pilkada_against_pemilu_for_the_same_incidents() -> None:
    incidents = (
        ("NO_KTP_UNREGISTERED_VOTED", 1),
        ("VOTED_MORE_THAN_ONCE", 3),
        ("COUNT_UNREST", None),
        ("COUNT_INCONSISTENT_VALIDITY", None),
    )
    pilkada, pemilu = check("pilkada", *incidents), check("pemilu", *incidents)
    # One voter without KTP-el: a duty to re-vote in Pemilu, not enough in Pilkada; three
    # double voters: a Pilkada ground only.
    assert item(pilkada, "NO_KTP_UNREGISTERED_VOTED")["grounded"] is False
    assert item(pemilu, "NO_KTP_UNREGISTERED_VOTED")["grounded"] is True
    assert item(pilkada, "VOTED_MORE_THAN_ONCE")["grounded"] is True
    assert item(pemilu, "VOTED_MORE_THAN_ONCE")["grounded"] is False
    # The riot and the inconsistency trade places between the two recount lists.
    assert item(pilkada, "COUNT_UNREST")["grounded"] is False
    assert item(pemilu, "COUNT_UNREST")["grounded"] is True
    assert item(pilkada, "COUNT_INCONSISTENT_VALIDITY")["grounded"] is True
    assert item(pemilu, "COUNT_INCONSISTENT_VALIDITY")["grounded"] is False
    assert pilkada["revote"]["grounded"] and pemilu["revote"]["grounded"]
    assert pilkada["recount"]["grounded"] and pemilu["recount"]["grounded"]


def test_grounds_follow_the_laws_order_not_the_recording_order() -> None:
    answer = check("pemilu", ("COUNT_WRONG_PLACE_OR_TIME", None), ("COUNT_CLOSED", None))
    assert [g["code"] for g in answer["recount"]["grounds"]] == [
        "COUNT_CLOSED",
        "COUNT_WRONG_PLACE_OR_TIME",
    ]


@pytest.mark.parametrize(
    ("kind", "incidents", "message"),
    [
        ("pilpres", [], "Jenis pemilihan tidak dikenal: pilpres"),
        ("pilkada", [{"code": "RIOT", "count": 1}], "Kode kejadian tidak dikenal: RIOT"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE"}], r"perlu jumlah \(jumlah pemilih\)"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE", "count": 0}], "bilangan bulat 1 atau"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE", "count": -2}], "bilangan bulat 1 atau"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE", "count": 1.5}], "bilangan bulat 1 atau"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE", "count": "2"}], "bilangan bulat 1 atau"),
        ("pilkada", [{"code": "VOTED_MORE_THAN_ONCE", "count": True}], "bilangan bulat 1 atau"),
        ("pilkada", [{"code": "COUNT_CLOSED", "count": 0}], "bilangan bulat 1 atau"),
        ("pilkada", ["COUNT_CLOSED"], "harus berupa objek"),
        ("pilkada", {"code": "COUNT_CLOSED"}, "harus berupa list"),
    ],
)
def test_refusals_are_explained(kind: str, incidents: Any, message: str) -> None:
    with pytest.raises(IncidentError, match=message):
        ulang_check(election_kind=kind, incidents=incidents)


def test_a_count_given_for_an_uncounted_incident_is_ignored() -> None:
    answer = check("pilkada", ("COUNT_CLOSED", 3))
    assert answer["recount"]["grounds"][0]["count"] is None
