"""Cases for the tests, filed through the service as users would (synthetic people only)."""

import datetime
from typing import Any

from django.contrib.auth.models import User

from pengawas.cases.models import Case
from pengawas.cases.services import case_create
from pengawas.elections.models import Election
from pengawas.regions.models import Region

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
PELAPOR = {
    "pelapor_name": "Sulastri Wijayanti",
    "pelapor_address": "Jl. Melati 7, Desa Jaten",
    "pelapor_contact": "081234567890",
}


def case_for_test(
    user: User,
    *,
    election: Election,
    kind: str = "laporan",
    region: str = "35.05.01",
    **fields: Any,
) -> Case:
    values: dict[str, Any] = {
        "received_at": datetime.datetime(2020, 10, 7, 9, 30, tzinfo=JAKARTA),
        "terlapor": "Kepala Desa X (fiktif)",
        "description": "Dugaan kampanye oleh kepala desa pada 3 Oktober 2020.",
        "violation_type": "hukum_lainnya",
        "place": "Balai Desa Jaten",
    }
    if kind == "laporan":
        values.update(PELAPOR, known_on=datetime.date(2020, 10, 3))
    values.update(fields)
    return case_create(
        user=user, kind=kind, election=election, region=Region.objects.get(code=region), **values
    )
