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
    diff: int | None  # KPU minus PTPS, over the TPS both sides have (None: no such TPS)


@dataclass(frozen=True)
class TpsDiff:
    tps_id: int
    label: str
    village_name: str
    district_name: str
    cells: list[Cell]  # one per paslon, then sah, then tidak_sah


@dataclass
class Totals:
    """A kecamatan's (or the whole area's) totals: each side over the TPS it has, and both
    sides again over the TPS they share, whose difference is the sum of the TPS's."""

    code: str
    name: str
    ptps: Side = field(default_factory=Side)
    kpu: Side = field(default_factory=Side)
    shared_ptps: Side = field(default_factory=Side)
    shared_kpu: Side = field(default_factory=Side)
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    paslon: list[tuple[str, str]]  # (number, name)
    differences: list[TpsDiff]
    districts: list[Totals]
    total: Totals
    tps_count: int
    both: int  # TPS with a PTPS copy and a KPU row
    only_kpu: int
    only_ptps: int


def _pick(side: Votes | Side | None, key: str) -> int | None:
    if side is None:
        return None
    if key == "sah":
        return side.sah
    if key == "tidak_sah":
        return side.tidak_sah
    return side.paslon.get(key, 0)


def _tps_cells(paslon: list[str], ptps: Votes, kpu: Votes) -> list[Cell]:
    cells = []
    for key in [*paslon, "sah", "tidak_sah"]:
        a, b = _pick(ptps, key), _pick(kpu, key)
        cells.append(Cell(a, b, None if a is None or b is None else b - a))
    return cells


def _total_cells(paslon: list[str], totals: Totals) -> list[Cell]:
    shared = totals.shared_ptps.tps > 0
    cells = []
    for key in [*paslon, "sah", "tidak_sah"]:
        a, b = _pick(totals.shared_ptps, key), _pick(totals.shared_kpu, key)
        diff = (b or 0) - (a or 0) if shared else None
        cells.append(Cell(_pick(totals.ptps, key), _pick(totals.kpu, key), diff))
    return cells


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
    districts: dict[str, Totals] = {}
    total = Totals("", "")
    differences: list[TpsDiff] = []
    both = only_kpu = only_ptps = 0
    for tps_id, number, village_name, district, district_name in places:
        here = districts.setdefault(district or "", Totals(district or "", district_name or ""))
        copy, official = copies.get(tps_id), recap.get(tps_id)
        for totals in (here, total):
            if copy is not None:
                totals.ptps.add(copy)
            if official is not None:
                totals.kpu.add(official)
            if copy is not None and official is not None:
                totals.shared_ptps.add(copy)
                totals.shared_kpu.add(official)
        if copy is not None and official is not None:
            both += 1
            cells = _tps_cells(paslon, copy, official)
            if any(cell.diff for cell in cells):
                differences.append(
                    TpsDiff(tps_id, f"TPS {number:03d}", village_name, district_name or "", cells)
                )
        elif official is not None:
            only_kpu += 1
        elif copy is not None:
            only_ptps += 1
    for totals in (*districts.values(), total):
        totals.cells = _total_cells(paslon, totals)
    return Comparison(
        paslon=labels,
        differences=differences,
        districts=list(districts.values()),
        total=total,
        tps_count=len(places),
        both=both,
        only_kpu=only_kpu,
        only_ptps=only_ptps,
    )
