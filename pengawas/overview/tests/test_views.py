"""The live overview: who may see it, which TPS, filters and counts."""

import gzip
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pengawas.accounts.roles import Role
from pengawas.elections.models import Tps
from pengawas.overview import sources
from pengawas.overview.sources import FormAState, IncidentState

URL = "/pantauan/"


@pytest.fixture
def client_as(make_user: Callable[..., User], login: Callable[..., None]) -> Callable[..., Client]:
    def make(role: str, **kwargs: object) -> Client:
        client = Client()
        login(client, make_user(role, **kwargs))
        return client

    return make


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch, places: dict[str, Tps]) -> dict[str, Tps]:
    """Jaten 1: reported, sheet ok; Jaten 2: draft only, sheet errors, keberatan and an incident
    grounding a re-vote; Salam 1: reported with a suspected violation; Udanawu: nothing."""
    j1, j2, s1 = places["jaten1"].pk, places["jaten2"].pk, places["salam1"].pk

    def form_a(ids: list[int]) -> dict[int, FormAState]:
        known = {
            j1: FormAState("submitted"),
            j2: FormAState("draft", frozenset({"keberatan"})),
            s1: FormAState("confirmed", frozenset({"pelanggaran"})),
        }
        return {k: v for k, v in known.items() if k in ids}

    monkeypatch.setattr(sources, "form_a_states", form_a)
    monkeypatch.setattr(
        sources,
        "sheet_statuses",
        lambda ids: {k: v for k, v in {j1: "ok", j2: "errors"}.items() if k in ids},
    )
    monkeypatch.setattr(
        sources,
        "incident_states",
        lambda ids, election_kind: {j2: IncidentState(2, False, True)} if j2 in ids else {},
    )
    return places


