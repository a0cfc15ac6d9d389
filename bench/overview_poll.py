"""The live overview's poll for a kabupaten's 2,278 TPS: what travels every 30 s, and its cost.

A komisioner's /pantauan/ polls itself every 30 seconds. Measured in one process through
Django's test client (the server's work, no network), on a throwaway installation holding a
whole voting day (pengawas/overview/tests/factories.py: kabupaten_generate):

- baseline, in the same run: the poll as it was before it named its version, the whole board
  and uncompressed (a poll without `versi`, no Accept-Encoding);
- a poll that finds nothing new (its `versi` is the board's): only the time of the check;
- a poll after a change (another `versi`): the whole board, gzipped.

    .venv/bin/python bench/overview_poll.py [--db sqlite|postgres] [--rounds 20]
"""

import argparse
import gzip
import re
import statistics
import time
from collections.abc import Callable
from html import unescape

from common import OUT, django_in_process, machine


def measure(rounds: int, poll: Callable[[], tuple[int, int]]) -> tuple[float, int, int]:
    """Median wall time (ms), bytes on the wire and bytes of HTML of one poll."""
    poll()  # warm: templates, translations, the database's cache
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        wire, html = poll()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), wire, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    django_in_process(options.db, OUT / f"overview-{options.db}")
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pengawas.accounts.roles import Role
    from pengawas.accounts.services import assignment_create
    from pengawas.elections.models import Election
    from pengawas.overview.tests.factories import BLITAR_TPS, kabupaten_generate, paslon_add
    from pengawas.regions.models import Region

    election = Election.objects.get()
    blitar = Region.objects.get(code="35.05")
    pkd = User.objects.create_user("pkd-bench")
    assignment_create(user=pkd, role=Role.PKD, region=Region.objects.get(code="35.05.01.2001"))
    paslon_add(election)
    started = time.perf_counter()
    kabupaten_generate(election, pkd)
    print(f"{BLITAR_TPS:,} TPS with their reports made in {time.perf_counter() - started:.1f} s")

    komisioner = User.objects.create_user("komisioner-bench")
    assignment_create(user=komisioner, role=Role.KOMISIONER, region=blitar)
    client = Client(SERVER_NAME="localhost")
    client.force_login(komisioner, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.create(user=komisioner, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    page = client.get("/pantauan/").content.decode()
    found = re.search(r'id="pantauan-isi" hx-get="([^"]+)"', page)
    assert found is not None, "the board names no poll"
    poll_url = unescape(found.group(1))
    without_version = poll_url.split("&versi=")[0]
    htmx = {"HX-Request": "true"}

    def baseline() -> tuple[int, int]:
        response = client.get(without_version, headers=htmx)
        return len(response.content), len(response.content)

    def nothing_new() -> tuple[int, int]:
        response = client.get(poll_url, headers=htmx | {"Accept-Encoding": "gzip"})
        assert response["HX-Reswap"] == "none"
        return len(response.content), len(response.content)

    def changed() -> tuple[int, int]:
        response = client.get(
            without_version + "&versi=lama", headers=htmx | {"Accept-Encoding": "gzip"}
        )
        assert response["Content-Encoding"] == "gzip"
        return len(response.content), len(gzip.decompress(response.content))

    rows = [
        ("baseline: whole board, uncompressed", measure(options.rounds, baseline)),
        ("poll with nothing new", measure(options.rounds, nothing_new)),
        ("poll after a change (gzip)", measure(options.rounds, changed)),
    ]
    base_ms, base_wire, _ = rows[0][1]
    print(f"Machine: {machine()}; {options.db}; {BLITAR_TPS:,} TPS; median of {options.rounds}")
    print("| poll | on the wire | HTML | ratio (wire) | server time | ratio (time) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, (ms, wire, html) in rows:
        print(
            f"| {label} | {wire:,} B | {html:,} B | {wire / base_wire:.4f} | {ms:.0f} ms |"
            f" {ms / base_ms:.2f} |"
        )


if __name__ == "__main__":
    main()
