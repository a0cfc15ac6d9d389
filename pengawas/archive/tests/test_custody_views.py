"""The bundle download and the penyusutan pages, for every persona."""

import datetime
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.archive.bundle import bundle_verify
from pengawas.archive.models import AccessLevel, Classification, Record
from pengawas.archive.models_custody import DisposalRequest, DisposalStatus
from pengawas.archive.services_retention import disposal_request_create
from pengawas.archive.tests.test_custody_support import FAR_DESA, add_file, make_record
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps

pytestmark = pytest.mark.usefixtures("archive_key")

PERSONAS = (
    "anonymous",
    "norole",
    "unverified",
    Role.ADMINISTRATOR,
    Role.KOMISIONER,
    Role.SEKRETARIAT,
    Role.PANWASCAM,
    Role.PKD,
    Role.PTPS,
)

# fmt: off
TABLE: list[tuple[str, str, str, tuple[tuple[str, str], ...]]] = [
    # anon  norole unverif admin kom   sek   pwc   pkd   ptps
    ("login 403   2fa   ok    ok    ok    ok    ok    ok",   "archive-bundle", "post", (("record", "own_record"),)),
    ("login 403   2fa   ok    ok    ok    404   404   404",  "archive-bundle", "post", (("record", "far_record"),)),
    ("login 403   2fa   404   ok    404   404   404   404",  "archive-bundle", "post", (("record", "secret_record"),)),
    ("login 403   2fa   400   400   400   400   400   400",  "archive-bundle", "post", ()),
    ("login 403   2fa   405   405   405   405   405   405",  "archive-bundle", "get", ()),
    ("login 403   2fa   403   ok    ok    403   403   403",  "archive-retention", "get", ()),
    ("login 403   2fa   403   ok    ok    403   403   403",  "archive-disposal", "get", (("id", "own_disposal"),)),
    ("login 403   2fa   403   ok    ok    403   403   403",  "archive-disposal", "post", (("id", "own_disposal"), ("aksi", "lihat"))),
    ("login 403   2fa   403   ok    404   403   403   403",  "archive-disposal", "get", (("id", "secret_disposal"),)),
]
# fmt: on


@pytest.fixture
def world(election: Election, make_user: Callable[..., User]) -> dict[str, Any]:
    writer = make_user(Role.KOMISIONER, username="penulis")
    tps1, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=1)
    musnah = Classification.objects.create(
        code="T.MUSNAH", name="Uji", retention_years=1, retention_outcome="musnah"
    )
    own = make_record(writer, tps=tps1)
    add_file(own, writer)
    old = datetime.date(2015, 1, 1)
    return {
        "own_record": own.pk,
        "far_record": make_record(writer, region=FAR_DESA).pk,
        "secret_record": make_record(writer, access_level=AccessLevel.RAHASIA).pk,
        "own_disposal": disposal_request_create(
            user=writer, record_ids=[make_record(writer, classification=musnah, date=old).pk]
        ).pk,
        "secret_disposal": disposal_request_create(
            user=writer,
            record_ids=[
                make_record(
                    writer, classification=musnah, date=old, access_level=AccessLevel.RAHASIA
                ).pk
            ],
        ).pk,
    }


def _persona(persona: str, make_user: Callable[..., User]) -> User | None:
    if persona == "anonymous":
        return None
    if persona == "norole":
        return User.objects.create_user("tanpa-peran")
    if persona == "unverified":
        return make_user(Role.KOMISIONER, username="belum-dua-faktor")
    return make_user(persona, username=f"persona-{persona}")


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith((reverse("login-otp"), reverse("account-2fa"))):
            return "2fa"
        if location.startswith(reverse("login")):
            return "login"
        return "ok"
    return "ok" if status < 300 else str(status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_table_says(
    persona: str,
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    user = _persona(persona, make_user)
    column = PERSONAS.index(persona)
    wrong = []
    for row, name, method, data in TABLE:
        client = Client()
        if user is not None:
            login(client, user, verified=persona != "unverified")
        args = [world[value] for key, value in data if key == "id"]
        form = {key: world.get(value, value) for key, value in data if key != "id"}
        response = getattr(client, method)(reverse(name, args=args), form)
        got, expected = _outcome(response), row.split()[column]
        if got != expected:
            wrong.append(f"{method} {name} {data}: expected {expected}, got {got}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_bundle_download_streams_a_zip_that_verifies(
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
    tmp_path: Path,
) -> None:
    client = Client()
    login(client, make_user(Role.PTPS))
    response = client.post(reverse("archive-bundle"), {"record": [world["own_record"]]})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    path = tmp_path / "unduhan.zip"
    path.write_bytes(body)
    assert bundle_verify(path=path).ok
    digest = hashlib.sha256(body).hexdigest()
    assert response["X-Bundle-SHA256"] == digest
    entry = AuditEntry.objects.get(action=Action.RECORDS_EXPORTED)
    assert entry.detail["bundle_sha256"] == digest
    assert entry.target_id == str(world["own_record"])


def test_bundle_refused_ids_write_nothing(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = Client()
    login(client, make_user(Role.PKD))
    for data in (
        {"record": [world["own_record"], world["far_record"]]},
        {"record": ["12a"]},
        {"record": [999_999]},
    ):
        assert client.post(reverse("archive-bundle"), data).status_code in (400, 404)
    assert not AuditEntry.objects.filter(action=Action.RECORDS_EXPORTED).exists()


def test_propose_approve_and_execute_through_the_pages(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    musnah = Classification.objects.get(code="T.MUSNAH")
    sek, kom = make_user(Role.SEKRETARIAT), make_user(Role.KOMISIONER)
    record = make_record(sek, classification=musnah, date=datetime.date(2016, 5, 1))
    add_file(record, sek)
    first, second = Client(), Client()
    login(first, sek)
    login(second, kom)

    page = first.get(reverse("archive-retention"))
    assert page.status_code == 200
    assert f'value="{record.pk}"' in page.content.decode()

    response = first.post(reverse("archive-retention"), {"record": [record.pk], "catatan": "uji"})
    proposal = DisposalRequest.objects.get(records=record)
    assert response["Location"] == reverse("archive-disposal", args=[proposal.pk])
    url = response["Location"]
    first.post(url, {"aksi": "setujui"})
    again = first.post(url, {"aksi": "setujui"}, follow=True)
    assert "orang lain" in again.content.decode()
    assert "Laksanakan" not in second.get(url).content.decode()
    second.post(url, {"aksi": "setujui"})
    assert "Laksanakan pemusnahan" in second.get(url).content.decode()
    done = second.post(url, {"aksi": "laksanakan"}, follow=True)
    assert "1 arsip dimusnahkan" in done.content.decode()
    proposal.refresh_from_db()
    record.refresh_from_db()
    assert proposal.status == DisposalStatus.EXECUTED and record.disposed_at is not None
    assert Record.objects.filter(pk=record.pk).exists()

    empty = first.post(reverse("archive-retention"), {}, follow=True)
    assert "Pilih sedikitnya" in empty.content.decode()
