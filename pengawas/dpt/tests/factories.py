"""Test data shared by the voter-list tests."""

import itertools

from pengawas.dpt.models import Snapshot
from pengawas.elections.models import Election

ALL_FIELDS = [
    "nkk", "nik", "name", "birth_place", "birth_date", "age", "sex", "marital_status",
    "address", "rt", "rw", "disability", "remark",
]  # fmt: skip
_files = itertools.count(1)
# Fictitious identifiers: kecamatan 99 does not exist in Kabupaten Blitar.
KNOWN = "3505994101800001"  # SITI AMINAH's NIK (the `siti` fixture)
UNKNOWN = "3505995202900002"
NKK = "3505990101100001"


def snapshot_for_test(
    election: Election, *, stage: str = "DPT", fields: list[str] | None = None
) -> Snapshot:
    """A snapshot as an import leaves it, without its rows (tests add the voters they need)."""
    number = next(_files)
    return Snapshot.objects.create(
        election=election,
        stage=stage,
        source_name=f"{stage.lower()}-{number}.csv",
        source_sha256=f"{number:064x}",
        source_size=1,
        fields_present=ALL_FIELDS if fields is None else fields,
    )
