"""The comparison page: who may use it, the form's refusals, the lists and the follow-up."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.dpt.models import Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

URL = "dpt-audit-compare"


@pytest.fixture
def pair(election: Election, make_voter: Callable[..., Voter]) -> tuple[int, int]:
    dps = snapshot_for_test(election, stage="DPS")
    dpt = snapshot_for_test(election, stage="DPT")
    make_voter(name="SITI AMINAH", nik="3505014107800001", snapshot=dps)
    make_voter(name="SITI AMINAH", nik="3505014107800001", snapshot=dpt, tps=2)
    make_voter(name="BUDI JAUH", nik="3505020101800003", village="35.05.02.2001", snapshot=dpt)
    return dps.pk, dpt.pk


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PKD, 403), (Role.PTPS, 403), (Role.PANWASCAM, 200), (Role.KOMISIONER, 200)],
)
def test_who_may_compare(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    pair: tuple[int, int],
    role: str,
    status: int,
) -> None:
    login(client, make_user(role))
    response = client.get(reverse(URL), {"dari": pair[0], "ke": pair[1]})
    assert response.status_code == status


def test_bawaslu_sees_every_change_masked(
    client: Client, supervisor: User, login: Callable[..., None], pair: tuple[int, int]
) -> None:
    login(client, supervisor)
    page = client.get(
        reverse(URL), {"dari": str(pair[0]), "ke": str(pair[1]), "daftar": "ubah"}
    ).content.decode()
    assert "Bertambah: 1" in page and "Terhapus: 0" in page and "Berubah: 1" in page
    assert "TPS 001 Jaten → TPS 002 Jaten" in page
    assert "3505014107800001" not in page and "3505********0001" in page
    assert "Daftar sebelumnya belum diaudit" in page
    added = client.get(
        reverse(URL), {"dari": str(pair[0]), "ke": str(pair[1]), "daftar": "tambah"}
    ).content.decode()
    assert "BUDI JAUH" in added


def test_panwascam_sees_their_kecamatan_only(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    pair: tuple[int, int],
) -> None:
    login(client, make_user(Role.PANWASCAM))
    page = client.get(
        reverse(URL), {"dari": str(pair[0]), "ke": str(pair[1]), "daftar": "tambah"}
    ).content.decode()
    assert "Bertambah: 0" in page and "BUDI JAUH" not in page
    assert "Kecamatan Wonodadi" in page


def test_refusals_in_indonesian(
    client: Client,
    supervisor: User,
    login: Callable[..., None],
    pair: tuple[int, int],
    election: Election,
) -> None:
    login(client, supervisor)
    same = client.get(reverse(URL), {"dari": pair[0], "ke": pair[0]}).content.decode()
    assert "Pilih dua daftar pemilih yang berbeda." in same
    other = election_create(
        code="pilgub-jatim", name="Pilgub", kind="pilkada", region_code="35.05",
        voting_day=election.voting_day, max_voters_per_tps=500,
    )  # fmt: skip
    foreign = snapshot_for_test(other)
    mixed = client.get(reverse(URL), {"dari": pair[0], "ke": foreign.pk}).content.decode()
    assert "Kedua daftar pemilih harus dari pemilihan yang sama." in mixed
    bad = client.get(reverse(URL), {"dari": "x", "ke": str(pair[1])})
    assert bad.status_code == 200 and 'class="notice err"' in bad.content.decode()


def test_snapshot_outside_the_area_is_404(
    client: Client,
    make_user: Callable[..., User],
    login: Callable[..., None],
    pair: tuple[int, int],
    election: Election,
) -> None:
    kota = Region.objects.create(code="35.72", name="Kota Blitar", level="kota", parent_id="35")
    other = election_create(
        code="pilwali-blitar", name="Pilwali", kind="pilkada", region_code=kota.code,
        voting_day=election.voting_day, max_voters_per_tps=500,
    )  # fmt: skip
    far = snapshot_for_test(other)
    login(client, make_user(Role.PANWASCAM))
    assert client.get(reverse(URL), {"dari": pair[0], "ke": far.pk}).status_code == 404


def test_the_form_alone(
    client: Client, supervisor: User, login: Callable[..., None], pair: tuple[int, int]
) -> None:
    login(client, supervisor)
    page = client.get(reverse(URL)).content.decode()
    assert "Bandingkan" in page and f'value="{pair[1]}"' in page


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "/masuk/" in response["Location"]
