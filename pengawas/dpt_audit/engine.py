"""Running an audit: every row of a snapshot through the row rules, then the group rules.

`audit_execute` streams the voters of the snapshot (or of one kecamatan) in primary-key
order, a batch at a time, so memory holds one batch and the findings, never the list; the
row rules are the pure functions of rules.py. The group rules run as SQL over the same rows
(engine_groups.py): DUPLICATE_NIK (GROUP BY nik), TPS_OVER_CAPACITY (voters per TPS),
FAMILY_SPLIT (an NKK in more than one TPS of a desa) and DUPLICATE_IDENTITY (rows of a desa
born the same day, then their names compared). Findings are written in batches.

A failed run keeps no findings: they are deleted, the run is marked failed with the error,
and the exception goes on to the caller.
"""

import datetime
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from pengawas.dpt.models import Snapshot
from pengawas.dpt_audit import rules
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Level, Region
from pengawas.regions.rules import PROVINCES

Progress = Callable[[int, str], None]

# Rows read per query of the row pass, and findings written per INSERT.
READ_BATCH = 20_000
WRITE_BATCH = 5_000
# Share of the progress bar the row pass takes; the group rules share the rest.
_ROW_PASS_SHARE = 70


@dataclass
class Findings:
    """Findings of one run, buffered and written in batches; counts per category."""

    run_id: int
    counts: dict[str, int] = field(default_factory=dict)
    _buffer: list[Finding] = field(default_factory=list)

    def add(
        self,
        category: str,
        detail: str,
        *,
        voter_id: int | None = None,
        source_line: int | None = None,
        tps_id: int | None = None,
        village_id: str | None = None,
        group: str = "",
        nkk: str = "",
    ) -> None:
        self._buffer.append(
            Finding(
                run_id=self.run_id,
                category=category,
                voter_id=voter_id,
                source_line=source_line,
                tps_id=tps_id,
                village_id=village_id,
                group=group,
                nkk=nkk,
                detail=detail,
            )
        )
        self.counts[category] = self.counts.get(category, 0) + 1
        if len(self._buffer) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            Finding.objects.bulk_create(self._buffer, batch_size=1000)
            self._buffer.clear()


@dataclass
class Context:
    """What the rules need to know about the run, read once before the rows."""

    run: AuditRun
    snapshot: Snapshot
    election: Election
    active: frozenset[str]  # the categories this snapshot's columns allow
    # TPS of the election: id → (village code, number)
    tps: dict[int, tuple[str, int]]
    village_names: dict[str, str]
    # SQL that keeps the rows of the run's region ("" for the whole snapshot), for a voter
    # table aliased `alias`, and its parameters.
    region_code: str | None
    findings: Findings
    report: Progress

    def region_filter(self, alias: str = "") -> tuple[str, list[Any]]:
        if self.region_code is None:
            return "", []
        column = f"{alias}.tps_id" if alias else "tps_id"
        return (
            f" AND {column} IN (SELECT id FROM elections_tps WHERE election_id = %s"  # noqa: S608
            " AND village_id LIKE %s)",
            [self.election.pk, self.region_code + ".%"],
        )

    def snapshot_filter(self, alias: str = "") -> str:
        """ "snapshot_id = %s", with SQLite kept off the (snapshot, name_key) index.

        That index is the only one starting with the snapshot, so SQLite's planner picks it
        and then reads the table in name order, a random read per row; with the column
        written "+snapshot_id" it scans the table (or a covering index) in order instead.
        """
        column = f"{alias}.snapshot_id" if alias else "snapshot_id"
        plus = "+" if connection.vendor == "sqlite" else ""
        return f"{plus}{column} = %s"

    def tps_label(self, tps_id: int) -> str:
        return f"TPS {self.tps[tps_id][1]:03d}"

    def place(self, tps_id: int) -> str:
        """ "TPS 003 Jaten": where a row is, for explanations."""
        village = self.tps[tps_id][0]
        return f"{self.tps_label(tps_id)} {self.village_names.get(village, village)}"


