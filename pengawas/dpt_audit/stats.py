"""Statistics of a voter list: voters per kecamatan, desa and TPS, by sex and by group.

One SQL query counts the voters of a snapshot per TPS (GROUP BY tps_id, with conditional
counts); the desa and kecamatan figures are sums of those TPS rows, so the list itself is
never read into Python. The query reaches the voters through the index on (tps, snapshot):
on SQLite a million voters take under a second.

Ages are ages on voting day. They are compared in SQL as birth dates: the thresholds (the
latest birth date of a person who is 17 on voting day, and so on) are computed here, which is
the same on every database and lets the database compare plain dates. A voter without a
birth date is counted by the age the list gives (the USIA column), when there is one.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, Q, QuerySet

from pengawas.dpt.models import MaritalStatus, Sex, Snapshot, Voter
from pengawas.elections.models import Tps
from pengawas.regions.models import Region

StatLevel = Literal["kecamatan", "desa", "tps"]
LEVELS: tuple[StatLevel, ...] = ("kecamatan", "desa", "tps")

# The right to vote: genap 17 tahun on voting day, or sudah/pernah kawin at any age (UU
# Pemilihan, UU 1/2015 as amended by UU 8/2015: Pasal 1 angka 6 and Pasal 56, upheld by MK
# 75/PUU-XVII/2019; for the Pemilu, UU 7/2017 Pasal 198 ayat 1).
VOTING_AGE = 17
MARRIED = (MaritalStatus.S, MaritalStatus.P)
# Pemilih pemula (first-time voters) has no definition in the law. KPU and Bawaslu material
# commonly describe them as voters of about 17 to 21 years (e.g. KPU Kabupaten Lanny Jaya,
# "Pemilih Pemula adalah Generasi Baru Demokrasi", kab-lannyjaya.kpu.go.id), i.e. those who
# could not yet vote five years earlier; KPU RI (Idham Holik, Aug 2023) words it as voters who
# could not vote in the previous election. Counted here: 17 up to and including 21 on voting
# day, and voters under 17 who are or were married.
FIRST_TIME_MAX_AGE = 21
# Lanjut usia: 60 years or older (UU 13/1998 on Kesejahteraan Lanjut Usia, Pasal 1 angka 2).
ELDERLY_MIN_AGE = 60


def birth_date_latest(*, voting_day: datetime.date, age: int) -> datetime.date:
    """The latest birth date of a person who is `age` years or older on voting day (when
    voting day is 29 February and that earlier year had none, 28 February)."""
    year = voting_day.year - age
    try:
        return voting_day.replace(year=year)
    except ValueError:  # voting day is 29 February, and that year had none
        return datetime.date(year, 2, 28)


@dataclass(frozen=True)
class AgeLimits:
    """The birth dates that bound each age group, for one voting day."""

    voting_day: datetime.date
    voting_age_born_by: datetime.date  # 17 or older on voting day: born on or before
    first_time_born_after: datetime.date  # 21 or younger: born after (22nd birthday later)
    elderly_born_by: datetime.date  # 60 or older: born on or before


def age_limits(*, voting_day: datetime.date) -> AgeLimits:
    return AgeLimits(
        voting_day=voting_day,
        voting_age_born_by=birth_date_latest(voting_day=voting_day, age=VOTING_AGE),
        first_time_born_after=birth_date_latest(voting_day=voting_day, age=FIRST_TIME_MAX_AGE + 1),
        elderly_born_by=birth_date_latest(voting_day=voting_day, age=ELDERLY_MIN_AGE),
    )


def first_time_q(limits: AgeLimits) -> Q:
    """Pemilih pemula: 17 to 21 on voting day, or younger and (ever) married."""
    by_birth_date = Q(birth_date__gt=limits.first_time_born_after) & (
        Q(birth_date__lte=limits.voting_age_born_by)
        | Q(marital_status__in=MARRIED, birth_date__lte=limits.voting_day)
    )
    by_age = Q(birth_date__isnull=True, age__lte=FIRST_TIME_MAX_AGE) & (
        Q(age__gte=VOTING_AGE) | Q(marital_status__in=MARRIED)
    )
    return by_birth_date | by_age


def elderly_q(limits: AgeLimits) -> Q:
    return Q(birth_date__lte=limits.elderly_born_by) | Q(
        birth_date__isnull=True, age__gte=ELDERLY_MIN_AGE
    )


def disabled_q() -> Q:
    """A voter with a disability: the DISABILITAS column holds a code (any code)."""
    return ~Q(disability="")


@dataclass
class StatRow:
    """The figures of one area (kecamatan or desa) or one TPS."""

    level: StatLevel
    code: str  # the region's code; for a TPS, the code of its desa
    name: str  # "Wonodadi", "Jaten", "TPS 001"
    parent_name: str = ""  # the kecamatan of a desa, the desa of a TPS
    tps_id: int | None = None
    total: int = 0
    male: int = 0
    female: int = 0
    first_time: int = 0
    elderly: int = 0
    disabled: int = 0
    tps_count: int = 0
    tps_over: int = 0  # TPS with more voters than the election's maximum
    largest_tps: int = 0  # the voters of the fullest TPS

    @property
    def sex_unknown(self) -> int:
        return self.total - self.male - self.female

    def add(self, other: "StatRow") -> None:
        self.total += other.total
        self.male += other.male
        self.female += other.female
        self.first_time += other.first_time
        self.elderly += other.elderly
        self.disabled += other.disabled
        self.tps_count += other.tps_count
        self.tps_over += other.tps_over
        self.largest_tps = max(self.largest_tps, other.largest_tps)


@dataclass(frozen=True)
class Statistics:
    snapshot: Snapshot
    region_code: str | None
    level: StatLevel
    rows: list[StatRow]
    totals: StatRow
    max_voters_per_tps: int
    # Whether the snapshot carries what a group needs (the 7-column list has no birth date
    # but an age; some lists have no disability column).
    ages_known: bool
    disability_known: bool
    tps_loads: list[int] = field(default_factory=list)  # voters per TPS, every TPS in scope

    def load_percent(self, row: StatRow) -> float:
        """A TPS's voters as a share of the maximum (for areas: their fullest TPS)."""
        return 100 * row.largest_tps / self.max_voters_per_tps if self.max_voters_per_tps else 0


