from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from pengawas.core import services
from pengawas.core.models import RateCounter
from pengawas.core.services import rate_hit


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_699_999_980.0]  # a minute boundary
    monkeypatch.setattr(services.time, "time", lambda: now[0])
    return now


def _stored_windows() -> int:
    if connection.vendor == "sqlite":
        return services._sqlite_counters().rows()
    return RateCounter.objects.count()


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
    assert _stored_windows() == 1


def test_keys_are_independent(db: None, clock: list[float]) -> None:
    rate_hit(key="a", limit=1)
    assert not rate_hit(key="a", limit=1).allowed
    assert rate_hit(key="b", limit=1).allowed


def test_on_sqlite_the_counters_live_outside_the_main_database(
    db: None, clock: list[float], settings: Any
) -> None:
    if connection.vendor != "sqlite":
        assert RateCounter.objects.count() == 0
        rate_hit(key="k", limit=1)
        assert RateCounter.objects.count() == 1  # PostgreSQL: its own UNLOGGED table
        return
    rate_hit(key="k", limit=1)
    assert RateCounter.objects.count() == 0  # a running import cannot block the counter
    assert (Path(settings.DATA_DIR) / "ratelimit.sqlite3").exists()


def test_sqlite_counters_are_shared_between_processes(tmp_path: Path) -> None:
    # Two stores on one file stand for two server processes, each with its own connection.
    first = services._SqliteCounters(tmp_path / "counters.sqlite3")
    second = services._SqliteCounters(tmp_path / "counters.sqlite3")
    assert first.hit(key="k", window_start=60, window=60) == 1
    assert second.hit(key="k", window_start=60, window=60) == 2
    assert first.hit(key="k", window_start=60, window=60) == 3
