"""The audit pages: the list and the form, a run's progress and findings, the downloads;
who gets what (the permission walk has the full table: core/tests/test_url_permissions.py)."""

import datetime
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pengawas.accounts.roles import Role
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import AuditRun, Category, Status
from pengawas.dpt_audit.tests.runs_factory import FAR_DESA, JATEN, NIK_A, NIK_B, NKK_A, run_done
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

pytestmark = pytest.mark.django_db
SIXTEEN_DIGITS = re.compile(r"\d{16}")


def _client(user: User | None, login: Callable[..., None], *, verified: bool = True) -> Client:
    client = Client()
    if user is not None:
        login(client, user, verified=verified)
    return client


@pytest.fixture
def runs(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> dict[str, AuditRun]:
    """A finished run over the whole list, one over Wonodadi, one over Udanawu, one running."""
    return {
        "whole": run_done(snapshot=snapshot, make_voter=make_voter),
        "wonodadi": AuditRun.objects.create(
            snapshot=snapshot, region=Region.objects.get(code="35.05.01"), status=Status.DONE
        ),
        "udanawu": AuditRun.objects.create(
            snapshot=snapshot, region=Region.objects.get(code="35.05.02"), status=Status.DONE
        ),
        "running": AuditRun.objects.create(
            snapshot=snapshot,
            region=Region.objects.get(code="35.05.01"),
            status=Status.RUNNING,
            progress=40,
            progress_note="Memeriksa baris",
        ),
    }


def test_who_may_open_the_audit(
    runs: dict[str, AuditRun], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    url = reverse("dpt-audit-list")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    for role in (Role.PKD, Role.PTPS):
        assert _client(make_user(role), login).get(url).status_code == 403
    run_url = reverse("dpt-audit-run", args=[runs["udanawu"].pk])
    download = reverse("dpt-audit-download", args=[runs["udanawu"].pk, "xlsx"])
    assert _client(make_user(Role.PKD), login).get(run_url).status_code == 403
    # A Panwascam of Wonodadi: runs over Udanawu and over the whole list do not exist for them.
    panwascam = _client(make_user(Role.PANWASCAM), login)
    for run in (runs["udanawu"], runs["whole"]):
        assert panwascam.get(reverse("dpt-audit-run", args=[run.pk])).status_code == 404
    assert panwascam.get(download).status_code == 404
    assert panwascam.get(reverse("dpt-audit-run", args=[runs["wonodadi"].pk])).status_code == 200
    komisioner = _client(make_user(Role.KOMISIONER), login)
    assert komisioner.get(run_url).status_code == 200
    assert komisioner.get(reverse("dpt-audit-run", args=[999_999])).status_code == 404


def test_the_list_shows_the_runs_the_user_may_see(
    runs: dict[str, AuditRun], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    page = _client(make_user(Role.PANWASCAM), login).get(reverse("dpt-audit-list"))
    html = page.content.decode()
    shown = {int(n) for n in re.findall(r'href="/dpt/audit/(\d+)/"', html)}
    assert shown == {runs["wonodadi"].pk, runs["running"].pk}
    assert 'name="region"' not in html and "Kecamatan Wonodadi (wilayah Anda)" in html
    page = _client(make_user(Role.SEKRETARIAT), login).get(reverse("dpt-audit-list"))
    html = page.content.decode()
    shown = {int(n) for n in re.findall(r'href="/dpt/audit/(\d+)/"', html)}
    assert shown == {run.pk for run in runs.values()}
    assert 'name="region"' in html and "Kec. Udanawu" in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_starting_an_audit_from_the_page_runs_it(
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    login: Callable[..., None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """End to end, with the real engine: a NIK listed twice in Wonodadi, one in Udanawu."""
    for village in (JATEN, "35.05.01.2002", FAR_DESA):
        make_voter(
            name="SITI AMINAH", nik=NIK_A, nkk=NKK_A, village=village,
            birth_date=datetime.date(1980, 1, 1), sex="P", marital_status="S",
            address="JL. MAWAR 7",
        )  # fmt: skip
    client = _client(make_user(Role.PANWASCAM), login)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dpt-audit-list"),
            {"election": snapshot.election.pk, "region": "35.05.02"},  # ignored: their own
        )
    run = AuditRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dpt-audit-run", args=[run.pk])
    assert (run.region_id, run.status) == ("35.05.01", Status.DONE)
    assert run.summary["DUPLICATE_NIK"] == 2  # the two rows in Wonodadi
    assert AuditEntry.objects.filter(action=Action.DPT_AUDIT_RUN, target_id=str(run.pk)).exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Audit selesai" in html and "hx-trigger" not in html
    assert "3505********0001" in html and not SIXTEEN_DIGITS.search(html)


def test_a_refused_start_shows_why(
    snapshot: Snapshot, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.KOMISIONER), login)
    desa = client.post(
        reverse("dpt-audit-list"), {"election": snapshot.election.pk, "region": JATEN}
    )
    assert desa.status_code == 200 and not AuditRun.objects.exists()
    assert "Masukkan pilihan yang valid" in desa.content.decode()  # a desa is not offered
    other = election_create(
        code="pilbup-uji-lain",
        name="Uji: pemilihan lain",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2024, 11, 27),
        max_voters_per_tps=600,
    )
    mixed = client.post(reverse("dpt-audit-list"), {"election": other.pk, "snapshot": snapshot.pk})
    assert "bukan milik pemilihan ini" in mixed.content.decode()
    assert not AuditRun.objects.exists()


def test_a_running_audit_is_polled_until_done(
    runs: dict[str, AuditRun], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.PANWASCAM), login)
    url = reverse("dpt-audit-run", args=[runs["running"].pk])
    html = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in html and f'hx-get="{url}"' in html
    assert '<progress id="audit-progress-bar" max="100" value="40"' in html
    assert "Memeriksa baris" in html and "<html" in html
    poll = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-body"})
    fragment = poll.content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="run-body"')
    assert 'hx-trigger="every 2s"' in fragment
    AuditRun.objects.filter(pk=runs["running"].pk).update(status=Status.DONE, progress=100)
    done = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-body"})
    assert "hx-trigger" not in done.content.decode() and "Audit selesai" in done.content.decode()
    failed = runs["running"]
    AuditRun.objects.filter(pk=failed.pk).update(status=Status.FAILED, error="KeyError")
    assert "Audit gagal" in client.get(url).content.decode()


def test_the_findings_page_masks_nik_and_filters(
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter, extra_underage=55)
    client = _client(make_user(Role.KOMISIONER), login)
    url = reverse("dpt-audit-run", args=[run.pk])
    html = client.get(url).content.decode()
    assert not SIXTEEN_DIGITS.search(html)
    assert "3505********0001" in html and "SITI AMINAH" in html
    assert "Tabel wilayah nasional belum dimuat." in html  # a rule not run, with its reason
    assert f'href="?category={Category.DUPLICATE_NIK}#temuan">2</a>' in html
    assert html.count('name="finding"') == 50 and "Berikutnya" in html
    assert 'name="category"' not in html.split('id="saran-form"')[1].split("<table")[0]
    # The second page by keyset; the filter carried along.
    next_link = re.search(
        r'href="\?([^"]+)#temuan" *>[^<]*Berikutnya|rel="next" href="\?([^"]+)#temuan"', html
    )
    assert next_link is not None
    query = (next_link.group(1) or next_link.group(2)).replace("&amp;", "&")
    second = client.get(f"{url}?{query}").content.decode()
    assert second.count('name="finding"') == 60 - 50 and "Halaman pertama" in second
    filtered = client.get(url, {"category": "UNDERAGE", "desa": FAR_DESA}).content.decode()
    assert filtered.count('name="finding"') == 1
    saran_url = reverse("dpt-audit-saran", args=[run.pk])
    forms = re.findall(
        rf'<form method="post" action="{saran_url}"[^>]*>(.*?)</form>', filtered, re.S
    )
    assert len(forms) == 2  # the ticked findings; every finding in the filter
    ticked, every = forms
    assert ticked.count('name="finding"') == 1
    for form in forms:
        assert '<input type="hidden" name="category" value="UNDERAGE">' in form
        assert f'<input type="hidden" name="desa" value="{FAR_DESA}">' in form
    assert 'name="finding"' not in every and "semua 1 temuan dalam saringan ini" in every
    # Unknown filter values are ignored, not errors.
    assert client.get(url, {"category": "NOPE", "after": "x"}).status_code == 200


def test_downloads(
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    runs: dict[str, AuditRun],
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    run = runs["whole"]
    client = _client(make_user(Role.SEKRETARIAT), login)

    def download(fmt: str, target: AuditRun = run) -> Any:
        return client.get(reverse("dpt-audit-download", args=[target.pk, fmt]))

    xlsx = download("xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == (
        f'attachment; filename="audit-dpt-pilbup-blitar-2020-{run.pk}.xlsx"'
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    niks = {row[1] for row in book["Temuan"].iter_rows(min_row=2, values_only=True)}
    assert {NIK_A, NIK_B} <= niks
    pdf = download("pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    document = json.loads(b"".join(download("json").streaming_content))
    assert (
        document["election"] == "pilbup-blitar-2020" and document["summary"]["DUPLICATE_NIK"] == 2
    )
    assert {finding["nik"] for finding in document["findings"]} >= {NIK_A, NIK_B}
    assert download("csv").status_code == 404
    running = download("xlsx", runs["running"])
    assert running.status_code == 409 and "belum selesai" in running.content.decode()
    entries = AuditEntry.objects.filter(action=Action.DPT_AUDIT_EXPORTED).order_by("seq")
    assert [entry.detail["format"] for entry in entries] == ["xlsx", "pdf", "json"]
    assert entries[0].target_id == str(run.pk) and entries[0].detail["findings"] == 5
    assert not any(SIXTEEN_DIGITS.search(str(entry.detail)) for entry in entries)


def test_a_progress_poll_after_the_session_ended_sends_the_whole_page_to_login(
    client: Client,
) -> None:
    response = client.get(
        "/dpt/audit/1/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/dpt/audit/1/"},
    )
    assert response["HX-Redirect"].startswith("/masuk/?next=/dpt/audit/1/")
