"""Voting day under load: 2,278 PTPS each send a Form A with two photos and a C.Hasil sheet.

A throwaway installation on PostgreSQL (Kabupaten Blitar, the Pilbup 2020 election, 2,278 TPS
spread over the 248 desa, two paslon, one PTPS account per TPS made by the bulk onboarding,
each with a log-in session written straight into the session table so the load does not go
through the login and its throttling) is served by gunicorn on loopback and loaded by locust
(bench/voting_day_locustfile.py), one simulated phone per PTPS:

  GET  /hari-h/form-a/          the Form A page
  GET  /api/v1/hari-h/form-a    a fresh CSRF token (what form-a.js asks before sending)
  POST /api/v1/hari-h/form-a    the report as form-a.js sends it (multipart: "report" JSON
                                with its client_uuid, two JPEG photos of 150-250 KB, distinct
                                per report)
  GET  /hari-h/c-hasil/         the C.Hasil-KWK page
  POST /hari-h/c-hasil/         the sheet's figures with its client_uuid (answers 302)
  GET  /hari-h/c-hasil/         where the 302 leads

Arrivals follow a voting-day afternoon: each PTPS starts at a time drawn from Beta(2, 3)
over 14:00-16:00 (busiest around 14:40, the count over in most TPS), with a few simulated
minutes between the Form A and the sheet; the two hours are compressed into --minutes.
Network errors are retried with the same client_uuid. To prove "exactly once" under the
failures the phones will see, a share of the PTPS lose the answer to their first send (the
client stops waiting after --lost-after seconds, the server goes on) and send again, and
another share send everything a second time after success (an outbox that did not hear back).

Baseline in the same run: the same plan (the same schedule, sessions, cookies and bodies,
photos included) against /healthz, a view that answers "ok" and touches nothing, through the
same middleware (session read and save, CSRF, account policy; the POSTs get 405 there, after
the CSRF check). Then the real run. Afterwards
the database is checked: exactly one Form A and one sheet per TPS, two photos per Form A
(stored once, files on disk), one sheet revision per TPS, every figure as sent, and no 5xx.

Why locust: the usual tool for this in Python, with an open-arrival schedule written in a few
lines (each user sleeps until its time, runs its visit once and stops), one process of
greenlets that costs little CPU beside the server on the same two cores; every response time
is kept exactly by a request listener (locust's own table rounds them).

    .venv/bin/pip install -e .[bench]
    .venv/bin/python bench/voting_day_load.py [--ptps 2278] [--minutes 10] [--workers 4]
"""

import argparse
import io
import json
import math
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from common import OUT, ROOT, fresh_installation, machine

PORT = 8766
# Time spent in the worker per request (µs), apart from the wait for a free worker.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
SPAWN_RATE = 100  # locust users started per second; arrivals count from the last one
LOCUSTFILE = ROOT / "bench" / "voting_day_locustfile.py"
PAYLOAD = OUT / "voting-day-photos"
BASE_PHOTOS = 24
SUBMISSIONS = ("POST form-a", "POST c-hasil")
PASLON = ("Pasangan Calon Nomor Urut Satu", "Pasangan Calon Nomor Urut Dua")


# --- the photos ---------------------------------------------------------------------------


