"""The PTPS's copies of the C.Hasil-KWK against KPU's recap: per TPS and per kecamatan.

The PTPS's figures are those of the latest sheet of each TPS (the PTPS's entry, else the
PKD's: tally.services.sheet_latest). A TPS differs when both sides have it and any paslon's
votes, `sah` or `tidak_sah` differ; the difference is KPU's figure minus the PTPS's.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from pengawas.elections.models import Election, Tps
from pengawas.overview import sources
from pengawas.overview.models import KpuRecap
from pengawas.overview.sources import Votes


@dataclass
class Side:
    """Votes added up over some TPS, and how many TPS they came from."""

    paslon: dict[str, int] = field(default_factory=dict)
    sah: int = 0
    tidak_sah: int = 0
    tps: int = 0

    def add(self, votes: Votes) -> None:
        for number, count in votes.paslon.items():
            self.paslon[number] = self.paslon.get(number, 0) + count
        self.sah += votes.sah or 0
        self.tidak_sah += votes.tidak_sah or 0
        self.tps += 1


@dataclass(frozen=True)
class Cell:
    ptps: int | None
    kpu: int | None

    @property
    def diff(self) -> int | None:
        return None if self.ptps is None or self.kpu is None else self.kpu - self.ptps


@dataclass(frozen=True)
class TpsDiff:
    tps_id: int
    label: str
    village_name: str
    district_name: str
    cells: list[Cell]  # one per paslon, then sah, then tidak_sah


@dataclass(frozen=True)
class DistrictTotal:
    code: str
    name: str
    ptps: Side
    kpu: Side
    cells: list[Cell]


@dataclass(frozen=True)
class Comparison:
    paslon: list[tuple[str, str]]  # (number, name)
    differences: list[TpsDiff]
    districts: list[DistrictTotal]
    total: DistrictTotal
    tps_count: int
    both: int  # TPS with a PTPS copy and a KPU row
    only_kpu: int
    only_ptps: int


def _cells(paslon: list[str], ptps: Votes | Side | None, kpu: Votes | Side | None) -> list[Cell]:
    def pick(side: Votes | Side | None, key: str) -> int | None:
        if side is None:
            return None
        if key == "sah":
            return side.sah
        if key == "tidak_sah":
            return side.tidak_sah
        return side.paslon.get(key, 0)

    return [Cell(pick(ptps, key), pick(kpu, key)) for key in [*paslon, "sah", "tidak_sah"]]


def recap_compare(*, election: Election, tps: QuerySet[Tps]) -> Comparison:
    places = list(
        tps.order_by("village__parent__name", "village__name", "number").values_list(
            "id", "number", "village__name", "village__parent_id", "village__parent__name"
        )
    )
    ids = [place[0] for place in places]
    copies = sources.sheet_votes(ids)
    recap = {
        tps_id: Votes(paslon={str(k): int(v) for k, v in data["paslon"].items()},
                      sah=data.get("sah"), tidak_sah=data.get("tidak_sah"))
        for tps_id, data in KpuRecap.objects.filter(election=election, tps_id__in=ids)
        .values_list("tps_id", "data").iterator(chunk_size=2000)
    }  # fmt: skip
    names = dict(sources.candidates(election))
    numbers = {str(n) for n in names}
    for votes in [*copies.values(), *recap.values()]:
        numbers |= set(votes.paslon)
    paslon = sorted(numbers, key=int)
    labels = [(n, names.get(int(n), "")) for n in paslon]
    sides: dict[str, tuple[str, Side, Side]] = {}
    all_ptps, all_kpu = Side(), Side()
    differences: list[TpsDiff] = []
    both = only_kpu = only_ptps = 0
    for tps_id, number, village_name, district, district_name in places:
        _name, ptps_side, kpu_side = sides.setdefault(
            district or "", (district_name or "", Side(), Side())
        )
        copy, official = copies.get(tps_id), recap.get(tps_id)
        if copy is not None:
            ptps_side.add(copy)
            all_ptps.add(copy)
        if official is not None:
            kpu_side.add(official)
            all_kpu.add(official)
        if copy is not None and official is not None:
            both += 1
            cells = _cells(paslon, copy, official)
            if any(cell.diff for cell in cells):
                differences.append(
                    TpsDiff(tps_id, f"TPS {number:03d}", village_name, district_name or "", cells)
                )
        elif official is not None:
            only_kpu += 1
        elif copy is not None:
            only_ptps += 1
    districts = [
        DistrictTotal(code, name, ptps, kpu, _cells(paslon, ptps, kpu))
        for code, (name, ptps, kpu) in sides.items()
    ]
    return Comparison(
        paslon=labels,
        differences=differences,
        districts=districts,
        total=DistrictTotal("", "", all_ptps, all_kpu, _cells(paslon, all_ptps, all_kpu)),
        tps_count=len(places),
        both=both,
        only_kpu=only_kpu,
        only_ptps=only_ptps,
    )