def region_codes() -> rules.RegionCodes:
    """The loaded region table as NIK prefixes (see rules.RegionCodes)."""
    kecamatans: dict[str, set[str]] = {}
    kabupatens: set[str] = set()
    names: dict[str, str] = {}
    rows = Region.objects.filter(
        level__in=[Level.KABUPATEN, Level.KOTA, Level.KECAMATAN]
    ).values_list("code", "name", "level")
    for code, name, level in rows:
        if level == Level.KECAMATAN:
            kecamatans.setdefault(code[:5].replace(".", ""), set()).add(code[6:8])
        else:
            kabupatens.add(code.replace(".", ""))
            names[code.replace(".", "")] = name
    national = {code[:2] for code in kabupatens} >= set(PROVINCES)
    return rules.RegionCodes(
        kecamatans={k: frozenset(v) for k, v in kecamatans.items()},
        kabupatens=frozenset(kabupatens) if national else None,
        names=names,
    )


def as_date(value: object) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _as_mapping(value: object) -> dict[str, str] | None:
    if value is None or isinstance(value, dict):
        return value
    loaded = json.loads(str(value))
    return loaded if isinstance(loaded, dict) else None


def _rows(context: Context) -> Iterator[tuple[Any, ...]]:
    """The run's voters in primary-key order, READ_BATCH rows per query (keyset paging)."""
    region_sql, region_params = context.region_filter()
    sql = (
        "SELECT id, source_line, tps_id, nik, nkk, name, birth_date, sex, marital_status,"  # noqa: S608
        " address, invalid_fields FROM dpt_voter"
        f" WHERE id > %s AND {context.snapshot_filter()}{region_sql}"
        f" ORDER BY id LIMIT {READ_BATCH}"
    )
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, context.snapshot.pk, *region_params])
            batch = cursor.fetchall()
            if not batch:
                return
            yield from batch
            last = batch[-1][0]


def _row_pass(context: Context, total: int) -> int:
    """Every row through the row rules; returns the number of rows read."""
    active = context.active
    findings = context.findings
    add = findings.add
    tps = context.tps
    limits = rules.AgeLimits.for_day(context.election.voting_day)
    codes = region_codes()
    check_nik = Category.NIK_FORMAT in active
    check_region = Category.NIK_REGION in active
    check_birthdate = Category.NIK_BIRTHDATE in active
    check_sex = Category.NIK_SEX in active
    check_nkk = Category.NKK_FORMAT in active
    check_underage = Category.UNDERAGE in active
    check_age = Category.AGE_IMPLAUSIBLE in active
    check_incomplete = Category.INCOMPLETE in active
    present = set(context.snapshot.fields_present)
    incomplete_fields = frozenset(f for f in rules.INCOMPLETE_COLUMNS if f in present)
    # A missing column counts as filled in, so the fast path below skips it.
    always = {f: f not in incomplete_fields for f in rules.INCOMPLETE_COLUMNS}
    region_results: dict[str, rules.RuleResult | None] = {}
    well_formed = rules.well_formed
    seen = 0
    last_report = time.monotonic()
    for row in _rows(context):
        (voter_id, line, tps_id, nik, nkk, name, born, sex, marital, address, invalid) = row
        seen += 1
        birth = as_date(born)
        found: list[rules.RuleResult] = []
        nik_fault = rules.nik_format(nik) if check_nik else None
        if nik_fault is not None:
            found.append(nik_fault)
        elif check_nik:
            region_fault = None
            if check_region:
                prefix = nik[:6]
                if prefix in region_results:
                    region_fault = region_results[prefix]
                else:
                    region_fault = region_results[prefix] = rules.nik_region(nik, codes)
            if region_fault is not None:
                found.append(region_fault)
            elif check_birthdate and birth is not None:
                date_fault = rules.nik_birthdate(nik, birth)
                if date_fault is not None:
                    found.append(date_fault)
                elif check_sex and sex:
                    sex_fault = rules.nik_sex(nik, sex)
                    if sex_fault is not None:
                        found.append(sex_fault)
        if check_nkk and not well_formed(nkk):
            nkk_fault = rules.nkk_format(nkk)
            if nkk_fault is not None:
                found.append(nkk_fault)
        if birth is not None:
            if check_age:
                age_fault = rules.age_implausible(birth, limits)
                if age_fault is not None:
                    found.append(age_fault)
            if check_underage and marital == "B":
                young = rules.underage(birth, marital, limits)
                if young is not None:
                    found.append(young)
        if check_incomplete and not (
            (name or always["name"])
            and (sex or always["sex"])
            and (birth is not None or always["birth_date"])
            and (address or always["address"])
        ):
            gap = rules.incomplete(
                name=name,
                sex=sex,
                birth=birth,
                address=address,
                invalid=_as_mapping(invalid),
                checked=incomplete_fields,
            )
            if gap is not None:
                found.append(gap)
        if found:
            village = tps[tps_id][0]
            for result in found:
                add(
                    result.category,
                    result.detail,
                    voter_id=voter_id,
                    source_line=line,
                    tps_id=tps_id,
                    village_id=village,
                )
        if seen % 10_000 == 0 and time.monotonic() - last_report > 0.5:
            last_report = time.monotonic()
            share = _ROW_PASS_SHARE * seen // max(total, 1)
            context.report(
                min(share, _ROW_PASS_SHARE), f"Memeriksa baris {seen:,}".replace(",", ".")
            )
    return seen