def base_photos() -> list[Path]:
    """Photo-like JPEGs of 1280x960 and 150-250 KB, made once with Pillow and kept. Each
    report's photos are one of these with a comment segment of its own (made while sending),
    so every photo is a distinct file that the server decodes, checks and stores in full."""
    from PIL import Image, ImageDraw, ImageFilter

    PAYLOAD.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(BASE_PHOTOS):
        path = PAYLOAD / f"base-{seed:02d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        rng = random.Random(seed)
        width, height = 1280, 960
        noise = Image.effect_noise((width, height), 40 + seed % 5 * 6)
        gradient = Image.linear_gradient("L").resize((width, height)).rotate(rng.randrange(360))
        red = Image.blend(noise, gradient, 0.6)
        green = Image.blend(noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gradient, 0.5)
        image = Image.merge("RGB", (red, green, gradient))
        image = image.filter(ImageFilter.GaussianBlur(0.6 + (seed % 4) * 0.1))
        draw = ImageDraw.Draw(image)
        for _ in range(40):
            x, y = rng.randrange(width), rng.randrange(height)
            box = [x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 150)]
            draw.rectangle(box, fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        path.write_bytes(out.getvalue())
    return paths


# --- the installation ---------------------------------------------------------------------


def sheet_figures(rng: random.Random, *, planted_error: bool) -> dict[str, int]:
    """A Pilkada C.Hasil-KWK that adds up (or, planted, one paslon's votes off by one)."""
    dpt = {"l": rng.randint(180, 260), "p": rng.randint(180, 260)}
    dpph = {"l": rng.randint(0, 3), "p": rng.randint(0, 3)}
    dptb = {"l": rng.randint(0, 4), "p": rng.randint(0, 4)}
    used = {sex: round(dpt[sex] * rng.uniform(0.6, 0.85)) for sex in "lp"}
    used_dpph = {sex: rng.randint(0, dpph[sex]) for sex in "lp"}
    figures: dict[str, int] = {}
    for sex in "lp":
        figures[f"pemilih.dpt.{sex}"] = dpt[sex]
        figures[f"pemilih.dpph.{sex}"] = dpph[sex]
        figures[f"pemilih.dptb.{sex}"] = dptb[sex]
        figures[f"pengguna.dpt.{sex}"] = used[sex]
        figures[f"pengguna.dpph.{sex}"] = used_dpph[sex]
        figures[f"pengguna.dptb.{sex}"] = dptb[sex]
        figures[f"disabilitas.terdaftar.{sex}"] = rng.randint(0, 4)
        figures[f"disabilitas.pengguna.{sex}"] = rng.randint(0, figures[f"disabilitas.terdaftar.{sex}"])  # fmt: skip
    registered = dpt["l"] + dpt["p"]
    received = registered + math.ceil(registered * 25 / 1000)
    used_all = sum(used.values()) + sum(used_dpph.values()) + sum(dptb.values())
    spoilt = rng.randint(0, 2)
    invalid = rng.randint(0, 8)
    valid = used_all - invalid
    first = rng.randint(valid * 35 // 100, valid * 65 // 100)
    figures.update(
        {
            "surat_suara.diterima": received,
            "surat_suara.digunakan": used_all,
            "surat_suara.rusak": spoilt,
            "surat_suara.tidak_digunakan": received - used_all - spoilt,
            "suara.paslon.1": first + (1 if planted_error else 0),
            "suara.paslon.2": valid - first,
            "suara.sah": valid,
            "suara.tidak_sah": invalid,
        }
    )
    return figures


def form_a_report(rng: random.Random, *, label: str, name: str) -> dict[str, Any]:
    violation = rng.random() < 0.05
    return {
        "pengawas": {
            "tahapan": "Pemungutan dan penghitungan suara",
            "nama": name,
            "jabatan": f"Pengawas {label}",
            "nomor_spt": f"{rng.randint(1, 999):03d}/PM.01.03/K.JI-13/12/2020",
            "alamat": f"Desa di Kabupaten Blitar, RT {rng.randint(1, 9):02d}",
        },
        "kegiatan": [
            {
                "bentuk": "Pengawasan langsung",
                "tujuan": "Memastikan pemungutan dan penghitungan suara sesuai ketentuan",
                "sasaran": f"Ketua dan anggota KPPS {label}",
                "waktu_tempat": f"09-12-2020, 07.00 WIB sampai selesai, {label}",
            }
        ],
        "uraian": (
            "Pemungutan suara dimulai pukul 07.00 WIB dan ditutup pukul 13.00 WIB. "
            "Penghitungan suara berjalan tertib dan disaksikan saksi pasangan calon. "
        )
        * rng.randint(2, 6),
        "keberatan": rng.random() < 0.03,
        "pelanggaran": {
            "peristiwa": "Pemilih mencoblos lebih dari satu kali" if violation else "",
            "uraian": "Seorang pemilih menggunakan hak pilih dua kali." if violation else "",
        },
        "sengketa": {},
    }


def build_world(count: int, seed: int, minutes: float) -> list[dict[str, Any]]:
    """TPS, paslon, PTPS accounts and their sessions; the plan of every simulated phone."""
    import datetime
    import tempfile

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from pengawas.accounts.models import Account, Assignment
    from pengawas.accounts.roles import Role
    from pengawas.accounts.services import assignment_create
    from pengawas.accounts.services_onboarding import users_import
    from pengawas.accounts.services_sessions import SESSION_EPOCH_KEY
    from pengawas.elections.models import Election, Tps
    from pengawas.regions.models import Region
    from pengawas.tally.models import Candidate

    election = Election.objects.get()
    villages = list(Region.objects.filter(level__in=["desa", "kelurahan"]).order_by("code"))
    places = [(villages[n % len(villages)], n // len(villages) + 1) for n in range(count)]
    Tps.objects.bulk_create(
        [Tps(election=election, village=village, number=number) for village, number in places]
    )
    Candidate.objects.bulk_create(
        [Candidate(election=election, number=n, name=name) for n, name in enumerate(PASLON, 1)]
    )
    admin = User.objects.create_user("admin-bench")
    assignment_create(user=admin, role=Role.ADMINISTRATOR)
    lines = ["nama,telepon,peran,kode"]
    lines += [
        f"PTPS {n},0812{n:08d},ptps,{village.code}/{number:03d}"
        for n, (village, number) in enumerate(places)
    ]
    csv_path = Path(tempfile.mkdtemp()) / "ptps.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with csv_path.open("rb") as handle:
        report = users_import(file=handle, created_by=admin, election=election)
    assert report.ok and len(report.created) == count, report.errors[:3]

    epochs = dict(Account.objects.values_list("user_id", "session_epoch"))
    assignments = (
        Assignment.objects.filter(role=Role.PTPS, ends__isnull=True)
        .select_related("user", "tps__village")
        .order_by("tps__village_id", "tps__number")
    )
    rng = random.Random(seed)
    window = minutes * 60
    expires = timezone.now() + datetime.timedelta(days=1)
    plan, sessions = [], []
    for assignment in assignments:
        user, tps = assignment.user, assignment.tps
        assert tps is not None
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SESSION_EPOCH_KEY: epochs.get(user.pk, 0),
        }
        sessions.append(
            Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expires)
        )
        label = f"TPS {tps.number:03d} {tps.village.name}"
        plan.append(
            {
                "tps_id": tps.pk,
                "session": key,
                # A CSRF secret as Django makes them (the cookie; the form sends it back).
                "csrf": get_random_string(32),
                "arrival": rng.betavariate(2, 3) * window,
                # The sheet follows the Form A 2-10 simulated minutes later.
                "gap": rng.uniform(2, 10) * 60 * window / 7200,
                "think": rng.uniform(0.5, 2) * 60 * window / 7200,
                "form_uuid": str(uuid.uuid4()),
                "sheet_uuid": str(uuid.uuid4()),
                "photos": rng.sample(range(BASE_PHOTOS), 2),
                "report": form_a_report(rng, label=label, name=user.get_full_name() or label),
                "sheet": sheet_figures(rng, planted_error=rng.random() < 0.1),
                "lose_first_answer": rng.random() < 0.03,
                "send_twice": rng.random() < 0.03,
            }
        )
    Session.objects.bulk_create(sessions, batch_size=1000)
    return plan


# --- the runs -----------------------------------------------------------------------------


def serve(env: dict[str, str], workers: int, log: Path) -> subprocess.Popen[bytes]:
    log.with_suffix(".access").unlink(missing_ok=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "pengawas.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(workers), "--log-level", "warning", "--timeout", "60",
         "--access-logfile", str(log.with_suffix(".access")), "--access-logformat", ACCESS_FORMAT],
        env=env, start_new_session=True, stderr=log.open("wb"),
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not start; see {log}")


def warm_up(item: dict[str, Any], workers: int) -> None:
    """Every worker's first pages (imports, templates) before the clock runs; GETs only, with
    the first PTPS's session, so nothing is stored."""
    cookie = f"sessionid={item['session']}; csrftoken={item['csrf']}"
    for _ in range(workers * 4):
        for path in ("/healthz", "/hari-h/form-a/", "/api/v1/hari-h/form-a", "/hari-h/c-hasil/"):
            request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie})  # fmt: skip
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http://127.0.0.1)
                response.read()


