"""Supervisors' name search with 1 M voters in one snapshot: latency percentiles.

Runs the search service itself (what the page calls on every keystroke, without the HTTP
layer) for a fixed mix of queries: common and rare names, spelling variants, half-typed
words, names that match nobody (the worst case: the whole index is read), and names with
filters. Baseline in the same run: the same mix as plain case-insensitive substring queries
on the name column (Django's `name__icontains`), what one would write without the folded
key and its index.

    .venv/bin/python bench/search_speed.py [--db sqlite|postgres] [--rows 1000000]
"""

import argparse
import os
import statistics
import sys
import time

from common import ROOT, machine
from lookup_http import loaded_installation

QUERIES = [
    "siti", "moch", "muhammad hidayat", "mochamad rizal", "achmad", "sri wahyu", "budi santoso",
    "nur", "dwi", "eko prasetyo", "suparmi", "kusnul", "h. ahmad", "tjahjo", "soekarno",
    "wahju", "annisa", "xyzzy", "zaenal abidin qq", "rini syarifah", "siti aminah binti",
    "agus", "yuli", "rahmat", "bambang", "puji lestari", "slamet", "sutrisno", "sum", "ka",
]  # fmt: skip
ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    options = parser.parse_args()
    env = loaded_installation(options.db, options.rows)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pengawas.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from pengawas.dpt.models import Voter
    from pengawas.dpt.selectors import snapshot_current
    from pengawas.dpt.services.search import voter_search
    from pengawas.elections.models import Election
    from pengawas.regions.models import Region

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) dpt_voter")
    election = Election.objects.get()
    snapshot = snapshot_current(election=election)
    assert snapshot is not None
    kanigoro = Region.objects.get(code="35.05.10")

    def ours(query: str, filtered: bool) -> None:
        page = voter_search(
            snapshot=snapshot, query=query, kecamatan=kanigoro if filtered else None,
            sex="P" if filtered else "",
        )  # fmt: skip
        list(page.voters)

    def plain(query: str, filtered: bool) -> None:
        rows = Voter.objects.filter(snapshot=snapshot)
        for word in query.split():
            rows = rows.filter(name__icontains=word)
        if filtered:
            rows = rows.filter(tps__village__parent=kanigoro, sex="P")
        list(rows.select_related("tps__village__parent").order_by("name", "id")[:26])

    results = {}
    for label, search in (("baseline icontains", plain), ("pengawas", ours)):
        timings = []
        for _ in range(ROUNDS):
            for query in QUERIES:
                for filtered in (False, True):
                    started = time.perf_counter()
                    search(query, filtered)
                    timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[label] = (
            statistics.median(timings),
            timings[int(len(timings) * 0.95)],
            timings[-1],
        )
    print(f"machine: {machine()}")
    print(f"database: {options.db}, {snapshot.rows_imported:,} voters in the snapshot; "
          f"{len(QUERIES)} queries x (no filter, kecamatan + sex) x {ROUNDS} rounds")  # fmt: skip
    for label, (p50, p95, worst) in results.items():
        print(f"{label:20s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   max {worst:7.1f} ms")
    p95 = results["pengawas"][1]
    print(f"p95 {p95:.1f} ms (target < 100) {'OK' if p95 < 100 else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
