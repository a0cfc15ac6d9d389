"""C.Hasil sheets, paslon and a whole kabupaten's voting day for the overview's tests and
bench (real models of the other apps)."""

import copy
import uuid
from typing import Any

from django.contrib.auth.models import User

from pengawas.elections.models import Election, Tps
from pengawas.form_a.models import FormA
from pengawas.form_a.report import empty_report
from pengawas.incidents.models import Incident
from pengawas.overview.models import KpuRecap
from pengawas.regions.models import Region
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


BLITAR_TPS = 2278


def kabupaten_generate(election: Election, user: User) -> list[Tps]:
    """A kabupaten's voting day in full: 2,278 TPS over every desa of Blitar; two in three
    with a C.Hasil sheet (one in seven of those with errors), three in four with a Form A, some
    incidents, and KPU's recap for all (for the overview's scale test and bench)."""
    villages = list(
        Region.objects.filter(code__startswith="35.05.", level__in=("desa", "kelurahan"))
        .order_by("code")
        .values_list("code", flat=True)
    )
    tps = [
        Tps(
            election=election, village_id=villages[i % len(villages)], number=i // len(villages) + 1
        )
        for i in range(BLITAR_TPS)
    ]
    tps = Tps.objects.bulk_create(tps, batch_size=1000)
    suara = {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8}
    ResultSheet.objects.bulk_create(
        [
            ResultSheet(tps=t, entry="ptps", entered_by=user, result="ok" if i % 7 else "errors",
                        data={"suara": suara}, client_uuid=uuid.uuid4())
            for i, t in enumerate(tps) if i % 3
        ],
        batch_size=1000,
    )  # fmt: skip
    report = empty_report()
    report["uraian"] = "Pemungutan dan penghitungan suara berjalan sesuai prosedur. " * 20
    FormA.objects.bulk_create(
        [
            FormA(tps=t, author=user, status="submitted" if i % 5 else "draft", client_uuid=uuid.uuid4(),
                  data={**report, "keberatan": i % 11 == 0})
            for i, t in enumerate(tps) if i % 4
        ],
        batch_size=500,
    )  # fmt: skip
    Incident.objects.bulk_create(
        [
            Incident(tps=t, code="VOTED_MORE_THAN_ONCE", count=i % 3 + 1, recorded_by=user)
            for i, t in enumerate(tps) if i % 13 == 0
        ]
        + [Incident(tps=t, code="COUNT_POOR_LIGHT", recorded_by=user) for t in tps[::29]],
        batch_size=1000,
    )  # fmt: skip
    KpuRecap.objects.bulk_create(
        [
            KpuRecap(election=election, tps=t, data=suara, imported_at="2020-12-15T10:00:00Z",
                     source_sha256="0" * 64)
            for t in tps
        ],
        batch_size=1000,
    )  # fmt: skip
    return tps