def region_tps(*, snapshot: Snapshot, region_code: str | None) -> QuerySet[Tps]:
    """The TPS of the snapshot's election within a region (a province, kabupaten,
    kecamatan or desa code; None: all of them)."""
    tps = Tps.objects.filter(election_id=snapshot.election_id)
    if region_code:
        tps = tps.filter(Q(village_id=region_code) | Q(village__code__startswith=region_code + "."))
    return tps


def tps_statistics(*, snapshot: Snapshot, region_code: str | None = None) -> list[StatRow]:
    """One row per TPS that has voters in the snapshot, in the region: the one SQL pass.

    `tps IN (the region's TPS) AND snapshot = ?` lets the database walk the (tps, snapshot)
    index TPS by TPS, where a filter on the snapshot alone would make SQLite visit the rows in
    name order."""
    limits = age_limits(voting_day=snapshot.election.voting_day)
    maximum = snapshot.election.max_voters_per_tps
    counts = (
        Voter.objects.filter(
            snapshot=snapshot,
            tps__in=region_tps(snapshot=snapshot, region_code=region_code).values("id"),
        )
        .values("tps_id")
        .annotate(
            total=Count("id"),
            male=Count("id", filter=Q(sex=Sex.L)),
            female=Count("id", filter=Q(sex=Sex.P)),
            first_time=Count("id", filter=first_time_q(limits)),
            elderly=Count("id", filter=elderly_q(limits)),
            disabled=Count("id", filter=disabled_q()),
        )
        .order_by()
    )
    by_tps = {row["tps_id"]: row for row in counts}
    places = Tps.objects.filter(pk__in=list(by_tps)).select_related("village__parent")
    rows = []
    for tps in places:
        found = by_tps[tps.pk]
        rows.append(
            StatRow(
                level="tps",
                code=tps.village_id,
                name=tps.label,
                parent_name=tps.village.name,
                tps_id=tps.pk,
                total=found["total"],
                male=found["male"],
                female=found["female"],
                first_time=found["first_time"],
                elderly=found["elderly"],
                disabled=found["disabled"],
                tps_count=1,
                tps_over=int(found["total"] > maximum),
                largest_tps=found["total"],
            )
        )
    rows.sort(key=lambda row: (row.code, row.name))
    return rows


