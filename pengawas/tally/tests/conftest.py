from pathlib import Path
from typing import Any

import pytest

from pengawas.elections.models import Election
from pengawas.tally.models import Candidate


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    # Photos of a test stay in the test's own folder.
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def paslon(election: Election) -> list[Candidate]:
    return [
        Candidate.objects.create(election=election, number=1, name="RIJANTO - MARHAENIS"),
        Candidate.objects.create(election=election, number=2, name="RINI - RAHMAT"),
    ]