def load(
    target: str, plan_path: Path, times_path: Path, options: argparse.Namespace
) -> tuple[float, float]:
    """Runs locust to the end; (wall seconds, locust's CPU seconds)."""
    env = {**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_TIMES": str(times_path),
           "BENCH_TARGET": target, "BENCH_PHOTOS": str(PAYLOAD),
           "BENCH_LOST_AFTER": str(options.lost_after), "BENCH_SPAWN_RATE": str(SPAWN_RATE)}  # fmt: skip
    limit = int(options.minutes * 60 * 1.5 + 300)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
         "-u", str(options.ptps), "-r", str(SPAWN_RATE), "--host", f"http://127.0.0.1:{PORT}",
         "--run-time", f"{limit}s", "--only-summary", "--loglevel", "WARNING",
         "--exit-code-on-error", "0"],
        env=env, check=True, stdout=(OUT / f"voting-day-locust-{target}.log").open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) of gunicorn's master and workers so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in [str(master), *children]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def sample_load(samples: list[float], stop: threading.Event) -> None:
    """The 1-minute load average every 10 s: other jobs on the two cores show up here."""
    while not stop.wait(10):
        samples.append(os.getloadavg()[0])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))]


def summarise(times_path: Path) -> dict[str, Any]:
    records = json.loads(times_path.read_text())
    names: dict[str, list[float]] = {}
    statuses: dict[str, dict[str, int]] = {}
    for record in records["requests"]:
        if record["lost"]:  # the answers the client chose not to wait for
            continue
        names.setdefault(record["name"], []).append(record["ms"])
        by_status = statuses.setdefault(record["name"], {})
        by_status[str(record["status"])] = by_status.get(str(record["status"]), 0) + 1
    return {"times": names, "statuses": statuses, **{k: v for k, v in records.items() if k != "requests"}}  # fmt: skip


