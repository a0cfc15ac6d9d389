"""A kabupaten's 2,278 TPS on one page: a fixed number of queries, whatever the number of TPS.

The render time is printed (run with -s; docs: the report of issue 7), never asserted."""

import gzip
import re
import time
import uuid
from collections.abc import Callable
from html import unescape

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps
from pengawas.form_a.models import FormA
from pengawas.form_a.report import empty_report
from pengawas.incidents.models import Incident
from pengawas.overview.models import KpuRecap
from pengawas.overview.tests.factories import paslon_add
from pengawas.regions.models import Region
from pengawas.tally.models import ResultSheet

BLITAR_TPS = 2278


def _generate(election: Election, user: User) -> list[Tps]:
    villages = list(
        Region.objects.filter(code__startswith="35.05.", level__in=("desa", "kelurahan"))
        .order_by("code")
        .values_list("code", flat=True)
    )
    tps = [
        Tps(
            election=election, village_id=villages[i % len(villages)], number=i // len(villages) + 1
        )
        for i in range(BLITAR_TPS)
    ]
    tps = Tps.objects.bulk_create(tps, batch_size=1000)
    suara = {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8}
    ResultSheet.objects.bulk_create(
        [
            ResultSheet(tps=t, entry="ptps", entered_by=user, result="ok" if i % 7 else "errors",
                        data={"suara": suara}, client_uuid=uuid.uuid4())
            for i, t in enumerate(tps) if i % 3
        ],
        batch_size=1000,
    )  # fmt: skip
    report = empty_report()
    report["uraian"] = "Pemungutan dan penghitungan suara berjalan sesuai prosedur. " * 20
    FormA.objects.bulk_create(
        [
            FormA(tps=t, author=user, status="submitted" if i % 5 else "draft", client_uuid=uuid.uuid4(),
                  data={**report, "keberatan": i % 11 == 0})
            for i, t in enumerate(tps) if i % 4
        ],
        batch_size=500,
    )  # fmt: skip
    Incident.objects.bulk_create(
        [
            Incident(tps=t, code="VOTED_MORE_THAN_ONCE", count=i % 3 + 1, recorded_by=user)
            for i, t in enumerate(tps) if i % 13 == 0
        ]
        + [Incident(tps=t, code="COUNT_POOR_LIGHT", recorded_by=user) for t in tps[::29]],
        batch_size=1000,
    )  # fmt: skip
    KpuRecap.objects.bulk_create(
        [
            KpuRecap(election=election, tps=t, data=suara, imported_at="2020-12-15T10:00:00Z",
                     source_sha256="0" * 64)
            for t in tps
        ],
        batch_size=1000,
    )  # fmt: skip
    return tps


def test_a_kabupaten_renders_in_a_fixed_number_of_queries(
    election: Election, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    paslon_add(election)
    staff = make_user(Role.SEKRETARIAT)
    _generate(election, make_user(Role.PKD))
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
