"""Receipt and register numbers: the pattern, no gaps, separate series, a new count each
year, a rolled-back registration gives its number back, concurrent registrations."""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from pengawas.cases.models import CaseCounter
from pengawas.cases.numbers import number_format, receipt_number_issue, register_number_issue

D = datetime.date


def test_the_pattern_is_bawaslus() -> None:
    assert (
        number_format(seq=2, series="Reg/LP", unit="16.12", level="Kab", on=D(2020, 10, 9))
        == "02/Reg/LP/PB/Kab/16.12/X/2020"
    )
    assert (
        number_format(seq=2, series="PL", unit="16.12", level="Kab", on=D(2024, 10, 1))
        == "02/PL/PB/Kab/16.12/X/2024"
    )
    assert number_format(
        seq=134, series="Reg/TM", unit="16.12", level="Kota", on=D(2020, 1, 31)
    ) == ("134/Reg/TM/PB/Kota/16.12/I/2020")


def test_numbers_run_without_gaps_per_series(db: None) -> None:
    on = D(2020, 10, 9)
    assert [register_number_issue(kind="laporan", on=on) for _ in range(3)] == [
        "01/Reg/LP/PB/Kab/16.12/X/2020",
        "02/Reg/LP/PB/Kab/16.12/X/2020",
        "03/Reg/LP/PB/Kab/16.12/X/2020",
    ]
    assert register_number_issue(kind="temuan", on=on) == "01/Reg/TM/PB/Kab/16.12/X/2020"
    assert receipt_number_issue(on=on) == "01/PL/PB/Kab/16.12/X/2020"
    # The month changes the roman numeral, not the count.
    assert register_number_issue(kind="laporan", on=D(2020, 12, 1)) == (
        "04/Reg/LP/PB/Kab/16.12/XII/2020"
    )


def test_a_new_year_starts_at_one(db: None) -> None:
    register_number_issue(kind="laporan", on=D(2020, 12, 31))
    register_number_issue(kind="laporan", on=D(2020, 12, 31))
    assert (
        register_number_issue(kind="laporan", on=D(2021, 1, 1)) == "01/Reg/LP/PB/Kab/16.12/I/2021"
    )
    assert register_number_issue(kind="laporan", on=D(2020, 12, 31)).startswith("03/")


def test_unit_code_and_level_from_settings(db: None, settings: object) -> None:
    settings.PENGAWAS_UNIT_CODE = "16.99"  # type: ignore[attr-defined]
    settings.PENGAWAS_UNIT_LEVEL = "Kota"  # type: ignore[attr-defined]
    assert (
        register_number_issue(kind="temuan", on=D(2020, 10, 9)) == "01/Reg/TM/PB/Kota/16.99/X/2020"
    )


def test_a_rolled_back_number_is_issued_again(db: None) -> None:
    on = D(2020, 10, 9)
    register_number_issue(kind="laporan", on=on)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert register_number_issue(kind="laporan", on=on).startswith("02/")
        raise RuntimeError("the registration failed")
    assert register_number_issue(kind="laporan", on=on).startswith("02/")


def _register_retrying() -> str:
    """One registration in its own transaction. The SQLite test database (in memory, shared
    cache) refuses a second writer at once ("table is locked") where a file database would
    wait (busy_timeout): there the whole transaction is tried again, as a waiting writer
    would. PostgreSQL waits on the row lock itself."""
    for _ in range(10_000):
        try:
            with transaction.atomic():
                return register_number_issue(kind="laporan", on=D(2020, 10, 9))
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
    raise AssertionError("the SQLite test database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_numbers() -> None:
    """Eight registrations at once, each in its own connection and transaction, on the first
    number of a year (the counter row does not exist yet): no repeats, no gaps."""
    workers = 8
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def register() -> None:
        try:
            barrier.wait(timeout=10)
            number = _register_retrying()
            with lock:
                numbers.append(number)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, workers + 1))
    assert CaseCounter.objects.get(series="Reg/LP", year=2020).last_number == workers
    assert connection.vendor in ("postgresql", "sqlite")
