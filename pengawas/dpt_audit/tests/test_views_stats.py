"""The statistics page and its spreadsheet: who may see what, drill-down, the download."""

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pengawas.accounts.roles import Role
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.elections.models import Election

PAGE = reverse("dpt-statistics")
XLSX = reverse("dpt-statistics-xlsx")


@pytest.fixture
def voters(make_voter: Callable[..., Voter]) -> None:
    make_voter(name="SITI JATEN", sex="P", disability="3")
    make_voter(name="BUDI JATEN", sex="L", tps=2)
    make_voter(name="ANI UDANAWU", village="35.05.02.2001", sex="P")


def _client(user: User, login: Callable[..., None]) -> Client:
    client = Client()
    login(client, user)
    return client


def test_anonymous_visitors_are_sent_to_the_login(db: None) -> None:
    for url in (PAGE, XLSX):
        response = Client().get(url, {"wilayah": "35.05.01"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.PKD, Role.PTPS])
def test_pkd_and_ptps_are_refused(
    role: str, voters: None, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(role), login)
    assert client.get(PAGE).status_code == 403
    assert client.get(XLSX).status_code == 403


def test_a_user_without_assignment_is_refused(voters: None, login: Callable[..., None]) -> None:
    client = _client(User.objects.create_user("tanpa-peran"), login)
    assert client.get(PAGE).status_code == 403


def test_bawaslu_sees_the_kabupaten_by_kecamatan_and_drills_down(
    voters: None, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.KOMISIONER), login)
    response = client.get(PAGE)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.level == "kecamatan" and result.region_code == "35.05"
    assert [(r.name, r.total) for r in result.rows] == [("Wonodadi", 2), ("Udanawu", 1)]
    html = response.content.decode()
    assert "wilayah=35.05.01" in html  # the drill-down link
    assert 'role="img"' in html and "<svg" in html
    assert " style=" not in html and "<style" not in html  # CSP: style-src 'self'
    assert "dpt-stats.css" in html
    # Kecamatan → desa → TPS.
    desa = client.get(PAGE, {"wilayah": "35.05.01"}).context["result"]
    assert (desa.level, [r.name for r in desa.rows]) == ("desa", ["Jaten"])
    tps = client.get(PAGE, {"wilayah": "35.05.01.2001"}).context["result"]
    assert (tps.level, [r.name for r in tps.rows]) == ("tps", ["TPS 001", "TPS 002"])
    # Every TPS of the kabupaten at once, when asked.
    every = client.get(PAGE, {"level": "tps"}).context["result"]
    assert len(every.rows) == 3


def test_a_level_above_the_region_falls_back_to_the_one_below(
    voters: None, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.SEKRETARIAT), login)
    response = client.get(PAGE, {"wilayah": "35.05.01.2001", "level": "kecamatan"})
    assert response.context["choice"].levels == ["tps"]
    assert response.context["result"].level == "tps"


def test_panwascam_sees_only_their_kecamatan(
    voters: None, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.PANWASCAM), login)  # Wonodadi
    response = client.get(PAGE)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.region_code, result.level, result.totals.total) == ("35.05.01", "desa", 2)
    assert "Udanawu" not in response.content.decode()
    # The breadcrumb starts at their kecamatan: no link up to the kabupaten.
    assert [r.code for r in response.context["trail"]] == ["35.05.01"]
    for outside in ("35.05", "35.05.02", "35.05.02.2001", "35.72", "99"):
        assert client.get(PAGE, {"wilayah": outside}).status_code == 404, outside
        assert client.get(XLSX, {"wilayah": outside}).status_code == 404, outside
    assert client.get(PAGE, {"wilayah": "35.05.01.2001"}).status_code == 200


def test_unknown_election_is_404_and_a_stale_snapshot_gives_way(
    election: Election,
    snapshot: Snapshot,
    voters: None,
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    client = _client(make_user(Role.KOMISIONER), login)
    assert client.get(PAGE, {"election": "tidak-ada"}).status_code == 404
    response = client.get(PAGE, {"election": election.code, "snapshot": "999999"})
    assert response.context["choice"].snapshot == snapshot


def test_the_default_is_the_latest_dpt_not_a_later_dps(
    election: Election,
    snapshot: Snapshot,
    voters: None,
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    snapshot_for_test(election, stage="DPS")  # imported after the DPT
    client = _client(make_user(Role.KOMISIONER), login)
    assert client.get(PAGE).context["choice"].snapshot == snapshot


def test_an_election_without_a_list_says_so(
    election: Election, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.KOMISIONER), login)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "belum punya daftar pemilih" in response.content.decode()
    assert client.get(XLSX).status_code == 404


def test_the_download_is_an_xlsx_and_is_recorded(
    snapshot: Snapshot, voters: None, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.PANWASCAM), login)
    response = client.get(XLSX, {"wilayah": "35.05.01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Keterangan", "Desa", "TPS"]
    entry = AuditEntry.objects.get(action=Action.DPT_STATISTICS_EXPORTED)
    assert entry.target_id == str(snapshot.pk)
    assert entry.detail == {"region": "35.05.01", "levels": ["desa", "tps"], "format": "xlsx"}
