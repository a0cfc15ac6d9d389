"""The archive search page /arsip/cari/: who may use it, htmx results, badges, audit."""

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.archive.models import AccessLevel, StoredFile, TextStatus
from pengawas.archive.tests.search_factories import record_make, tps_make
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election

URL = "/arsip/cari/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results", "HTTP_HX_CURRENT_URL": URL}


def test_url_name() -> None:
    assert reverse("archive-search") == URL


def test_anonymous_goes_to_login(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # htmx: the login page loads whole and leads back to the page, without the query.
    response = client.post(URL, {"q": "pelapor budi"}, **HTMX)
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert "budi" not in response["HX-Redirect"]


def test_without_an_assignment_403(client: Client, db: None) -> None:
    client.force_login(User.objects.create_user("tanpa-peran"))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_search(
    client: Client, make_user: Callable[..., User], login: Callable[..., None], role: str
) -> None:
    login(client, make_user(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert b'id="archive-search-form"' in response.content


def test_htmx_results_fragment_links_to_the_record(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    record = record_make(
        supervisor,
        title="Pengawasan kampanye",
        description="alat peraga kampanye di Jaten",
        number="001/LHP/PM.01.03/16.12/XI/2020",
    )
    login(client, supervisor)
    response = client.post(URL, {"q": "kampanye"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert reverse("archive-record", args=[record.pk]) in html
    assert "<mark>kampanye</mark>" in html
    assert "001/LHP/PM.01.03/16.12/XI/2020" in html and "Jaten" in html


def test_the_query_never_comes_from_the_url(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    record_make(supervisor, title="Kampanye")
    record_make(supervisor, title="Lain", function="pencegahan")
    login(client, supervisor)
    html = client.get(URL, {"q": "zzz-tidak-ada", "function": "pencegahan"}).content.decode()
    results = html[html.index('id="results"') :]
    assert "Lain" in results and "Kampanye" not in results
    assert 'value="zzz' not in html


def test_a_ptps_never_sees_another_tps(
    client: Client, make_user: Callable[..., User], login: Callable[..., None], election: Election
) -> None:
    author = make_user(Role.SEKRETARIAT)
    record_make(author, title="laporan tps satu", tps=tps_make(election, "35.05.01.2001", 1))
    record_make(author, title="laporan tps dua", tps=tps_make(election, "35.05.01.2001", 2))
    record_make(author, title="laporan desa", access_level=AccessLevel.TERBATAS)
    login(client, make_user(Role.PTPS))
    html = client.post(URL, {"q": "laporan"}, **HTMX).content.decode()
    assert "laporan tps satu" in html
    assert "laporan tps dua" not in html and "laporan desa" not in html


def test_badges_for_ocr(client: Client, supervisor: User, login: Callable[..., None]) -> None:
    waiting = record_make(supervisor, title="Pindaian berjalan")
    scan = record_make(supervisor, title="Pindaian tanpa OCR")
    for record, status, progress in (
        (waiting, TextStatus.OCR_RUNNING, 40),
        (scan, TextStatus.NOT_OCRED, 0),
    ):
        StoredFile.objects.create(
            record=record,
            original_name="a.jpg",
            content_type="image/jpeg",
            size=1,
            sha256="0" * 64,
            storage_name=f"s-{record.pk}",
            wrapped_key=b"k",
            key_id="k",
            created_by=supervisor,
            text_status=status,
            text_progress=progress,
        )
    login(client, supervisor)
    html = client.post(URL, {"q": "pindaian"}, **HTMX).content.decode()
    assert "OCR berjalan 40%" in html and "Belum di-OCR" in html


def test_bad_filters_are_reported(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    login(client, supervisor)
    html = client.post(
        URL, {"q": "x", "date_from": "kemarin", "region": "99"}, **HTMX
    ).content.decode()
    assert 'class="notice err"' in html


def searched() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.RECORDS_SEARCHED))


def test_typing_is_not_audited_a_submitted_search_is(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    record_make(supervisor, title="Laporan dari Budi Santoso")
    login(client, supervisor)
    for typed in ("bu", "bud", "budi"):
        client.post(URL, {"q": typed}, **HTMX)
    assert searched() == []
    client.post(URL, {"q": "Budi", "cari": "1", "function": "pengawasan"}, **HTMX)
    (entry,) = searched()
    assert entry.actor_id == supervisor.pk
    assert entry.detail["words"] == 1 and entry.detail["shown"] == 1
    assert entry.detail["filters"] == {"function": "pengawasan"}
    assert len(entry.detail["query_hash"]) == 16
    assert (
        "budi" not in json.dumps(entry.detail).lower() and "budi" not in entry.target_label.lower()
    )
    # The same query, submitted again (another case), gives the same keyed hash.
    client.post(URL, {"q": "budi ", "cari": "1"})
    assert searched()[-1].detail["query_hash"] == entry.detail["query_hash"]


def test_a_search_page_without_js_posts_the_form(
    client: Client, supervisor: User, login: Callable[..., None]
) -> None:
    record_make(supervisor, title="Surat imbauan")
    login(client, supervisor)
    response = client.post(URL, {"q": "imbauan", "cari": "1"})
    assert response.status_code == 200 and b"<html" in response.content
    assert b"Surat imbauan" in response.content
    assert len(searched()) == 1
