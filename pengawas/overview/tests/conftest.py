"""TPS in three desa of two kecamatan of the Blitar election (Jaten and Salam in Wonodadi,
Udanawu's first desa outside it)."""

from typing import Any

import pytest

from pengawas.elections.models import Election, Tps

JATEN, SALAM, FAR = "35.05.01.2001", "35.05.01.2002", "35.05.02.2001"


@pytest.fixture
def places(election: Election) -> dict[str, Tps]:
    made: dict[str, Any] = {}
    for key, village, number in (
        ("jaten1", JATEN, 1),
        ("jaten2", JATEN, 2),
        ("salam1", SALAM, 1),
        ("far1", FAR, 1),
    ):
        made[key] = Tps.objects.create(election=election, village_id=village, number=number)
    return made
