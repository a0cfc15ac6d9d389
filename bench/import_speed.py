"""Import speed of `pengawas dpt_import` against the database's own bulk loader.

For each engine, the same generated file is loaded three times in one run:
- bare loader: SQLite's `.import` (sqlite3 CLI) or PostgreSQL's COPY (psql \\copy) into a
  plain table shaped like the file (all text columns, no indexes, no checks);
- indexed loader: the same, into a table that has the three indexes the voter table has
  (NIK, name, desa + TPS), so that both sides do the same indexing work;
- Pengawas: `pengawas dpt_import`, the whole command (start-up, hashing, checks, region and
  TPS resolution, name keys, three indexes, the rejects file), wall-clock time.
Also the peak memory of the import at two sizes, to show it stays flat.

    .venv/bin/python bench/import_speed.py [--rows 1000000] [--db sqlite postgres]
"""

import argparse
import csv
import subprocess
import sys
import time
from pathlib import Path

from common import ELECTION, OUT, PENGAWAS, PG_ADMIN_URL, fresh_installation, machine, synthetic_dpt


def header_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


# The voter table's three indexes, on the file's own columns.
INDEXES = ['("NIK")', '("NAMA")', '("KELURAHAN", "TPS")']


def baseline_sqlite(path: Path, indexed: bool) -> float:
    target = OUT / "baseline.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    columns = ", ".join(f'"{c}" TEXT' for c in header_of(path))
    indexes = [f"CREATE INDEX i{n} ON voters {cols};" for n, cols in enumerate(INDEXES)]
    started = time.perf_counter()
    subprocess.run(
        ["sqlite3", str(target), "PRAGMA journal_mode=WAL;", f"CREATE TABLE voters ({columns});",
         *(indexes if indexed else []), ".mode csv", f".import --skip 1 {path} voters"],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def baseline_postgres(path: Path, indexed: bool) -> float:
    fresh_installation("postgres", OUT / "data-postgres")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/pengawas_bench"
    columns = ", ".join(f'"{c}" text' for c in header_of(path))
    indexes = "".join(f"; CREATE INDEX ON baseline {cols}" for cols in INDEXES)
    create = f"DROP TABLE IF EXISTS baseline; CREATE TABLE baseline ({columns})"
    subprocess.run(["psql", url, "-q", "-c", create + (indexes if indexed else "")], check=True)
    started = time.perf_counter()
    subprocess.run(
        ["psql", url, "-q", "-c", f"\\copy baseline FROM '{path}' CSV HEADER"], check=True
    )
    elapsed = time.perf_counter() - started
    subprocess.run(["psql", url, "-q", "-c", "DROP TABLE baseline"], check=True)
    return elapsed


def pengawas_import(database: str, path: Path) -> float:
    env = fresh_installation(database, OUT / f"data-{database}")
    started = time.perf_counter()
    subprocess.run(
        [*PENGAWAS, "dpt_import", str(path), "--election", ELECTION],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--db", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    options = parser.parse_args()
    path = synthetic_dpt(options.rows)
    print(f"machine: {machine()}")
    print(f"file: {path.name}, {options.rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB")
    for database in options.db:
        loader = baseline_sqlite if database == "sqlite" else baseline_postgres
        bare = loader(path, indexed=False)
        indexed = loader(path, indexed=True)
        ours = pengawas_import(database, path)
        print(
            f"{database}: pengawas dpt_import {ours:6.1f} s ({options.rows / ours:>9,.0f} rows/s)"
        )
        for label, baseline in (("bare loader", bare), ("indexed loader", indexed)):
            ratio = baseline / ours
            verdict = "OK" if ratio >= 1 / 3 else "BELOW TARGET"
            print(
                f"  {label:15s} {baseline:6.1f} s ({options.rows / baseline:>9,.0f} rows/s)   "
                f"ratio {ratio:.2f} (target >= 0.33) {verdict}"
            )
    # Peak memory: a list ten times smaller should need about the same memory.
    small = synthetic_dpt(options.rows // 10)
    for rows, file in ((options.rows // 10, small), (options.rows, path)):
        script = (
            "import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        env = fresh_installation("sqlite", OUT / "data-memory")
        peak = subprocess.run(
            [sys.executable, "-c", script, *PENGAWAS, "dpt_import", str(file), "--election", ELECTION],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        print(f"peak memory, {rows:>9,} rows: {int(peak) / 1024:6.0f} MiB (largest single process)")


if __name__ == "__main__":
    main()
