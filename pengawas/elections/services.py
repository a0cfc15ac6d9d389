"""Creating elections."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from pengawas.elections.models import (
    DEFAULT_MAX_VOTERS_PER_TPS,
    DEFAULT_VOTER_LISTS,
    Election,
    Kind,
)
from pengawas.regions.models import Level, Region


def election_create(
    *,
    code: str,
    name: str,
    kind: str,
    region_code: str,
    voting_day: datetime.date,
    max_voters_per_tps: int | None = None,
) -> Election:
    if kind not in Kind.values:
        raise ValidationError(f"Jenis pemilihan harus pilkada atau pemilu, bukan {kind!r}")
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ValidationError(
            f"Wilayah {region_code} belum dimuat; jalankan dulu: pengawas regions_load"
        )
    if region.level in (Level.KECAMATAN, Level.DESA, Level.KELURAHAN):
        raise ValidationError("Wilayah pemilihan harus provinsi atau kabupaten/kota")
    if max_voters_per_tps is not None and max_voters_per_tps < 1:
        raise ValidationError("Jumlah pemilih maksimal per TPS harus lebih dari nol")
    election = Election(
        code=code,
        name=name,
        kind=kind,
        region=region,
        voting_day=voting_day,
        max_voters_per_tps=max_voters_per_tps or DEFAULT_MAX_VOTERS_PER_TPS[kind],
        voter_list_names=DEFAULT_VOTER_LISTS[kind],
    )
    election.full_clean(validate_unique=False)
    with transaction.atomic():
        if Election.objects.select_for_update().filter(code=code).exists():
            raise ValidationError(f"Pemilihan dengan kode {code!r} sudah ada")
        election.save()
    return election
