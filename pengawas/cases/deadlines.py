"""Legal deadlines of enforcement cases: pure functions, no database.

Pilkada (UU 1/2015 as amended, "UU Pemilihan") counts in CALENDAR days; Pemilu (UU 7/2017)
counts in WORKING days (hari kerja): Saturdays, Sundays and the listed public holidays are
skipped (Bawaslu RI, facts §1 and §6).

How days are counted: the day of the event itself is day 0 and day 1 is the day after it (the
event is "known", "registered" or "requested" on day 0). A deadline of n days falls on day n
and is met by anything done on or before that day (the whole day counts; the office receives
reports 08:00-16:00, which this module does not enforce). For working days, day 1 is the
first working day after the event. The one rule in hours, kelengkapan syarat within 2x24
hours, runs from the exact moment the pelapor was asked. Days are days in Asia/Jakarta (WIB):
every date/time is turned into Jakarta time before its date is taken.

The Pemilu figures (WorkingDayTable) are NOT verified against the text of UU 7/2017 Pasal 454
or its Perbawaslu (facts.md verifies only that Pemilu counts in working days): they are
defaults that Bawaslu must confirm, set through settings.PENGAWAS_PEMILU_WORKING_DAYS, and
every Pemilu deadline says so (verified=False).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")

PILKADA = "pilkada"
PEMILU = "pemilu"
LAPORAN = "laporan"
TEMUAN = "temuan"

# Rule codes.
FILING = "laporan.batas_lapor"
COMPLETENESS = "laporan.kelengkapan"
DECISION = "perkara.putusan"


class State:
    OK = "ok"  # open, more than DUE_SOON_DAYS left
    DUE_SOON = "due_soon"  # open, due today or within DUE_SOON_DAYS
    OVERDUE = "overdue"  # open, past its day (or its hour)
    MET = "met"  # done on time
    LATE = "late"  # done after the deadline


OPEN_STATES = (State.OVERDUE, State.DUE_SOON, State.OK)
# "Due soon": due today or tomorrow.
DUE_SOON_DAYS = 1

# Pilkada, in calendar days: UU Pemilihan Pasal 134 (facts §6, verified).
PILKADA_FILING_DAYS = 7  # Pasal 134 ayat (4)
PILKADA_COMPLETENESS_HOURS = 48  # 2x24 jam (Perbawaslu 8/2020 as amended by 9/2024)
PILKADA_DECISION_DAYS = 3  # Pasal 134 ayat (5)
PILKADA_DECISION_EXTRA_DAYS = 2  # Pasal 134 ayat (6)

BASIS_PILKADA_FILING = (
    "UU 1/2015 sebagaimana telah diubah (UU Pemilihan) Pasal 134 ayat (4): "
    "paling lama 7 hari sejak diketahuinya pelanggaran"
)
BASIS_PILKADA_COMPLETENESS = (
    "Perbawaslu 8/2020 sebagaimana diubah Perbawaslu 9/2024: kelengkapan syarat 2x24 jam"
)
BASIS_PILKADA_DECISION = (
    "UU Pemilihan Pasal 134 ayat (5)-(6): paling lama 3 hari setelah registrasi, "
    "ditambah 2 hari bila diperlukan keterangan tambahan"
)
BASIS_PEMILU = (
    "UU 7/2017 Pasal 454 (hari kerja; angka belum diverifikasi, wajib dikonfirmasi Bawaslu)"
)


@dataclass(frozen=True)
class WorkingDayTable:
    """Pemilu deadlines in working days. UNVERIFIED defaults: Bawaslu must confirm them
    (settings.PENGAWAS_PEMILU_WORKING_DAYS overrides any of the four)."""

    filing: int = 7  # laporan within 7 hari kerja of knowing (UU 7/2017 Pasal 454)
    completeness: int = 2  # kelengkapan syarat
    decision: int = 7  # decided after registration
    decision_extra: int = 7  # added when more information is needed
    verified: bool = False

    @classmethod
    def from_mapping(cls, values: dict[str, int] | None) -> WorkingDayTable:
        values = dict(values or {})
        verified = bool(values.pop("verified", False))
        unknown = set(values) - {"filing", "completeness", "decision", "decision_extra"}
        if unknown:
            raise ValueError(f"PENGAWAS_PEMILU_WORKING_DAYS: unknown keys {sorted(unknown)}")
        for name, days in values.items():
            if not isinstance(days, int) or days < 1:
                raise ValueError(f"PENGAWAS_PEMILU_WORKING_DAYS[{name!r}] must be an int >= 1")
        return cls(verified=verified, **values)


@dataclass(frozen=True)
class Deadline:
    code: str
    due_date: datetime.date  # the last day (Jakarta) on which the step is on time
    basis: str
    days_left: int | None  # open: days from today to due_date (0 = today, <0 = overdue)
    state: str
    due_at: datetime.datetime | None = None  # for rules in hours: the exact moment
    verified: bool = True  # False: a Pemilu figure Bawaslu must confirm

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def sort_key(self) -> tuple[int, datetime.date]:
        order = {State.OVERDUE: 0, State.DUE_SOON: 1, State.OK: 2}
        return (order.get(self.state, 3), self.due_date)


def jakarta_date(moment: datetime.datetime) -> datetime.date:
    """The day in Asia/Jakarta on which an aware moment falls."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no day in Jakarta")
    return moment.astimezone(JAKARTA).date()