def _kecamatan_code(village_code: str) -> str:
    """ "35.05.01.2001" → "35.05.01" (Kemendagri codes nest)."""
    return village_code.rsplit(".", 1)[0]


def statistics_rollup(*, tps_rows: Iterable[StatRow], level: StatLevel) -> list[StatRow]:
    """The TPS rows summed per desa or per kecamatan (or returned as they are)."""
    tps_rows = list(tps_rows)
    if level == "tps":
        return tps_rows
    key_of = (lambda r: r.code) if level == "desa" else (lambda r: _kecamatan_code(r.code))
    sums: dict[str, StatRow] = {}
    for row in tps_rows:
        key = key_of(row)
        if key not in sums:
            sums[key] = StatRow(level=level, code=key, name=key)
        sums[key].add(row)
    regions = Region.objects.filter(pk__in=list(sums)).select_related("parent")
    for region in regions:
        sums[region.pk].name = region.name
        sums[region.pk].parent_name = region.parent.name if region.parent else ""
    return sorted(sums.values(), key=lambda r: r.code)


def statistics_totals(*, rows: Iterable[StatRow], name: str = "") -> StatRow:
    total = StatRow(level="kecamatan", code="", name=name)
    for row in rows:
        total.add(row)
    return total


def statistics_compute(
    *,
    snapshot: Snapshot,
    region_code: str | None = None,
    level: StatLevel = "kecamatan",
    tps_rows: list[StatRow] | None = None,
) -> Statistics:
    """The statistics of a snapshot (within a region) at one level.

    `tps_rows` (from tps_statistics over the same snapshot and region) saves the SQL pass when
    several levels are wanted, as in the spreadsheet."""
    if tps_rows is None:
        tps_rows = tps_statistics(snapshot=snapshot, region_code=region_code)
    ages_known = snapshot.has_field("birth_date") or snapshot.has_field("age")
    disability_known = snapshot.has_field("disability")
    # Without the columns the counts are zero by construction; the page shows "—" instead.
    rows = statistics_rollup(tps_rows=tps_rows, level=level)
    totals = statistics_totals(rows=rows)
    return Statistics(
        snapshot=snapshot,
        region_code=region_code,
        level=level,
        rows=rows,
        totals=totals,
        max_voters_per_tps=snapshot.election.max_voters_per_tps,
        ages_known=ages_known,
        disability_known=disability_known,
        tps_loads=[row.total for row in tps_rows],
    )


def disability_codes(
    *, snapshot: Snapshot, region_code: str | None = None, limit: int = 12
) -> list[tuple[str, int]]:
    """Voters with a disability by the code the list gives, most frequent first.

    The codes are shown as the list has them: KPU's coding changed between elections."""
    counts = (
        Voter.objects.filter(
            disabled_q(),
            snapshot=snapshot,
            tps__in=region_tps(snapshot=snapshot, region_code=region_code).values("id"),
        )
        .values("disability")
        .annotate(n=Count("id"))
        .order_by("-n", "disability")
    )
    return [(row["disability"], row["n"]) for row in counts[:limit]]
