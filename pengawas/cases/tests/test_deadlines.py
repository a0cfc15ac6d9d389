"""Every deadline rule, without a database: day counting, month ends, due today, Jakarta
days, working days with holidays."""

import datetime

import pytest

from pengawas.cases.deadlines import (
    COMPLETENESS,
    DECISION,
    FILING,
    JAKARTA,
    CaseFacts,
    State,
    WorkingDayTable,
    add_working_days,
    case_deadlines,
    completeness_deadline,
    decision_deadline,
    filing_deadline,
    jakarta_date,
    next_deadline,
)

D = datetime.date


def wib(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=JAKARTA)


# --- Pilkada: filing within 7 calendar days (UU Pemilihan Pasal 134 ayat (4)) ---


def test_filing_day_one_is_the_day_after_knowing() -> None:
    deadline = filing_deadline(
        election_kind="pilkada", known_on=D(2020, 10, 1), filed_on=None, today=D(2020, 10, 1)
    )
    assert deadline.code == FILING
    assert deadline.due_date == D(2020, 10, 8)
    assert deadline.days_left == 7
    assert deadline.state == State.OK
    assert "Pasal 134 ayat (4)" in deadline.basis
    assert deadline.verified


@pytest.mark.parametrize(
    ("filed_on", "state"),
    [(D(2020, 10, 8), State.MET), (D(2020, 10, 1), State.MET), (D(2020, 10, 9), State.LATE)],
)
def test_filing_on_the_last_day_is_on_time_the_day_after_is_late(
    filed_on: datetime.date, state: str
) -> None:
    deadline = filing_deadline(
        election_kind="pilkada", known_on=D(2020, 10, 1), filed_on=filed_on, today=D(2020, 12, 1)
    )
    assert deadline.state == state
    assert deadline.days_left is None


def test_filing_counts_weekends_and_crosses_month_and_year_ends() -> None:
    # Calendar days: Saturday 26 Sep 2020 + 7 = Saturday 3 Oct.
    assert filing_deadline(
        election_kind="pilkada", known_on=D(2020, 9, 26), filed_on=None, today=D(2020, 9, 26)
    ).due_date == D(2020, 10, 3)
    assert filing_deadline(
        election_kind="pilkada", known_on=D(2021, 2, 25), filed_on=None, today=D(2021, 2, 25)
    ).due_date == D(2021, 3, 4)
    assert filing_deadline(
        election_kind="pilkada", known_on=D(2020, 2, 25), filed_on=None, today=D(2020, 2, 25)
    ).due_date == D(2020, 3, 3)  # 2020 is a leap year
    assert filing_deadline(
        election_kind="pilkada", known_on=D(2020, 12, 28), filed_on=None, today=D(2020, 12, 28)
    ).due_date == D(2021, 1, 4)


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        (D(2020, 10, 6), State.OK, 2),
        (D(2020, 10, 7), State.DUE_SOON, 1),
        (D(2020, 10, 8), State.DUE_SOON, 0),  # due today
        (D(2020, 10, 9), State.OVERDUE, -1),
    ],
)
def test_open_states_around_the_due_day(today: datetime.date, state: str, left: int) -> None:
    deadline = filing_deadline(
        election_kind="pilkada", known_on=D(2020, 10, 1), filed_on=None, today=today
    )
    assert (deadline.state, deadline.days_left) == (state, left)


# --- Pilkada: kelengkapan syarat 2x24 hours ---


def test_completeness_runs_48_hours_from_the_request() -> None:
    asked = wib(2020, 10, 5, 10, 0)
    deadline = completeness_deadline(
        election_kind="pilkada", requested_at=asked, completed_at=None, now=asked
    )
    assert deadline.code == COMPLETENESS
    assert deadline.due_at == wib(2020, 10, 7, 10, 0)
    assert deadline.due_date == D(2020, 10, 7)
    assert deadline.state == State.OK
    assert deadline.days_left == 2