def is_working_day(day: datetime.date, holidays: Collection[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_calendar_days(start: datetime.date, days: int) -> datetime.date:
    """Day `days` after `start` (day 1 is the day after; weekends and holidays count)."""
    return start + datetime.timedelta(days=days)


def add_working_days(
    start: datetime.date, days: int, holidays: Collection[datetime.date] = ()
) -> datetime.date:
    """The `days`-th working day after `start` (day 1 is the first working day after it;
    `start` itself never counts, even when it is a working day)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def _add_days(
    election_kind: str, start: datetime.date, days: int, holidays: Collection[datetime.date]
) -> datetime.date:
    if election_kind == PILKADA:
        return add_calendar_days(start, days)
    if election_kind == PEMILU:
        return add_working_days(start, days, holidays)
    raise ValueError(f"unknown election kind {election_kind!r}")


def _state_by_day(
    due: datetime.date, *, done_on: datetime.date | None, today: datetime.date
) -> tuple[str, int | None]:
    if done_on is not None:
        return (State.MET if done_on <= due else State.LATE), None
    left = (due - today).days
    if left < 0:
        return State.OVERDUE, left
    return (State.DUE_SOON if left <= DUE_SOON_DAYS else State.OK), left


def filing_deadline(
    *,
    election_kind: str,
    known_on: datetime.date,
    filed_on: datetime.date | None,
    today: datetime.date,
    holidays: Collection[datetime.date] = (),
    table: WorkingDayTable = WorkingDayTable(),
) -> Deadline:
    """A laporan must be filed within 7 days of the violation becoming known.

    Pilkada: 7 calendar days (UU Pemilihan Pasal 134 ayat (4)); known on 1 October, the last
    day is 8 October. A laporan filed later is kedaluwarsa and is not registered (Perbawaslu
    9/2024 Pasal 9 ayat (4)): state LATE. Pemilu: `table.filing` working days.
    """
    if election_kind == PILKADA:
        due = add_calendar_days(known_on, PILKADA_FILING_DAYS)
        basis, verified = BASIS_PILKADA_FILING, True
    else:
        due = _add_days(election_kind, known_on, table.filing, holidays)
        basis, verified = BASIS_PEMILU, table.verified
    state, left = _state_by_day(due, done_on=filed_on, today=today)
    return Deadline(FILING, due, basis, left, state, verified=verified)


def completeness_deadline(
    *,
    election_kind: str,
    requested_at: datetime.datetime,
    completed_at: datetime.datetime | None,
    now: datetime.datetime,
    holidays: Collection[datetime.date] = (),
    table: WorkingDayTable = WorkingDayTable(),
) -> Deadline:
    """Missing syarat must be completed within 2x24 hours of the request (Pilkada): asked at
    10:00 on 5 October, the pelapor has until 10:00 on 7 October. Pemilu: `table.completeness`
    working days, to the end of the last day (Jakarta)."""
    if election_kind == PILKADA:
        due_at = requested_at + datetime.timedelta(hours=PILKADA_COMPLETENESS_HOURS)
        basis, verified = BASIS_PILKADA_COMPLETENESS, True
    else:
        due_day = _add_days(election_kind, jakarta_date(requested_at), table.completeness, holidays)
        due_at = datetime.datetime.combine(due_day, datetime.time.max, tzinfo=JAKARTA)
        basis, verified = BASIS_PEMILU, table.verified
    due = jakarta_date(due_at)
    if completed_at is not None:
        state = State.MET if completed_at <= due_at else State.LATE
        return Deadline(COMPLETENESS, due, basis, None, state, due_at, verified)
    left = (due - jakarta_date(now)).days
    if now > due_at:
        state = State.OVERDUE
    elif due_at - now <= datetime.timedelta(days=DUE_SOON_DAYS):
        state = State.DUE_SOON
    else:
        state = State.OK
    return Deadline(COMPLETENESS, due, basis, left, state, due_at, verified)


def decision_deadline(
    *,
    election_kind: str,
    registered_on: datetime.date,
    more_info: bool,
    decided_on: datetime.date | None,
    today: datetime.date,
    holidays: Collection[datetime.date] = (),
    table: WorkingDayTable = WorkingDayTable(),
) -> Deadline:
    """A registered case is decided (diteruskan or dihentikan) within 3 days of registration,
    5 when more information is needed from the pelapor (UU Pemilihan Pasal 134 ayat (5)-(6);
    Bawaslu RI calls it "5 hari", calendar days). Registered 30 October: the last day is 2
    November, or 4 November with more information. The Pasal speaks of laporan; a temuan is
    held to the same days here. Pemilu: `table.decision` (+ `table.decision_extra`) working
    days."""
    if election_kind == PILKADA:
        days = PILKADA_DECISION_DAYS + (PILKADA_DECISION_EXTRA_DAYS if more_info else 0)
        due = add_calendar_days(registered_on, days)
        basis, verified = BASIS_PILKADA_DECISION, True
    else:
        days = table.decision + (table.decision_extra if more_info else 0)
        due = _add_days(election_kind, registered_on, days, holidays)
        basis, verified = BASIS_PEMILU, table.verified
    state, left = _state_by_day(due, done_on=decided_on, today=today)
    return Deadline(DECISION, due, basis, left, state, verified=verified)


@dataclass(frozen=True)
class CaseFacts:
    """What the deadlines of one case depend on (read from the case and its events)."""

    election_kind: str
    case_kind: str
    received_at: datetime.datetime
    known_on: datetime.date | None = None
    completeness_requested_at: datetime.datetime | None = None
    completeness_done_at: datetime.datetime | None = None
    registered_on: datetime.date | None = None
    more_info_needed: bool = False
    decided_on: datetime.date | None = None
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)


def case_deadlines(
    facts: CaseFacts, *, now: datetime.datetime, table: WorkingDayTable = WorkingDayTable()
) -> list[Deadline]:
    """Every deadline that applies to the case so far, in the order of the procedure."""
    today = jakarta_date(now)
    found: list[Deadline] = []
    if facts.case_kind == LAPORAN and facts.known_on is not None:
        found.append(
            filing_deadline(
                election_kind=facts.election_kind,
                known_on=facts.known_on,
                filed_on=jakarta_date(facts.received_at),
                today=today,
                holidays=facts.holidays,
                table=table,
            )
        )
    if facts.completeness_requested_at is not None:
        found.append(
            completeness_deadline(
                election_kind=facts.election_kind,
                requested_at=facts.completeness_requested_at,
                completed_at=facts.completeness_done_at,
                now=now,
                holidays=facts.holidays,
                table=table,
            )
        )
    if facts.registered_on is not None:
        found.append(
            decision_deadline(
                election_kind=facts.election_kind,
                registered_on=facts.registered_on,
                more_info=facts.more_info_needed,
                decided_on=facts.decided_on,
                today=today,
                holidays=facts.holidays,
                table=table,
            )
        )
    return found


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The open deadline that matters most: overdue first, then due soon, then the earliest."""
    open_ones = [deadline for deadline in deadlines if deadline.is_open]
    return min(open_ones, key=lambda deadline: deadline.sort_key) if open_ones else None
