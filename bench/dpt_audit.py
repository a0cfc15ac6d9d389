"""The DPT audit of 1 M voters: time, peak memory, precision and recall per category, and
the exact-match rules (DUPLICATE_NIK, TPS_OVER_CAPACITY) against DuckDB on the same data.

The list is the generator's (seed 7) with its truth file, imported into a throwaway
installation (bench/out/audit-<db>-<rows>, kept for the next run). The whole audit is
timed as the command runs it (`audit_execute`), twice; its findings are scored against
the truth. Baseline in the same run: the two exact-match rules' queries, word for word,
on the installation's database and in DuckDB (in memory, loaded from a CSV export of the
same rows; the export and the load are timed apart).

    .venv/bin/python bench/dpt_audit.py [--db sqlite|postgres] [--rows 1000000]

DuckDB comes from the `bench` extra: .venv/bin/pip install -e .[bench]
"""

import argparse
import csv
import itertools
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import (
    ELECTION,
    OUT,
    PENGAWAS,
    ROOT,
    environment,
    fresh_installation,
    machine,
    synthetic_dpt,
)

ROUNDS = 5
# The engine's queries (engine_groups.py); {plus} is "+" on SQLite, the engine's hint that
# keeps the planner off the (snapshot, name_key) index, and nothing elsewhere.
DUPLICATE_NIK = (
    "SELECT nik, id, source_line, tps_id FROM dpt_voter"
    " WHERE snapshot_id = {p} AND nik IN (SELECT nik FROM dpt_voter"
    " WHERE {plus}snapshot_id = {p} AND nik <> '' GROUP BY nik HAVING COUNT(*) > 1)"
)
TPS_OVER_CAPACITY = (
    "SELECT tps_id, COUNT(*) FROM dpt_voter"
    " WHERE {plus}snapshot_id = {p} GROUP BY tps_id HAVING COUNT(*) > {p}"
)


