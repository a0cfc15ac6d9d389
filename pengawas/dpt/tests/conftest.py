"""Fixtures of the voter-list tests: one known voter (the browser is in pengawas/conftest.py)."""

import datetime
from collections.abc import Callable

import pytest

from pengawas.dpt.models import Voter
from pengawas.dpt.tests.factories import KNOWN, NKK


@pytest.fixture
def siti(make_voter: Callable[..., Voter]) -> Voter:
    """The voter whose NIK is KNOWN, in Kepanjen Lor (Srengat), TPS 003."""
    return make_voter(
        name="SITI AMINAH",
        nik=KNOWN,
        nkk=NKK,
        village="35.05.03.1004",
        tps=3,
        birth_date=datetime.date(1980, 1, 1),
        birth_place="BLITAR",
        address="JL. MAWAR NO. 7",
    )
