import pytest

from pengawas.core import services
from pengawas.core.models import RateCounter
from pengawas.core.services import rate_hit


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_699_999_980.0]  # a minute boundary
    monkeypatch.setattr(services.time, "time", lambda: now[0])
    return now


def test_hits_are_counted_up_to_the_limit(db: None, clock: list[float]) -> None:
    decisions = [rate_hit(key="k", limit=3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].hits == 4 and decisions[-1].retry_after == 60


def test_a_new_window_starts_afresh_and_old_windows_are_removed(
    db: None, clock: list[float]
) -> None:
    for _ in range(3):
        rate_hit(key="k", limit=3)
    clock[0] += 45
    assert rate_hit(key="k", limit=3).retry_after == 15
    clock[0] += 120
    assert rate_hit(key="k", limit=3).hits == 1
    assert RateCounter.objects.count() == 1


def test_keys_are_independent(db: None, clock: list[float]) -> None:
    rate_hit(key="a", limit=1)
    assert not rate_hit(key="a", limit=1).allowed
    assert rate_hit(key="b", limit=1).allowed
