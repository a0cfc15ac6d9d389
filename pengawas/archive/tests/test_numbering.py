"""Document numbers (tata naskah dinas, Perbawaslu 13/2020): the format, no gaps, no repeats,
a new series each year, and concurrent requests on a real database."""

import datetime
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from pengawas.accounts.roles import Role
from pengawas.archive.models import Classification, NumberSeries, Record
from pengawas.archive.services_records import ROMAN_MONTHS, record_create, record_number_issue
from pengawas.regions.models import Region

MakeUser = Callable[..., User]


def _classification(code: str = "PM.01.03") -> Classification:
    line, _ = Classification.objects.get_or_create(code=code, defaults={"name": code})
    return line


def _numbered(
    user: User,
    *,
    date: datetime.date = datetime.date(2020, 12, 9),
    code: str = "PM.01.03",
    doc_type: str = "LHP",
) -> Record:
    return record_create(
        user=user,
        function="pengawasan",
        title="Form A",
        region=Region.objects.get(code="35.05.01.2001"),
        date=date,
        classification=_classification(code),
        doc_type=doc_type,
    )


def test_the_format_is_no_type_classification_unit_month_year(make_user: MakeUser) -> None:
    user = make_user(Role.PKD)
    numbers = [_numbered(user).number for _ in range(12)]
    assert numbers[11] == "12/LHP/PM.01.03/16.12/XII/2020"
    assert numbers == [f"{n}/LHP/PM.01.03/16.12/XII/2020" for n in range(1, 13)]


def test_the_unit_code_comes_from_the_settings(make_user: MakeUser, settings: Any) -> None:
    settings.PENGAWAS_UNIT_CODE = "16.99"
    assert _numbered(make_user(Role.PKD)).number == "1/LHP/PM.01.03/16.99/XII/2020"


def test_roman_months() -> None:
    assert ROMAN_MONTHS[0] == "I" and ROMAN_MONTHS[3] == "IV" and ROMAN_MONTHS[8] == "IX"
    assert len(ROMAN_MONTHS) == 12


def test_the_month_is_the_records_and_the_series_runs_through_the_year(
    make_user: MakeUser,
) -> None:
    user = make_user(Role.PKD)
    assert _numbered(user, date=datetime.date(2020, 1, 31)).number == (
        "1/LHP/PM.01.03/16.12/I/2020"
    )
    assert _numbered(user, date=datetime.date(2020, 9, 1)).number == (
        "2/LHP/PM.01.03/16.12/IX/2020"
    )


def test_each_year_starts_again_at_one(make_user: MakeUser) -> None:
    user = make_user(Role.PKD)
    _numbered(user, date=datetime.date(2020, 12, 31))
    _numbered(user, date=datetime.date(2020, 12, 31))
    assert _numbered(user, date=datetime.date(2021, 1, 1)).number == ("1/LHP/PM.01.03/16.12/I/2021")
    # And 2020 carries on where it was.
    assert _numbered(user, date=datetime.date(2020, 12, 31)).number == (
        "3/LHP/PM.01.03/16.12/XII/2020"
    )
    assert NumberSeries.objects.count() == 2


def test_series_are_per_type_and_classification(make_user: MakeUser) -> None:
    user = make_user(Role.PKD)
    _numbered(user)
    assert _numbered(user, doc_type="ST").number == "1/ST/PM.01.03/16.12/XII/2020"
    assert _numbered(user, code="PP.00.00").number == "1/LHP/PP.00.00/16.12/XII/2020"
    assert _numbered(user).number == "2/LHP/PM.01.03/16.12/XII/2020"


def test_a_rolled_back_record_gives_its_number_back(make_user: MakeUser) -> None:
    user = make_user(Role.PKD)
    _numbered(user)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert _numbered(user).number == "2/LHP/PM.01.03/16.12/XII/2020"
        raise RuntimeError("the request failed after numbering")
    assert _numbered(user).number == "2/LHP/PM.01.03/16.12/XII/2020"
    assert Record.objects.count() == 2


def test_a_record_is_numbered_once(make_user: MakeUser) -> None:
    record = _numbered(make_user(Role.PKD))
    with pytest.raises(ValueError, match="already"):
        record_number_issue(record=record, doc_type="LHP", unit_code="16.12")
    record.number = None
    record.classification = None
    with pytest.raises(ValueError, match="classification"):
        record_number_issue(record=record, doc_type="LHP", unit_code="16.12")


_SETUP = """
import datetime, django
django.setup()
from django.contrib.auth.models import User
from pengawas.accounts.services import assignment_create
from pengawas.archive.models import Classification
from pengawas.regions.models import Region
from pengawas.regions.services import BLITAR_REGIONS_FILE, region_load
region_load(path=BLITAR_REGIONS_FILE)
Classification.objects.get_or_create(code="PM.01.03", defaults={"name": "Form A"})
user = User.objects.create_user("pkd-jaten")
assignment_create(user=user, role="pkd", region=Region.objects.get(code="35.05.01.2001"),
                  starts=datetime.date(2020, 1, 1))
"""
_WORKER = """
import django
django.setup()
from django.contrib.auth.models import User
from django.db import transaction
from pengawas.archive.tests.test_numbering import _numbered
try:
    with transaction.atomic():
        record = _numbered(User.objects.get(username="pkd-jaten"))
        if {index} % 3 == 0:
            raise RuntimeError("rolled back")
    print(record.number)
except RuntimeError:
    pass
"""


def _number_in_threads(user: User, *, workers: int) -> list[str]:
    start = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        try:
            start.wait(timeout=30)
            try:
                with transaction.atomic():
                    record = _numbered(user)
                    if index % 3 == 0:
                        raise RuntimeError("rolled back")
                with lock:
                    numbers.append(str(record.number))
            except RuntimeError:
                pass
        except BaseException as exc:  # reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(Record.objects.values_list("number", flat=True)) == sorted(numbers)
    assert NumberSeries.objects.get().last_number == len(numbers)
    return numbers


def _number_in_processes(tmp_path: Path, *, workers: int) -> list[str]:
    database = tmp_path / "numbers.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pengawas.settings",
        "PENGAWAS_DEMO": "true",
        "PENGAWAS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "pengawas.cli", "migrate", "-v0"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run([sys.executable, "-c", _SETUP], env=env, check=True, capture_output=True)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER.format(index=index)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(workers)
    ]
    numbers = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        numbers += out.split()
    with sqlite3.connect(database) as db:
        stored = [row[0] for row in db.execute("SELECT number FROM archive_record")]
        (last,) = db.execute("SELECT last_number FROM archive_numberseries").fetchone()
    assert sorted(stored) == sorted(numbers)
    assert last == len(numbers)
    return numbers


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_distinct_numbers_without_gaps(
    make_user: MakeUser, tmp_path: Path
) -> None:
    """Twelve requests at once, a third of them failing after they were numbered: the kept
    records hold 1..8 exactly, each once.

    On PostgreSQL, threads: the requests really overlap and the series row lock decides.
    The SQLite test database lives in memory, shared between threads by table locks that do
    not wait; production SQLite is a file written by several processes, so there the test
    runs separate processes on a file database configured as settings.py does.
    """
    workers = 12
    if connection.vendor == "postgresql":
        user = make_user(Role.PKD)
        _classification()
        numbers = _number_in_threads(user, workers=workers)
    else:
        numbers = _number_in_processes(tmp_path, workers=workers)
    assert len(numbers) == 8
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, 9))
    assert all(n.endswith("/LHP/PM.01.03/16.12/XII/2020") for n in numbers)
