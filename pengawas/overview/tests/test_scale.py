"""A kabupaten's 2,278 TPS on one page: a fixed number of queries, whatever the number of TPS.

The render time is printed (run with -s; docs: the report of issue 7), never asserted."""

import gzip
import re
import time
from collections.abc import Callable
from html import unescape

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election
from pengawas.overview.tests.factories import BLITAR_TPS, kabupaten_generate, paslon_add


def test_a_kabupaten_renders_in_a_fixed_number_of_queries(
    election: Election, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    paslon_add(election)
    staff = make_user(Role.SEKRETARIAT)
    kabupaten_generate(election, make_user(Role.PKD))
    client = Client()
    login(client, staff)
    for url in ("/pantauan/", "/pantauan/rekap/"):
        client.get(url)  # warm: templates, translations
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 200
        print(f"\n{url}: {BLITAR_TPS} TPS, {len(queries)} queries, {elapsed * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU in Python), "
              f"{len(response.content) // 1024} KiB")  # fmt: skip
        assert len(queries) < 30
    rows = client.get("/pantauan/").context["rows"]
    assert len(rows) == BLITAR_TPS
    # What a watcher's phone fetches: the page once, gzipped, then a poll every 30 s that,
    # with nothing new, is only the time of the check.
    packed = client.get("/pantauan/", headers={"Accept-Encoding": "gzip"})
    page = gzip.decompress(packed.content).decode()
    poll_url = re.search(r'id="pantauan-isi" hx-get="([^"]+)"', page)
    assert poll_url is not None
    poll = client.get(
        unescape(poll_url.group(1)), headers={"HX-Request": "true", "Accept-Encoding": "gzip"}
    )
    assert poll["HX-Reswap"] == "none"
    print(f"/pantauan/ gzipped: {len(packed.content) // 1024} KiB of {len(page) // 1024} KiB; "
          f"a poll with nothing new: {len(poll.content)} bytes")  # fmt: skip
