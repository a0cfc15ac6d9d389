"""The state machine of a case, without a database."""

import datetime

import pytest

from pengawas.cases.states import (
    ENDS,
    MOVES,
    CaseMoveError,
    Destination,
    Move,
    Status,
    move_check,
    next_statuses,
)

T0 = datetime.datetime(2020, 10, 7, 10, 0, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(days=1)

ALLOWED = [
    (Status.DITERIMA, Status.KAJIAN_AWAL),
    (Status.KAJIAN_AWAL, Status.DIREGISTRASI),
    (Status.KAJIAN_AWAL, Status.TIDAK_DIREGISTRASI),
    (Status.DIREGISTRASI, Status.KLARIFIKASI),
    (Status.KLARIFIKASI, Status.KAJIAN),
    (Status.KAJIAN, Status.DITERUSKAN),
    (Status.KAJIAN, Status.DIHENTIKAN),
]


def _move(current: str, target: str, **kwargs: object) -> Move:
    fields: dict[str, object] = {"current": current, "target": target, "on": T1}
    if target in (Status.TIDAK_DIREGISTRASI, Status.DIHENTIKAN):
        fields["note"] = "Tidak memenuhi unsur."
    if target == Status.DITERUSKAN:
        fields["destination"] = Destination.GAKKUMDU
    fields.update(kwargs)
    return Move(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_move_passes(current: str, target: str) -> None:
    move_check(_move(current, target, last_on=T0, now=T1))


def test_the_machine_has_exactly_these_moves() -> None:
    listed = {(a, b) for a, targets in MOVES.items() for b in targets}
    assert listed == set(ALLOWED)
    assert {Status.TIDAK_DIREGISTRASI, Status.DITERUSKAN, Status.DIHENTIKAN} == ENDS


@pytest.mark.parametrize("current", [s for s in Status.values if s not in ENDS])
@pytest.mark.parametrize("target", Status.values)
def test_every_other_move_is_refused_with_a_code(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        return
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(current, target))
    assert error.value.code == "move.not_allowed"


@pytest.mark.parametrize("end", sorted(ENDS))
def test_nothing_leaves_an_end(end: str) -> None:
    assert next_statuses(end) == ()
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(end, Status.KAJIAN))
    assert error.value.code == "move.from_end"


def test_skipping_steps_is_refused() -> None:
    with pytest.raises(CaseMoveError, match=r"move\.not_allowed"):
        move_check(_move(Status.DITERIMA, Status.DIREGISTRASI))
    with pytest.raises(CaseMoveError, match=r"move\.not_allowed"):
        move_check(_move(Status.DIREGISTRASI, Status.DIHENTIKAN))


def test_unknown_statuses() -> None:
    with pytest.raises(CaseMoveError) as error:
        move_check(_move("hilang", Status.KAJIAN))
    assert error.value.code == "status.unknown"
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.DITERIMA, "putusan"))
    assert error.value.code == "status.unknown"


@pytest.mark.parametrize(
    ("current", "target"),
    [(Status.KAJIAN_AWAL, Status.TIDAK_DIREGISTRASI), (Status.KAJIAN, Status.DIHENTIKAN)],
)
def test_ending_without_a_reason_is_refused(current: str, target: str) -> None:
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(current, target, note="   "))
    assert error.value.code == "move.reason_required"


def test_forwarding_needs_a_destination() -> None:
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.KAJIAN, Status.DITERUSKAN, destination=""))
    assert error.value.code == "move.destination_required"
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.KAJIAN, Status.DITERUSKAN, destination=Destination.OTHER))
    assert error.value.code == "move.destination_name_required"
    move_check(
        _move(
            Status.KAJIAN, Status.DITERUSKAN, destination=Destination.OTHER, destination_name="KASN"
        )
    )


def test_a_destination_belongs_only_to_forwarding() -> None:
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.DITERIMA, Status.KAJIAN_AWAL, destination=Destination.KPU))
    assert error.value.code == "move.destination_unexpected"


def test_dates_run_forward_and_not_into_the_future() -> None:
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.DITERIMA, Status.KAJIAN_AWAL, on=T0, last_on=T1))
    assert error.value.code == "move.before_last"
    move_check(_move(Status.DITERIMA, Status.KAJIAN_AWAL, on=T1, last_on=T1))  # same moment
    with pytest.raises(CaseMoveError) as error:
        move_check(_move(Status.DITERIMA, Status.KAJIAN_AWAL, on=T1, now=T0))
    assert error.value.code == "move.in_future"
