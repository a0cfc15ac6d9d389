"""The C.Hasil pages: the PTPS's sheet, the check while typing, double entry, scoping."""

import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from PIL import Image

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps
from pengawas.tally.models import Candidate, ResultSheet
from pengawas.tally.tests.sheets import sheet

JATEN = "35.05.01.2001"


@pytest.fixture
def tps(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id=JATEN, number=1)


@pytest.fixture
def far_tps(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id="35.05.02.2001", number=1)


@pytest.fixture
def as_role(
    make_user: Callable[..., User], login: Callable[..., None], tps: Tps
) -> Callable[..., Client]:
    def client_for(role: str, **kwargs: Any) -> Client:
        client = Client()
        if role == Role.PTPS:
            kwargs.setdefault("tps", tps)
        login(client, make_user(role, **kwargs))
        return client

    return client_for


def flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A sheet as the form posts it: {"pemilih.dpt.l": "100", ...}."""
    out: dict[str, str] = {}
    for key, value in data.items():
        if key == "election_kind":
            continue
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= flat(value, path + ".")
        else:
            out[path] = str(value)
    return out


def post_data(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**flat(data), "client_uuid": str(uuid.uuid4()), **extra}


def jpeg(size: tuple[int, int] = (2400, 1800)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (240, 240, 230)).save(out, format="JPEG")
    out.seek(0)
    out.name = "c-hasil.jpg"
    return out


def test_ptps_sees_the_form_grouped_like_the_c_hasil(
    as_role: Callable[..., Client], tps: Tps, paslon: list[Candidate]
) -> None:
    response = as_role(Role.PTPS).get(reverse("tally-sheet"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("pemilih.dpph.p", "pengguna.dptb.l", "disabilitas.pengguna.p",
                 "surat_suara.tidak_digunakan", "suara.paslon.2", "suara.tidak_sah"):  # fmt: skip
        assert f'name="{name}"' in page
    assert "RINI - RAHMAT" in page
    assert 'hx-post="' + reverse("tally-check", args=[tps.pk]) in page
    assert 'name="client_uuid"' in page and 'enctype="multipart/form-data"' in page


def test_check_while_typing_returns_the_findings(
    as_role: Callable[..., Client], tps: Tps, paslon: list[Candidate]
) -> None:
    client = as_role(Role.PTPS)
    url = reverse("tally-check", args=[tps.pk])
    wrong = client.post(url, flat(sheet(suara__paslon__1=101)), HTTP_HX_REQUEST="true")
    assert wrong.status_code == 200
    assert "VOTES_SUM" in wrong.content.decode() and "<html" not in wrong.content.decode()
    right = client.post(url, flat(sheet()), HTTP_HX_REQUEST="true")
    assert "Tidak ada temuan" in right.content.decode()
    assert not ResultSheet.objects.exists()


def test_ptps_stores_the_sheet_with_its_findings_and_photo(
    as_role: Callable[..., Client], tps: Tps, paslon: list[Candidate]
) -> None:
    client = as_role(Role.PTPS)
    data = post_data(sheet(suara__paslon__1=101), photo=jpeg())
    response = client.post(reverse("tally-sheet"), data)
    assert response.status_code == 302
    saved = ResultSheet.objects.get()
    assert (saved.tps, saved.entry, saved.result) == (tps, "ptps", "errors")
    assert saved.data["suara"]["paslon"] == {"1": 101, "2": 70}
    page = client.get(reverse("tally-sheet")).content.decode()
    assert "VOTES_SUM" in page and "Lembar C.Hasil tersimpan" in page
    photo = client.get(reverse("tally-photo", args=[tps.pk, "ptps"]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(photo.streaming_content))) as image:  # type: ignore[attr-defined]
        assert max(image.size) == 1600


def test_resend_of_the_same_form_is_one_sheet(
    as_role: Callable[..., Client], paslon: list[Candidate]
) -> None:
    client = as_role(Role.PTPS)
    data = post_data(sheet())
    client.post(reverse("tally-sheet"), data)
    client.post(reverse("tally-sheet"), data)
    saved = ResultSheet.objects.get()
    assert saved.version == 1 and saved.revisions.count() == 1


def test_without_javascript_errors_are_shown(
    as_role: Callable[..., Client], paslon: list[Candidate]
) -> None:
    client = as_role(Role.PTPS)
    refused = client.post(
        reverse("tally-sheet"), post_data(sheet(), photo=io.BytesIO(b"bukan foto"))
    )
    assert refused.status_code == 400
    assert "bukan foto yang dapat dibaca" in refused.content.decode()
    assert 'value="178"' in refused.content.decode()  # what was typed stays
    no_key = client.post(reverse("tally-sheet"), flat(sheet()))
    assert no_key.status_code == 400 and "muat ulang" in no_key.content.decode()
    assert not ResultSheet.objects.exists()


def test_double_entry_mismatch_until_corrected(
    as_role: Callable[..., Client], tps: Tps, paslon: list[Candidate]
) -> None:
    ptps, pkd = as_role(Role.PTPS), as_role(Role.PKD)
    ptps.post(reverse("tally-sheet"), post_data(sheet()))
    url = reverse("tally-tps", args=[tps.pk])
    assert (
        pkd.post(
            url, post_data(sheet(suara__paslon__2=71, suara__sah=171, suara__tidak_sah=7))
        ).status_code
        == 302
    )
    page = pkd.get(url).content.decode()
    assert "Isian ganda berbeda" in page
    rows = re.findall(
        r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>", page
    )
    assert rows == [
        ("Suara paslon nomor urut 2", "70", "71"),
        ("Jumlah suara sah", "170", "171"),
        ("Jumlah suara tidak sah", "8", "7"),
    ]
    assert "isian PTPS dan PKD berbeda" in page
    pkd.post(url, post_data(sheet()))
    page = pkd.get(url).content.decode()
    assert "Isian ganda berbeda" not in page and "Isian PTPS dan PKD sama" in page
    assert ResultSheet.objects.get(entry="pkd").version == 2


def test_ptps_of_another_tps_gets_404(
    as_role: Callable[..., Client], election: Election, far_tps: Tps
) -> None:
    other = Tps.objects.create(election=election, village_id=JATEN, number=2)
    client = as_role(Role.PTPS)
    for tps_id in (other.pk, far_tps.pk):
        assert client.get(reverse("tally-tps", args=[tps_id])).status_code == 404
        assert client.post(reverse("tally-check", args=[tps_id]), {}).status_code == 404
        assert client.get(reverse("tally-photo", args=[tps_id, "ptps"])).status_code == 404
    assert (
        client.get(
            reverse("tally-tps", args=[Tps.objects.get(number=1, village_id=JATEN).pk])
        ).status_code
        == 302
    )


def test_pkd_outside_their_desa_gets_404(
    as_role: Callable[..., Client], far_tps: Tps, paslon: list[Candidate]
) -> None:
    client = as_role(Role.PKD)
    url = reverse("tally-tps", args=[far_tps.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, post_data(sheet())).status_code == 404
    assert not ResultSheet.objects.exists()


def test_panwascam_reads_but_does_not_enter(
    as_role: Callable[..., Client], tps: Tps, far_tps: Tps
) -> None:
    client = as_role(Role.PANWASCAM)
    url = reverse("tally-tps", args=[tps.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, post_data(sheet())).status_code == 403
    assert client.get(reverse("tally-tps", args=[far_tps.pk])).status_code == 404
    listing = client.get(reverse("tally-sheet")).content.decode()
    assert url in listing and reverse("tally-tps", args=[far_tps.pk]) not in listing


def test_public_and_roleless_are_kept_out(
    tps: Tps, make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    anonymous = Client()
    for url in (
        reverse("tally-sheet"),
        reverse("tally-tps", args=[tps.pk]),
        reverse("tally-candidates"),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    roleless = Client()
    login(roleless, User.objects.create_user("tanpa-peran"))
    assert roleless.get(reverse("tally-sheet")).status_code == 403


def test_bawaslu_registers_paslon(as_role: Callable[..., Client], election: Election) -> None:
    client = as_role(Role.SEKRETARIAT)
    url = reverse("tally-candidates")
    assert (
        client.post(
            url, {"election": election.pk, "number": "1", "name": "Rijanto - Marhaenis"}
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"election": election.pk, "number": "x", "name": "Y"}).status_code == 400
    )
    assert "Rijanto - Marhaenis" in client.get(url).content.decode()
    assert list(Candidate.objects.values_list("number", flat=True)) == [1]
    assert as_role(Role.PKD).get(url).status_code == 403
    assert (
        as_role(Role.PANWASCAM)
        .post(url, {"election": election.pk, "number": "2", "name": "Z"})
        .status_code
        == 403
    )


def test_a_sheet_sent_by_the_phone_script_gets_json(
    as_role: Callable[..., Client], paslon: list[Candidate]
) -> None:
    client = as_role(Role.PTPS)
    data = post_data(sheet())
    first = client.post(reverse("tally-sheet"), data, HTTP_X_TALLY_SYNC="1")
    again = client.post(reverse("tally-sheet"), data, HTTP_X_TALLY_SYNC="1")
    assert first.json() == {"stored": True, "url": reverse("tally-sheet")}
    assert again.json() == {"stored": False, "url": reverse("tally-sheet")}
    assert ResultSheet.objects.get().revisions.count() == 1