def test_completeness_states_by_the_hour() -> None:
    asked = wib(2020, 10, 5, 10, 0)

    def at(now: datetime.datetime) -> str:
        return completeness_deadline(
            election_kind="pilkada", requested_at=asked, completed_at=None, now=now
        ).state

    assert at(wib(2020, 10, 6, 9, 59)) == State.OK
    assert at(wib(2020, 10, 6, 10, 0)) == State.DUE_SOON  # 24 hours left
    assert at(wib(2020, 10, 7, 10, 0)) == State.DUE_SOON  # the last minute
    assert at(wib(2020, 10, 7, 10, 1)) == State.OVERDUE  # same day, but past the hour


def test_completeness_met_or_late() -> None:
    asked = wib(2020, 10, 5, 10, 0)
    met = completeness_deadline(
        election_kind="pilkada",
        requested_at=asked,
        completed_at=wib(2020, 10, 7, 9, 0),
        now=wib(2020, 10, 9, 0, 0),
    )
    late = completeness_deadline(
        election_kind="pilkada",
        requested_at=asked,
        completed_at=wib(2020, 10, 7, 11, 0),
        now=wib(2020, 10, 9, 0, 0),
    )
    assert (met.state, late.state) == (State.MET, State.LATE)


def test_completeness_over_a_month_end_in_utc_input() -> None:
    # 30 Sep 20:00 UTC is 1 Oct 03:00 in Jakarta: the days are Jakarta's.
    asked = datetime.datetime(2020, 9, 30, 20, 0, tzinfo=datetime.UTC)
    deadline = completeness_deadline(
        election_kind="pilkada", requested_at=asked, completed_at=None, now=asked
    )
    assert deadline.due_date == D(2020, 10, 3)


# --- Pilkada: decided within 3 days of registration, +2 (Pasal 134 ayat (5)-(6)) ---


@pytest.mark.parametrize(
    ("registered", "more_info", "due"),
    [
        (D(2020, 10, 30), False, D(2020, 11, 2)),
        (D(2020, 10, 30), True, D(2020, 11, 4)),
        (D(2020, 12, 30), False, D(2021, 1, 2)),
        (D(2021, 2, 27), True, D(2021, 3, 4)),
    ],
)
def test_decision_days(registered: datetime.date, more_info: bool, due: datetime.date) -> None:
    deadline = decision_deadline(
        election_kind="pilkada",
        registered_on=registered,
        more_info=more_info,
        decided_on=None,
        today=registered,
    )
    assert deadline.code == DECISION
    assert deadline.due_date == due
    assert "Pasal 134 ayat (5)-(6)" in deadline.basis


def test_decision_due_today_then_overdue_then_met_or_late() -> None:
    common = {"election_kind": "pilkada", "registered_on": D(2020, 10, 9), "more_info": False}
    due_today = decision_deadline(**common, decided_on=None, today=D(2020, 10, 12))  # type: ignore[arg-type]
    assert (due_today.state, due_today.days_left) == (State.DUE_SOON, 0)
    overdue = decision_deadline(**common, decided_on=None, today=D(2020, 10, 13))  # type: ignore[arg-type]
    assert (overdue.state, overdue.days_left) == (State.OVERDUE, -1)
    assert (
        decision_deadline(**common, decided_on=D(2020, 10, 12), today=D(2020, 11, 1)).state
        == State.MET
    )  # type: ignore[arg-type]
    assert (
        decision_deadline(**common, decided_on=D(2020, 10, 13), today=D(2020, 11, 1)).state
        == State.LATE
    )  # type: ignore[arg-type]


# --- Pemilu: working days from a table (UU 7/2017 Pasal 454; unverified figures) ---


def test_working_days_skip_weekends_and_holidays() -> None:
    # Friday 14 Feb 2024 is a holiday (Pemilu day); Friday 9 Feb, Thursday 8 Feb (Isra Mi'raj).
    holidays = {D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 14)}
    assert add_working_days(D(2024, 2, 5), 1, holidays) == D(2024, 2, 6)  # Mon → Tue
    assert add_working_days(D(2024, 2, 7), 1, holidays) == D(2024, 2, 12)  # Wed → Mon
    assert add_working_days(D(2024, 2, 10), 1, holidays) == D(2024, 2, 12)  # Sat → Mon
    assert add_working_days(D(2024, 2, 12), 3, holidays) == D(2024, 2, 16)  # skips 14
    assert add_working_days(D(2024, 2, 12), 0, holidays) == D(2024, 2, 12)


