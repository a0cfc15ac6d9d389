from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from pengawas.accounts.roles import Role
from pengawas.guide.models import Edition
from pengawas.guide.services import edition_publish


@pytest.fixture
def edition(db: None) -> Edition:
    """The repository's Pilkada 2020 content, published as edition 1."""
    published, _created = edition_publish(series="pilkada-2020")
    return published


@pytest.fixture
def ptps(make_user: Callable[..., User], election: object) -> User:
    return make_user(Role.PTPS)