def in_worker(access_log: Path) -> dict[str, list[float]]:
    """Milliseconds each request spent in a worker, by method and path (the access log)."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        method, path, _status, micros = line.split()
        times.setdefault(f"{method} {path}", []).append(int(micros) / 1000)
    return times


def verify(plan: list[dict[str, Any]], data_dir: Path) -> list[str]:
    """What the database holds after the run; every problem found, or an empty list."""
    from django.db.models import Count

    from pengawas.form_a.models import FormA, FormAPhoto
    from pengawas.tally.models import ResultSheet, ResultSheetRevision

    problems = []
    count = len(plan)
    forms = FormA.objects.count()
    if forms != count:
        problems.append(f"{forms} Form A for {count} PTPS")
    per_tps = FormA.objects.values("tps").annotate(n=Count("pk")).filter(n__gt=1).count()
    if per_tps:
        problems.append(f"{per_tps} TPS with more than one Form A")
    sent = {item["form_uuid"] for item in plan}
    stored = {str(u) for u in FormA.objects.values_list("client_uuid", flat=True)}
    if sent != stored:
        problems.append(f"Form A client_uuid: {len(sent - stored)} missing, {len(stored - sent)} unknown")  # fmt: skip
    if FormA.objects.exclude(status="submitted").exists():
        problems.append("a Form A not in status 'submitted'")
    photos = FormAPhoto.objects.count()
    if photos != 2 * count:
        problems.append(f"{photos} photos for {2 * count} sent")
    odd = FormA.objects.annotate(n=Count("photos")).exclude(n=2).count()
    if odd:
        problems.append(f"{odd} Form A without exactly two photos")
    distinct = FormAPhoto.objects.values("sha256").distinct().count()
    if distinct != photos:
        problems.append(f"{photos - distinct} photos stored twice")
    files = sum(1 for _ in (data_dir / "files" / "form_a").rglob("*.jpg"))
    if files != photos:
        problems.append(f"{files} photo files on disk for {photos} photo rows")
    sheets = ResultSheet.objects.filter(entry="ptps").count()
    if sheets != count or ResultSheet.objects.count() != count:
        problems.append(f"{sheets} PTPS sheets for {count} PTPS")
    revisions = ResultSheetRevision.objects.count()
    if revisions != count:
        problems.append(f"{revisions} sheet revisions for {count} sheets sent once")
    by_tps = {item["tps_id"]: item for item in plan}
    wrong = 0
    for tps_id, client_uuid, data in ResultSheet.objects.values_list("tps_id", "client_uuid", "data"):  # fmt: skip
        item = by_tps[tps_id]
        if str(client_uuid) != item["sheet_uuid"]:
            wrong += 1
            continue
        for path, value in item["sheet"].items():
            node: Any = data
            for part in path.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node != value:
                wrong += 1
                break
    if wrong:
        problems.append(f"{wrong} sheets whose figures or client_uuid differ from what was sent")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptps", type=int, default=2278)
    parser.add_argument("--minutes", type=float, default=10.0, help="the two hours compressed")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
    parser.add_argument("--lost-after", type=float, default=0.02,
                        help="seconds a phone waits for the answer it is set to lose")  # fmt: skip
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--no-baseline", action="store_true")
    options = parser.parse_args()
    if not (ROOT / "pengawas" / "tally" / "models.py").exists():
        raise SystemExit("pengawas.tally is not there yet")
    data_dir = OUT / "voting-day-postgres"
    shutil.rmtree(data_dir / "files", ignore_errors=True)
    env = fresh_installation("postgres", data_dir)
    # Sessions live through both runs; the throttles are not in the way of a benchmark.
    env["PENGAWAS_SESSION_IDLE_MINUTES"] = "600"
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pengawas.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    base_photos()
    started = time.perf_counter()
    plan = build_world(options.ptps, options.seed, options.minutes)
    print(f"set-up: {len(plan):,} TPS, PTPS and sessions in {time.perf_counter() - started:.1f} s")
    plan_path = OUT / "voting-day-plan.json"
    plan_path.write_text(json.dumps(plan))
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
    connection.close()

    results = {}
    targets = ["app"] if options.no_baseline else ["healthz", "app"]
    for target in targets:
        server = serve(env, options.workers, OUT / f"voting-day-gunicorn-{target}.log")
        try:
            times_path = OUT / f"voting-day-times-{target}.json"
            load_before = os.getloadavg()[0]
            warm_up(plan[0], options.workers)
            (OUT / f"voting-day-gunicorn-{target}.access").write_text("")
            cpu_before = server_cpu_seconds(server.pid)
            samples: list[float] = []
            stop = threading.Event()
            sampler = threading.Thread(target=sample_load, args=(samples, stop), daemon=True)
            sampler.start()
            wall, locust_cpu = load(target, plan_path, times_path, options)
            stop.set()
            sampler.join()
            cpu = server_cpu_seconds(server.pid) - cpu_before
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        access = OUT / f"voting-day-gunicorn-{target}.access"
        results[target] = summarise(times_path) | {
            "worker": in_worker(access),
            "wall": wall, "load_before": load_before, "cpu": cpu, "locust_cpu": locust_cpu,
            "load_mean": sum(samples) / max(1, len(samples)), "load_max": max(samples, default=0),
        }  # fmt: skip

    problems = verify(plan, data_dir)
    errors_logged = (OUT / "voting-day-gunicorn-app.log").read_text(errors="replace").count("Traceback")  # fmt: skip
    print(f"machine: {machine()}; {pg_version}")
    print(
        f"{len(plan):,} PTPS over a simulated 14:00-16:00 compressed into {options.minutes:g} min "
        f"({7200 / (options.minutes * 60):.0f}x); gunicorn {options.workers} sync workers; locust, one user per PTPS"
    )
    for target in targets:
        result = results[target]
        print(f"\n== {target}: wall {result['wall']:.0f} s, load average before {result['load_before']:.2f}, "
              f"during {result['load_mean']:.2f} (max {result['load_max']:.2f}); "
              f"gunicorn CPU {result['cpu']:.0f} s ({result['cpu'] / len(plan) * 1000:.0f} ms per PTPS), locust CPU {result['locust_cpu']:.0f} s; "
              f"retries {result['retries']}, lost answers {result['lost']}, sent twice {result['twice']}, "
              f"visits done {result['done']}/{len(plan)}")  # fmt: skip
        print(
            f"{'request':34} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses"
        )
        for name, values in sorted(result["times"].items()):
            print(f"{name:34} {len(values):6} {percentile(values, 50):8.0f} {percentile(values, 95):8.0f} "
                  f"{percentile(values, 99):8.0f} {max(values):8.0f}  {result['statuses'][name]}")  # fmt: skip
        print("time in a worker (without the wait for a free one):")
        for name, values in sorted(result["worker"].items()):
            print(f"  {name:32} {len(values):6} {percentile(values, 50):8.0f} {percentile(values, 95):8.0f} "
                  f"{percentile(values, 99):8.0f} {max(values):8.0f}")  # fmt: skip
    app = results["app"]
    server_errors = sum(
        n
        for by_status in app["statuses"].values()
        for s, n in by_status.items()
        if s.startswith("5")
    )
    print(f"\nHTTP 5xx: {server_errors}; tracebacks in the server log: {errors_logged}; "
          f"unexpected answers: {app['unexpected']}")  # fmt: skip
    print("database: " + ("OK, every report exactly once" if not problems else "; ".join(problems)))
    for name in SUBMISSIONS:
        p95 = percentile(app["times"][name], 95)
        print(f"{name}: p95 {p95:.0f} ms (target < 1000) {'OK' if p95 < 1000 else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
