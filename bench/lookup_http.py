"""Public Cek DPT over HTTP with 1 M voters loaded, against a minimal Django view.

Both are served by the same gunicorn (as in production) and loaded by wrk with the same
connections and duration, one after the other in the same run:
- baseline: GET /healthz, a view that returns "ok" and touches nothing;
- Cek DPT: GET /api/v1/cek-dpt?nik=… with NIKs drawn at random, half on the list and half
  not, through the full path: rate limit (a database write), lookup, JSON. The rate limit
  is raised for the benchmark so that every request does the whole work.

    .venv/bin/python bench/lookup_http.py [--db sqlite|postgres] [--rows 1000000] [--seconds 20]
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import ELECTION, OUT, PENGAWAS, environment, fresh_installation, machine, synthetic_dpt

PORT = 8765
CONNECTIONS = 16
LUA = """
local niks = {}
for line in io.lines("%s") do niks[#niks + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "%s?nik=" .. niks[(counter * 7919) %% #niks + 1])
end
"""


def loaded_installation(database: str, rows: int) -> dict[str, str]:
    """An installation with `rows` voters imported, reused when it is already there."""
    data_dir = OUT / f"lookup-{database}-{rows}"
    env = environment(database, data_dir)
    if _has_voters(env, rows):
        return env
    env = fresh_installation(database, data_dir)
    subprocess.run(
        [*PENGAWAS, "dpt_import", str(synthetic_dpt(rows)), "--election", ELECTION],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return env


def _has_voters(env: dict[str, str], rows: int) -> bool:
    script = (
        "import django; django.setup(); from pengawas.dpt.models import Snapshot; "
        f"print(Snapshot.objects.filter(rows_imported={rows}).exists())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env={**env, "DJANGO_SETTINGS_MODULE": "pengawas.settings"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout.strip() == "True"


def sample_niks(env: dict[str, str], count: int) -> list[str]:
    script = (
        "import django, random; django.setup(); from pengawas.dpt.models import Voter; "
        f"ids = Voter.objects.order_by('?').values_list('nik', flat=True)[:{count}]; "
        "print('\\n'.join(n for n in ids if len(n) == 16 and n.isdigit()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env={**env, "DJANGO_SETTINGS_MODULE": "pengawas.settings"},
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    rng = random.Random(1)
    unknown = [f"3505{rng.randrange(10**11, 10**12)}" for _ in out]
    return out + unknown


def wrk(script: Path, seconds: int) -> tuple[float, dict[str, float]]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script)]
    command.append(f"http://127.0.0.1:{PORT}/")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)$", out, re.M):
        latency[pct] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, latency


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
    options = parser.parse_args()
    env = loaded_installation(options.db, options.rows)
    env["PENGAWAS_CEK_DPT_RATE"] = str(10**9)
    env.update(dict(v.split("=", 1) for v in os.environ.get("BENCH_ENV", "").split() if "=" in v))
    niks = sample_niks(env, 5000)
    # Both loads come from the same Lua script, so the load generator costs the same CPU
    # in both: only the path differs (the baseline ignores the nik parameter).
    folder = Path(tempfile.mkdtemp())
    (folder / "niks.txt").write_text("\n".join(niks))
    lua = folder / "cek.lua"
    lua.write_text(LUA % (folder / "niks.txt", "/api/v1/cek-dpt"))
    healthz = folder / "healthz.lua"
    healthz.write_text(LUA % (folder / "niks.txt", "/healthz"))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "pengawas.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(options.workers), "--log-level", "warning"],
        env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        wrk(healthz, 3)  # warm both paths up
        wrk(lua, 3)
        # Alternate the two loads and keep the median round of each, so that a passing
        # disturbance on the machine does not decide the ratio.
        base_runs, runs = [], []
        for _ in range(options.rounds):
            base_runs.append(wrk(healthz, options.seconds))
            runs.append(wrk(lua, options.seconds))
        base_rps, base_latency = sorted(base_runs, key=lambda r: r[0])[len(base_runs) // 2]
        rps, latency = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    print(f"machine: {machine()}")
    print(
        f"database: {options.db}, {options.rows:,} voters; gunicorn {options.workers} sync workers; wrk 2 threads, {CONNECTIONS} connections, {options.seconds} s each"
    )
    print(
        f"baseline /healthz      {base_rps:8.0f} req/s   p50 {base_latency['50']:6.2f} ms   p99 {base_latency['99']:6.2f} ms"
    )
    print(
        f"Cek DPT /api/v1/cek-dpt {rps:8.0f} req/s   p50 {latency['50']:6.2f} ms   p99 {latency['99']:6.2f} ms"
    )
    ratio = rps / base_rps
    print(f"throughput ratio {ratio:.2f} (target >= 0.5) {'OK' if ratio >= 0.5 else 'BELOW TARGET'}; "
          f"p99 {latency['99']:.1f} ms (target < 50) {'OK' if latency['99'] < 50 else 'ABOVE TARGET'}")  # fmt: skip


if __name__ == "__main__":
    main()
