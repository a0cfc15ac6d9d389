"""Shared set-up for the benchmarks: a throwaway Pengawas installation with a synthetic DPT.

Benchmarks are not tests: they print figures for docs/benchmarks.md. Run them on a quiet
machine; every figure is compared with a baseline measured in the same run.
"""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PENGAWAS = [sys.executable, "-m", "pengawas.cli"]
ELECTION = "pilbup-blitar-2020"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def environment(database: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(
        {"PENGAWAS_DEMO": "true", "PENGAWAS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    )
    if database == "postgres":
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/pengawas_bench"
    return env


def pengawas(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [*PENGAWAS, *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"pengawas {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def fresh_installation(database: str, data_dir: Path) -> dict[str, str]:
    """An empty database with Blitar and the demo election, nothing else."""
    if database == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS pengawas_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE pengawas_bench")
    else:
        for name in ("pengawas.sqlite3", "pengawas.sqlite3-wal", "pengawas.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = environment(database, data_dir)
    pengawas(env, "migrate", "-v", "0")
    pengawas(env, "regions_load")
    pengawas(
        env, "election_create", "--code", ELECTION, "--name", "Pilbup Blitar 2020", "--kind",
        "pilkada", "--region", "35.05", "--voting-day", "2020-12-09", "--max-voters-per-tps", "500",
    )  # fmt: skip
    return env


def django_in_process(database: str, data_dir: Path, **environment: str) -> None:
    """Django set up in this process on a fresh installation (with `environment` added), for
    benchmarks that call the services themselves rather than the command line."""
    os.environ.update(fresh_installation(database, data_dir))
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pengawas.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def synthetic_dpt(rows: int) -> Path:
    """A generated list of `rows` voters, made once and kept in bench/out."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"dpt-{rows}.csv"
    if not path.exists():
        env = fresh_installation("sqlite", OUT / "generate")
        started = time.perf_counter()
        pengawas(
            env,
            "dpt_generate",
            "--election",
            ELECTION,
            "--voters",
            str(rows),
            "--out",
            str(path),
            "--seed",
            "7",
        )
        print(f"generated {rows:,} voters in {time.perf_counter() - started:.1f} s -> {path}")
    return path