def test_pemilu_filing_in_working_days_is_marked_unverified() -> None:
    deadline = filing_deadline(
        election_kind="pemilu",
        known_on=D(2024, 1, 26),  # Friday
        filed_on=None,
        today=D(2024, 1, 26),
        holidays={D(2024, 2, 8), D(2024, 2, 9)},
    )
    # Day 1 = Mon 29 Jan … day 5 = Fri 2 Feb, day 6 = Mon 5 Feb, day 7 = Tue 6 Feb.
    assert deadline.due_date == D(2024, 2, 6)
    assert not deadline.verified
    assert "UU 7/2017 Pasal 454" in deadline.basis
    assert "dikonfirmasi Bawaslu" in deadline.basis


def test_pemilu_table_is_configurable() -> None:
    table = WorkingDayTable.from_mapping({"decision": 3, "decision_extra": 2, "verified": True})
    deadline = decision_deadline(
        election_kind="pemilu",
        registered_on=D(2024, 1, 31),  # Wednesday
        more_info=True,
        decided_on=None,
        today=D(2024, 1, 31),
        table=table,
    )
    assert deadline.due_date == D(2024, 2, 7)  # 5 working days: Thu, Fri, Mon, Tue, Wed
    assert deadline.verified
    with pytest.raises(ValueError, match="unknown keys"):
        WorkingDayTable.from_mapping({"filling": 7})
    with pytest.raises(ValueError, match="must be an int"):
        WorkingDayTable.from_mapping({"filing": 0})


def test_pemilu_completeness_ends_at_the_end_of_the_working_day() -> None:
    asked = wib(2024, 2, 2, 15, 0)  # Friday
    deadline = completeness_deadline(
        election_kind="pemilu", requested_at=asked, completed_at=None, now=asked
    )
    assert deadline.due_date == D(2024, 2, 6)
    assert deadline.due_at is not None and deadline.due_at.time() == datetime.time.max


def test_unknown_election_kind() -> None:
    with pytest.raises(ValueError, match="unknown election kind"):
        filing_deadline(
            election_kind="pilpres", known_on=D(2024, 1, 1), filed_on=None, today=D(2024, 1, 1)
        )


def test_naive_datetimes_have_no_jakarta_day() -> None:
    with pytest.raises(ValueError):
        jakarta_date(datetime.datetime(2020, 10, 1, 12, 0))


# --- A whole case ---


def test_case_deadlines_and_the_next_one() -> None:
    facts = CaseFacts(
        election_kind="pilkada",
        case_kind="laporan",
        received_at=wib(2020, 10, 7, 9, 0),
        known_on=D(2020, 10, 3),
        completeness_requested_at=wib(2020, 10, 7, 11, 0),
        completeness_done_at=wib(2020, 10, 8, 11, 0),
        registered_on=D(2020, 10, 9),
    )
    deadlines = case_deadlines(facts, now=wib(2020, 10, 11, 8, 0))
    assert [d.code for d in deadlines] == [FILING, COMPLETENESS, DECISION]
    assert [d.state for d in deadlines] == [State.MET, State.MET, State.DUE_SOON]
    upcoming = next_deadline(deadlines)
    assert upcoming is not None and upcoming.code == DECISION
    assert upcoming.due_date == D(2020, 10, 12)


def test_a_temuan_has_no_filing_rule_and_a_new_case_no_open_deadline() -> None:
    facts = CaseFacts(
        election_kind="pilkada", case_kind="temuan", received_at=wib(2020, 10, 7, 9, 0)
    )
    assert case_deadlines(facts, now=wib(2020, 10, 7, 9, 0)) == []
    assert next_deadline([]) is None


def test_next_deadline_prefers_overdue() -> None:
    overdue = filing_deadline(
        election_kind="pilkada", known_on=D(2020, 10, 1), filed_on=None, today=D(2020, 10, 10)
    )
    later = decision_deadline(
        election_kind="pilkada",
        registered_on=D(2020, 10, 9),
        more_info=False,
        decided_on=None,
        today=D(2020, 10, 10),
    )
    assert next_deadline([later, overdue]) == overdue