def _count(context: Context) -> int:
    if context.region_code is None:
        return context.snapshot.rows_imported
    region_sql, params = context.region_filter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM dpt_voter WHERE snapshot_id = %s{region_sql}",  # noqa: S608
            [context.snapshot.pk, *params],
        )
        return int(cursor.fetchone()[0])


def _context(run: AuditRun, report: Progress) -> Context:
    snapshot = Snapshot.objects.select_related("election").get(pk=run.snapshot_id)
    election = snapshot.election
    skipped = rules.rules_not_run(list(snapshot.fields_present))
    not_run = rules.categories_not_run(list(snapshot.fields_present))
    tps = {
        pk: (village, number)
        for pk, village, number in Tps.objects.filter(election=election).values_list(
            "pk", "village_id", "number"
        )
    }
    villages = {village for village, _ in tps.values()}
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    run.rules_not_run = skipped
    return Context(
        run=run,
        snapshot=snapshot,
        election=election,
        active=frozenset(c for c in Category.values if c not in not_run),
        tps=tps,
        village_names=names,
        region_code=run.region_id,
        findings=Findings(run_id=run.pk),
        report=report,
    )


def audit_execute(*, run: AuditRun, on_progress: Progress | None = None) -> AuditRun:
    """Run the audit of `run` (its snapshot, within run.region when set) and store findings.

    Progress (percent, note) goes to the run's row, at most a few times a second, and to
    `on_progress`. On an error the run is marked failed, its findings are removed, and the
    exception is raised again.
    """
    from pengawas.dpt_audit import engine_groups

    def report(percent: int, note: str) -> None:
        AuditRun.objects.filter(pk=run.pk).update(progress=percent, progress_note=note[:200])
        run.progress, run.progress_note = percent, note[:200]
        if on_progress is not None:
            on_progress(percent, note)

    run.status = Status.RUNNING
    run.started_at = timezone.now()
    run.finished_at = None
    run.error = ""
    run.progress = 0
    run.progress_note = "Mulai"
    run.save(
        update_fields=["status", "started_at", "finished_at", "error", "progress", "progress_note"]
    )
    Finding.objects.filter(run=run).delete()
    try:
        context = _context(run, report)
        total = _count(context)
        report(0, "Memeriksa baris")
        run.voters_checked = _row_pass(context, total)
        engine_groups.group_rules(context, start=_ROW_PASS_SHARE)
        context.findings.flush()
    except BaseException as exc:
        Finding.objects.filter(run=run).delete()
        run.status = Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.summary = {
        category: context.findings.counts.get(category, 0)
        for category in Category.values
        if category in context.active
    }
    run.status = Status.DONE
    run.progress = 100
    run.progress_note = "Selesai"
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "status",
            "progress",
            "progress_note",
            "finished_at",
            "summary",
            "rules_not_run",
            "voters_checked",
        ]
    )
    if on_progress is not None:
        on_progress(100, "Selesai")
    return run
