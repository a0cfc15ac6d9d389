"""Two snapshots of one election compared (e.g. DPS then DPT): added, removed and changed
voters, and the follow-up of the audit's findings (fixed, still open, new).

Voters are matched across the snapshots in SQL, never by loading either list:
- by NIK when both files carry NIKs (a row without a NIK is matched on its identity key
  with the other file's rows without a NIK);
- otherwise by the identity key (name_key, birth date, desa), or (name_key, sex, desa) when
  one of the files has no birth dates.
A voter is "removed" when no row of the later snapshot matches, "added" when no row of the
earlier one does, "changed" when rows match but none of them has the same TPS, name, NKK,
address, RT/RW, sex, birth date, marital status and disability (the fields both files
carry). Every test is a correlated EXISTS on an indexed column (dpt_voter_nik for NIKs,
dpt_voter_name for name keys), so a count over a million rows reads each row once; lists
are pages of 50.

Findings are matched by (category, NIK), or (category, TPS) for TPS_OVER_CAPACITY,
(category, NKK) for FAMILY_SPLIT, (category, identity key) for a row without a NIK,
between the latest finished audit run of each snapshot over the same part of the list.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.services.search import nik_mask
from pengawas.dpt_audit.models import AuditRun, Category, Status

PAGE_SIZE = 50
EXAMPLES = 50  # findings listed per status (the counts are complete)
_NO_DATE = datetime.date(1, 1, 1)
# Fields compared for "changed" (model field → label); a field is compared only when both
# files carry it.
COMPARED: dict[str, str] = {
    "tps": "TPS",
    "name": "Nama",
    "nkk": "NKK",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "sex": "Jenis kelamin",
    "birth_date": "Tanggal lahir",
    "marital_status": "Status perkawinan",
    "disability": "Disabilitas",
}
# Changed values shown on the page; the others (personal data) are named, not shown.
SHOWN = frozenset({"tps", "name", "sex", "marital_status", "rt", "rw", "disability"})
KINDS = ("tambah", "hapus", "ubah")


def voters_scoped(snapshot: Snapshot, region_code: str | None) -> QuerySet[Voter]:
    """The snapshot's rows in a region (None: all of them); a region's code is the prefix of
    its desa codes, which the TPS carries (no join beyond the TPS)."""
    voters = Voter.objects.filter(snapshot=snapshot)
    if region_code:
        voters = voters.filter(
            Q(tps__village__code=region_code) | Q(tps__village__code__startswith=region_code + ".")
        )
    return voters


@dataclass(frozen=True)
class Comparison:
    before: Snapshot
    after: Snapshot
    region_code: str | None

    @property
    def by_nik(self) -> bool:
        return self.before.has_field("nik") and self.after.has_field("nik")

    @property
    def by_birth_date(self) -> bool:
        return self.before.has_field("birth_date") and self.after.has_field("birth_date")

    @property
    def fields_compared(self) -> list[str]:
        both = set(self.before.fields_present) & set(self.after.fields_present)
        both |= {"tps", "name"}
        keyed = {"birth_date", "name"} if not self.by_nik else set()
        return [name for name in COMPARED if name in both and name not in keyed]

    def _identity(self, other: QuerySet[Voter]) -> QuerySet[Voter]:
        other = other.filter(
            name_key=OuterRef("name_key"), tps__village_id=OuterRef("tps__village_id")
        )
        if self.by_birth_date:
            return other.filter(birth_date=OuterRef("birth_date"))
        return other.filter(sex=OuterRef("sex"))

    def _counterparts(self, other: QuerySet[Voter]) -> Q:
        """Rows of `other` that are the same person as the outer row."""
        if not self.by_nik:
            return Q(Exists(self._identity(other)))
        return Q(~Q(nik=""), Exists(other.filter(nik=OuterRef("nik")))) | Q(
            Q(nik=""), Exists(self._identity(other.filter(nik="")))
        )

    def _same_values(self, other: QuerySet[Voter], *, on_nik: bool) -> QuerySet[Voter]:
        """Counterparts of the outer row with every compared field equal."""
        same = other.filter(nik=OuterRef("nik")) if on_nik else self._identity(other)
        for name in self.fields_compared:
            if name == "birth_date":
                same = same.annotate(_bd=Coalesce("birth_date", Value(_NO_DATE))).filter(
                    _bd=Coalesce(OuterRef("birth_date"), Value(_NO_DATE))
                )
            elif name == "tps":
                same = same.filter(tps_id=OuterRef("tps_id"))
            else:
                same = same.filter(**{name: OuterRef(name)})
        return same

    def removed(self) -> QuerySet[Voter]:
        after = voters_scoped(self.after, self.region_code)
        return voters_scoped(self.before, self.region_code).exclude(self._counterparts(after))

    def added(self) -> QuerySet[Voter]:
        before = voters_scoped(self.before, self.region_code)
        return voters_scoped(self.after, self.region_code).exclude(self._counterparts(before))

    def changed(self) -> QuerySet[Voter]:
        """Rows of the earlier snapshot whose person is still listed, all of whose
        counterparts differ in some compared field."""
        after = voters_scoped(self.after, self.region_code)
        before = voters_scoped(self.before, self.region_code).filter(self._counterparts(after))
        if not self.by_nik:
            return before.exclude(Exists(self._same_values(after, on_nik=False)))
        return before.exclude(
            Q(~Q(nik=""), Exists(self._same_values(after, on_nik=True)))
            | Q(Q(nik=""), Exists(self._same_values(after.filter(nik=""), on_nik=False)))
        )

    def query(self, kind: str) -> QuerySet[Voter]:
        return {"tambah": self.added, "hapus": self.removed, "ubah": self.changed}[kind]()

    def counts(self) -> dict[str, int]:
        return {kind: self.query(kind).count() for kind in KINDS}


@dataclass(frozen=True)
class VoterLine:
    """One row of a list: masked NIK, name, place, and for a change what changed."""

    nik_masked: str
    name: str
    tps: str
    desa: str
    source_line: int
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after


def _place(voter: Voter) -> tuple[str, str]:
    return voter.tps.label, voter.tps.village.name


def voter_value(voter: Voter, name: str) -> str:
    if name == "tps":
        return f"{voter.tps.label} {voter.tps.village.name}"
    value = getattr(voter, name)
    return "" if value is None else str(value)


def voter_differences(
    comparison: Comparison, before: Voter, after: Voter
) -> list[tuple[str, str, str]]:
    changes = []
    for name in comparison.fields_compared:
        old, new = voter_value(before, name), voter_value(after, name)
        if old != new:
            shown = name in SHOWN
            changes.append((COMPARED[name], old if shown else "", new if shown else ""))
    return changes


@dataclass(frozen=True)
class Page:
    kind: str
    number: int
    total: int
    lines: list[VoterLine]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * PAGE_SIZE < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1


def page_of(comparison: Comparison, kind: str, number: int, total: int) -> Page:
    number = max(1, min(number, max(1, -(-total // PAGE_SIZE))))
    start = (number - 1) * PAGE_SIZE
    rows = list(
        comparison.query(kind)
        .select_related("tps__village")
        .order_by("pk")[start : start + PAGE_SIZE]
    )
    partners: dict[Any, list[Voter]] = {}
    if kind == "ubah" and rows:
        partners = voter_partners(comparison, rows)
    lines = []
    for voter in rows:
        tps, desa = _place(voter)
        changes: list[tuple[str, str, str]] = []
        if kind == "ubah":
            options = partners.get(voter_match_key(comparison, voter), [])
            diffs = [voter_differences(comparison, voter, other) for other in options]
            changes = min(diffs, key=len) if diffs else []
        lines.append(
            VoterLine(
                nik_masked=nik_mask(voter.nik),
                name=voter.name,
                tps=tps,
                desa=desa,
                source_line=voter.source_line,
                changes=changes,
            )
        )
    return Page(kind=kind, number=number, total=total, lines=lines)


def voter_match_key(comparison: Comparison, voter: Voter) -> Any:
    if comparison.by_nik and voter.nik:
        return ("nik", voter.nik)
    third = voter.birth_date if comparison.by_birth_date else voter.sex
    return ("id", voter.name_key, voter.tps.village_id, third)


def voter_partners(comparison: Comparison, rows: list[Voter]) -> dict[Any, list[Voter]]:
    after = voters_scoped(comparison.after, comparison.region_code).select_related("tps__village")
    niks = [v.nik for v in rows if comparison.by_nik and v.nik]
    keys = [v.name_key for v in rows if not (comparison.by_nik and v.nik)]
    found: dict[Any, list[Voter]] = {}
    candidates: list[Voter] = []
    if niks:
        candidates += list(after.filter(nik__in=niks))
    if keys:
        candidates += list(after.filter(name_key__in=keys))
    for other in candidates:
        found.setdefault(voter_match_key(comparison, other), []).append(other)
    return found


# Follow-up of findings ------------------------------------------------------------------


def run_latest(snapshot: Snapshot, region_code: str | None) -> AuditRun | None:
    """The latest finished audit of the snapshot over exactly this part of the list."""
    return (
        AuditRun.objects.filter(snapshot=snapshot, status=Status.DONE, region_id=region_code)
        .order_by("-finished_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class FindingLine:
    category: str
    nik_masked: str
    name: str
    tps: str
    desa: str


def finding_key(
    category: str,
    *,
    nik: str | None,
    nkk: str,
    tps_id: int | None,
    name_key: str | None,
    birth_date: datetime.date | None,
    village_id: str | None,
) -> tuple[Any, ...]:
    """The same problem in two runs has the same key (pure)."""
    if category == Category.TPS_OVER_CAPACITY:
        return (category, "tps", tps_id)
    if category == Category.FAMILY_SPLIT:
        return (category, "nkk", nkk)
    if nik:
        return (category, "nik", nik)
    return (category, "id", name_key, birth_date, village_id)


_FINDING_COLUMNS = (
    "category",
    "voter__nik",
    "nkk",
    "tps_id",
    "voter__name_key",
    "voter__birth_date",
    "village_id",
    "voter__name",
    "tps__number",
    "village__name",
)


def _finding_rows(run: AuditRun) -> Iterator[tuple[tuple[Any, ...], FindingLine]]:
    rows = run.findings.order_by("pk").values_list(*_FINDING_COLUMNS)
    for category, nik, nkk, tps_id, name_key, birth, village, name, tps, desa in rows.iterator(
        chunk_size=5000
    ):
        key = finding_key(
            category,
            nik=nik,
            nkk=nkk,
            tps_id=tps_id,
            name_key=name_key,
            birth_date=birth,
            village_id=village,
        )
        shown = nkk if category == Category.FAMILY_SPLIT else (nik or "")
        line = FindingLine(
            category=category,
            nik_masked=nik_mask(shown),
            name=name or "",
            tps=f"TPS {tps:03d}" if tps is not None else "-",
            desa=desa or "-",
        )
        yield key, line


@dataclass
class FollowUp:
    before_run: AuditRun | None
    after_run: AuditRun | None
    # category → {"selesai": n, "tetap": n, "baru": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    examples: dict[str, list[FindingLine]] = field(default_factory=dict)

    @property
    def totals(self) -> dict[str, int]:
        return {
            status: sum(row[status] for row in self.counts.values())
            for status in ("selesai", "tetap", "baru")
        }


def follow_up(before: Snapshot, after: Snapshot, region_code: str | None) -> FollowUp:
    """Which findings of the earlier snapshot's audit are gone (selesai), still there
    (tetap), and which are new (baru), by category. Only the keys of the earlier run are
    held in memory (one tuple per finding), never the voter lists."""
    result = FollowUp(run_latest(before, region_code), run_latest(after, region_code))
    if result.before_run is None or result.after_run is None:
        return result
    earlier: dict[tuple[Any, ...], FindingLine] = {}
    for key, line in _finding_rows(result.before_run):
        earlier.setdefault(key, line)
    examples: dict[str, list[FindingLine]] = {"selesai": [], "tetap": [], "baru": []}
    counts: dict[str, dict[str, int]] = {}
    seen: set[tuple[Any, ...]] = set()

    def count(category: str, status: str, line: FindingLine) -> None:
        row = counts.setdefault(category, {"selesai": 0, "tetap": 0, "baru": 0})
        row[status] += 1
        if len(examples[status]) < EXAMPLES:
            examples[status].append(line)

    for key, line in _finding_rows(result.after_run):
        if key in seen:
            continue  # a duplicate group's rows share a NIK: one problem
        seen.add(key)
        count(line.category, "tetap" if key in earlier else "baru", line)
    for key, line in earlier.items():
        if key not in seen:
            count(line.category, "selesai", line)
    result.counts = counts
    result.examples = examples
    return result