def _rows(response: object) -> list[str]:
    return [f"{row.village_code} {row.number}" for row in response.context["rows"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", [Role.PTPS])
def test_a_ptps_is_refused(
    role: str, client_as: Callable[..., Client], places: dict[str, Tps]
) -> None:
    assert client_as(role).get(URL).status_code == 403
    assert client_as(role).get("/pantauan/rekap/").status_code == 403


def test_anonymous_goes_to_the_login_and_a_poll_takes_the_whole_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    poll = client.get(
        URL,
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/pantauan/?keadaan=belum-lapor",
        },
    )
    assert poll["HX-Redirect"].startswith("/masuk/?next=/pantauan/")


def test_a_user_without_a_role_is_refused(
    client: Client, login: Callable[..., None], db: None
) -> None:
    login(client, User.objects.create_user("tanpa-peran"))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.SEKRETARIAT,
            ["35.05.01.2001 1", "35.05.01.2001 2", "35.05.01.2002 1", "35.05.02.2001 1"],
        ),
        (Role.PANWASCAM, ["35.05.01.2001 1", "35.05.01.2001 2", "35.05.01.2002 1"]),
        (Role.PKD, ["35.05.01.2001 1", "35.05.01.2001 2"]),
    ],
)
def test_each_watcher_sees_the_tps_of_their_area(
    role: str, expected: list[str], client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    response = client_as(role).get(URL)
    assert response.status_code == 200
    assert _rows(response) == expected
    assert response.context["board"].total == len(expected)


def test_counts_and_state_filters(
    client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    client = client_as(Role.KOMISIONER)
    counts = client.get(URL).context["board"].counts
    assert counts["sudah-lapor"] == 2 and counts["belum-lapor"] == 2  # a draft is not a report
    assert counts["ada-kesalahan"] == 1 and counts["belum-c-hasil"] == 2
    assert counts["ada-keberatan"] == 1 and counts["dugaan-pelanggaran"] == 1
    assert (
        counts["ada-kejadian"] == 1
        and counts["dasar-psu"] == 1
        and counts["dasar-hitung-ulang"] == 0
    )
    assert _rows(client.get(URL, {"keadaan": "belum-lapor"})) == [
        "35.05.01.2001 2",
        "35.05.02.2001 1",
    ]
    assert _rows(client.get(URL, {"keadaan": "ada-kesalahan"})) == ["35.05.01.2001 2"]
    assert _rows(client.get(URL, {"keadaan": "ada-keberatan"})) == ["35.05.01.2001 2"]
    assert _rows(client.get(URL, {"keadaan": "dasar-psu"})) == ["35.05.01.2001 2"]
    assert _rows(client.get(URL, {"keadaan": "dugaan-pelanggaran"})) == ["35.05.01.2002 1"]
    # The counts stay those of the whole area, so each is the size of its link's list.
    filtered = client.get(URL, {"keadaan": "dasar-psu"}).context["board"]
    assert filtered.total == 4 and filtered.counts["sudah-lapor"] == 2
    # An unknown state is ignored.
    assert len(_rows(client.get(URL, {"keadaan": "apa-saja"}))) == 4


def test_region_filters(client_as: Callable[..., Client], reports: dict[str, Tps]) -> None:
    client = client_as(Role.SEKRETARIAT)
    assert _rows(client.get(URL, {"kecamatan": "35.05.02"})) == ["35.05.02.2001 1"]
    assert _rows(client.get(URL, {"desa": "35.05.01.2002"})) == ["35.05.01.2002 1"]
    board = client.get(URL, {"kecamatan": "35.05.01", "keadaan": "sudah-lapor"}).context["board"]
    assert board.total == 3 and board.counts["sudah-lapor"] == 2
    # A desa left over from another kecamatan gives way to the kecamatan.
    assert _rows(client.get(URL, {"kecamatan": "35.05.02", "desa": "35.05.01.2001"})) == [
        "35.05.02.2001 1"
    ]
    assert client.get(URL, {"kecamatan": "35.05.99"}).status_code == 404
    assert client.get(URL, {"kecamatan": "35.05.01.2001"}).status_code == 404  # not a kecamatan


def test_regions_outside_the_jurisdiction_do_not_exist(
    client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    panwascam = client_as(Role.PANWASCAM)
    assert panwascam.get(URL, {"kecamatan": "35.05.02"}).status_code == 404
    assert panwascam.get(URL, {"desa": "35.05.02.2001"}).status_code == 404
    assert _rows(panwascam.get(URL, {"desa": "35.05.01.2002"})) == ["35.05.01.2002 1"]
    pkd = client_as(Role.PKD)
    assert pkd.get(URL, {"kecamatan": "35.05.01"}).status_code == 404
    assert pkd.get(URL, {"desa": "35.05.01.2002"}).status_code == 404
    assert pkd.get(URL, {"election": "tidak-ada"}).status_code == 404


def _poll_url(html: str) -> str:
    found = re.search(r'id="pantauan-isi" hx-get="([^"]+)"', html)
    assert found is not None
    return unescape(found.group(1))


def test_the_poll_answers_the_partial_with_the_same_filters(
    client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    client = client_as(Role.PANWASCAM)
    page = client.get(URL, {"keadaan": "ada-keberatan"})
    html = page.content.decode()
    assert 'hx-trigger="every 30s"' in html
    poll_url = _poll_url(html)
    assert poll_url.startswith(
        "/pantauan/?election=pilbup-blitar-2020&keadaan=ada-keberatan&versi="
    )
    # The poll names a version the page does not show (a report arrived since).
    poll = client.get(
        URL,
        {"election": "pilbup-blitar-2020", "keadaan": "ada-keberatan", "versi": "lama"},
        headers={"HX-Request": "true"},
    )
    body = poll.content.decode()
    assert "<html" not in body and "TPS 002" in body and "TPS 001" not in body
    assert 'href="/dpt/tps/' in body  # the TPS's pages in the other apps
    assert "HX-Reswap" not in poll
    assert _poll_url(body) == poll_url


def test_a_poll_that_finds_nothing_new_gets_only_the_time_of_the_check(
    client_as: Callable[..., Client], reports: dict[str, Tps], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_as(Role.PANWASCAM)
    poll_url = _poll_url(client.get(URL).content.decode())
    unchanged = client.get(poll_url, headers={"HX-Request": "true"})
    body = unchanged.content.decode()
    assert unchanged["HX-Reswap"] == "none"
    assert 'id="pantauan-waktu"' in body and 'hx-swap-oob="true"' in body
    assert "Diperbarui pukul" in body and "TPS 001" not in body and "<table" not in body
    # A sheet with errors arrives at Salam: the same poll now brings the new board.
    salam = reports["salam1"].pk
    statuses = sources.sheet_statuses
    monkeypatch.setattr(
        sources,
        "sheet_statuses",
        lambda ids: statuses(ids) | ({salam: "errors"} if salam in ids else {}),
    )
    changed = client.get(poll_url, headers={"HX-Request": "true"})
    assert "HX-Reswap" not in changed
    assert changed.context["board"].counts["ada-kesalahan"] == 2
    assert _poll_url(changed.content.decode()) != poll_url


def test_the_board_travels_gzipped(
    client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    client = client_as(Role.KOMISIONER)
    plain = client.get(URL)
    packed = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert "TPS 001" in gzip.decompress(packed.content).decode()
    assert len(packed.content) < len(plain.content)


def test_the_newest_election_is_the_default(
    client_as: Callable[..., Client], reports: dict[str, Tps]
) -> None:
    import datetime

    from pengawas.elections.services import election_create

    newer = election_create(code="pilgub-2024", name="Pilgub Jatim 2024", kind="pilkada",
                            region_code="35", voting_day=datetime.date(2024, 11, 27),
                            max_voters_per_tps=600)  # fmt: skip
    Tps.objects.create(election=newer, village_id="35.05.01.2001", number=7)
    client = client_as(Role.SEKRETARIAT)
    assert _rows(client.get(URL)) == ["35.05.01.2001 7"]
    assert len(_rows(client.get(URL, {"election": "pilbup-blitar-2020"}))) == 4