def installation(database: str, rows: int) -> dict[str, str]:
    """An installation with the generated list imported, reused when it is there."""
    data_dir = OUT / f"audit-{database}-{rows}"
    env = environment(database, data_dir)
    script = (
        "import django; django.setup(); from pengawas.dpt.models import Snapshot; "
        f"print(Snapshot.objects.filter(rows_imported={rows}).exists())"
    )
    check = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "pengawas.settings"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if check.stdout.strip() == "True":
        return env
    source = synthetic_dpt(rows)
    env = fresh_installation(database, data_dir)
    started = time.perf_counter()
    subprocess.run(
        [*PENGAWAS, "dpt_import", str(source), "--election", ELECTION],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    print(f"imported {rows:,} voters in {time.perf_counter() - started:.1f} s")
    return env


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_seconds(run: Callable[[], Any]) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    options = parser.parse_args()
    env = installation(options.db, options.rows)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pengawas.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import duckdb
    from django.db import connection

    from pengawas.dpt.models import Snapshot
    from pengawas.dpt_audit.engine import audit_execute
    from pengawas.dpt_audit.models import AuditRun, Finding
    from pengawas.dpt_audit.tests.scoring import run_score

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) dpt_voter")
    snapshot = Snapshot.objects.select_related("election").get(rows_imported=options.rows)
    maximum = snapshot.election.max_voters_per_tps
    truth = synthetic_dpt(options.rows).with_suffix(".truth.csv")
    print(f"machine: {machine()}; database: {connection.vendor}")

    # The whole audit, twice (the second with the database file in the page cache).
    AuditRun.objects.all().delete()
    rss_before = rss_mib()
    runs = []
    for attempt in (1, 2):
        run = AuditRun.objects.create(snapshot=snapshot, requested_by_name="bench")
        phases: list[tuple[str, float]] = []
        started = time.perf_counter()

        def progress(
            percent: int,
            note: str,
            started: float = started,
            phases: list[tuple[str, float]] = phases,
        ) -> None:
            label = note.split(" ")[0] if note.startswith("Memeriksa") else note
            if not phases or phases[-1][0] != label:
                phases.append((label, time.perf_counter() - started))

        audit_execute(run=run, on_progress=progress)
        seconds = time.perf_counter() - started
        runs.append(seconds)
        steps = [
            f"{name} {end - start:.1f} s" for (name, start), (_, end) in itertools.pairwise(phases)
        ]
        print(f"audit run {attempt}: {seconds:.1f} s ({'; '.join(steps)})")
    rss_peak = rss_mib()
    print(f"peak RSS: {rss_peak:.0f} MiB (before the audits: {rss_before:.0f} MiB)")
    print(f"findings: {Finding.objects.filter(run=run).count():,}")

    print("\n| category | truth | found | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for category, score in run_score(run, truth).items():
        print(
            f"| {category} | {score.truth:,} | {score.found:,} | {score.precision:.4f} "
            f"| {score.recall:.4f} |"
        )

    # The exact-match rules' queries on the installation's database...
    mark = "%s"
    plus = "+" if connection.vendor == "sqlite" else ""
    ours = {}
    for name, sql, params in (
        ("DUPLICATE_NIK", DUPLICATE_NIK, [snapshot.pk, snapshot.pk]),
        ("TPS_OVER_CAPACITY", TPS_OVER_CAPACITY, [snapshot.pk, maximum]),
    ):

        def query(sql: str = sql, params: list[int] = params) -> set[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql.format(p=mark, plus=plus), params)
                return set(cursor.fetchall())

        ours[name] = median_seconds(query)

    # ... and in DuckDB, on the same rows exported to CSV.
    export = OUT / f"audit-{options.db}-{options.rows}-voters.csv"
    started = time.perf_counter()
    with export.open("w", newline="", encoding="utf-8") as handle, connection.cursor() as cursor:
        writer = csv.writer(handle)
        writer.writerow(["id", "snapshot_id", "source_line", "tps_id", "nik"])
        cursor.execute(
            "SELECT id, snapshot_id, source_line, tps_id, nik FROM dpt_voter"
            " WHERE snapshot_id = %s",
            [snapshot.pk],
        )
        while batch := cursor.fetchmany(50_000):
            writer.writerows(batch)
    exported = time.perf_counter() - started
    duck = duckdb.connect()
    started = time.perf_counter()
    duck.execute(
        "CREATE TABLE dpt_voter AS SELECT * FROM read_csv(?, header = true, columns = "
        "{'id': 'BIGINT', 'snapshot_id': 'BIGINT', 'source_line': 'INTEGER',"
        " 'tps_id': 'BIGINT', 'nik': 'VARCHAR'})",
        [str(export)],
    )
    loaded = time.perf_counter() - started
    theirs = {}
    for name, sql, params in (
        ("DUPLICATE_NIK", DUPLICATE_NIK, [snapshot.pk, snapshot.pk]),
        ("TPS_OVER_CAPACITY", TPS_OVER_CAPACITY, [snapshot.pk, maximum]),
    ):

        def duck_query(sql: str = sql, params: list[int] = params) -> set[tuple[Any, ...]]:
            rows = duck.execute(sql.format(p="?", plus=""), params).fetchall()
            return {tuple("" if v is None else v for v in row) for row in rows}

        theirs[name] = median_seconds(duck_query)
    Path(export).unlink()

    print(
        f"\nDuckDB {duckdb.__version__}: export to CSV {exported:.1f} s, load {loaded:.1f} s "
        f"(not in the query times below; median of {ROUNDS})"
    )
    print(f"\n| query | {connection.vendor} | DuckDB | ratio | same rows |")
    print("|---|---:|---:|---:|---|")
    for name in ours:
        (ours_s, ours_rows), (duck_s, duck_rows) = ours[name], theirs[name]
        same = ours_rows == duck_rows
        print(
            f"| {name} ({len(ours_rows):,} rows) | {ours_s * 1000:.0f} ms | "
            f"{duck_s * 1000:.0f} ms | {ours_s / duck_s:.1f}x | {'yes' if same else 'NO'} |"
        )
    print(f"\naudit: {min(runs):.1f} s best of 2, {max(runs):.1f} s worst")


if __name__ == "__main__":
    main()
