"""Cases for the tests: filed through the service, as users would."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from pengawas.cases.models import Case
from pengawas.cases.tests.factories import JAKARTA, PELAPOR, case_for_test
from pengawas.elections.models import Election

__all__ = ["JAKARTA", "PELAPOR"]


@pytest.fixture
def make_case(election: Election) -> Callable[..., Case]:
    def make(user: User, **fields: Any) -> Case:
        return case_for_test(user, election=election, **fields)

    return make
