"""C.Hasil sheets and paslon for the overview's tests (real tally models)."""

import copy
import uuid
from typing import Any

from django.contrib.auth.models import User

from pengawas.elections.models import Election, Tps
from pengawas.tally.models import Candidate, ResultSheet

SUARA: dict[str, Any] = {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8}


def paslon_add(election: Election) -> None:
    Candidate.objects.create(election=election, number=1, name="Rijanto - Marhaenis")
    Candidate.objects.create(election=election, number=2, name="Rini Syarifah - Rahmat Santoso")


def sheet_add(
    tps: Tps,
    *,
    by: User,
    entry: str = "ptps",
    result: str = "ok",
    paslon: dict[str, int] | None = None,
    tidak_sah: int = 8,
) -> ResultSheet:
    """A sheet whose votes are `paslon` (sah follows), entered by `by`."""
    suara = copy.deepcopy(SUARA)
    if paslon is not None:
        suara["paslon"] = paslon
        suara["sah"] = sum(paslon.values())
    suara["tidak_sah"] = tidak_sah
    return ResultSheet.objects.create(
        tps=tps, entry=entry, entered_by=by, data={"election_kind": "pilkada", "suara": suara},
        findings=[], result=result, client_uuid=uuid.uuid4(),
    )  # fmt: skip
