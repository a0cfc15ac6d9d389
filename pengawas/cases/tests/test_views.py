"""The case pages: who gets what, for every role; pelapor data only for handlers; filing,
moving, changing through the forms; the pemberitahuan status PDF read back with poppler."""

import datetime
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from pengawas.accounts.roles import Role
from pengawas.archive.services_records import record_create
from pengawas.audit.models import AuditEntry
from pengawas.cases.models import Case
from pengawas.cases.services import case_move
from pengawas.cases.states import Status
from pengawas.cases.tests.conftest import JAKARTA, PELAPOR
from pengawas.regions.models import Region

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT, Role.PANWASCAM, Role.PKD, Role.PTPS]


@pytest.fixture
def world(make_user: Callable[..., User], make_case: Callable[..., Case]) -> dict[str, Any]:
    """A temuan in Wonodadi filed by a PKD of Jaten, a laporan in Udanawu (another
    kecamatan) received by Bawaslu; the personas below are other users."""
    filer = make_user(Role.PKD, username="pkd-jaten-pelapor-temuan")
    staff = make_user(Role.SEKRETARIAT, username="staf-penerima")
    return {
        "own": make_case(filer, kind="temuan"),
        "far": make_case(staff, region="35.05.02"),
        "filer": filer,
    }


def _client(user: User | None, login: Callable[..., None], *, verified: bool = True) -> Client:
    client = Client()
    if user is not None:
        login(client, user, verified=verified)
    return client


# Who gets which page, for every persona: pengawas/core/tests/test_url_permissions.py.


def test_the_filer_sees_their_temuan_but_cannot_act_on_it(
    world: dict[str, Any], login: Callable[..., None]
) -> None:
    client = _client(world["filer"], login)
    own = world["own"].pk
    page = client.get(reverse("case-detail", args=[own]))
    assert page.status_code == 200
    assert b"case-move" not in page.content and b"case-change" not in page.content
    assert reverse("case-detail", args=[own]).encode() in client.get(reverse("case-list")).content
    assert client.post(reverse("case-move", args=[own]), {"to": "kajian_awal"}).status_code == 403
    assert (
        client.post(reverse("case-change", args=[own]), {"change": "perlu_keterangan"}).status_code
        == 403
    )
    assert client.get(reverse("case-notice", args=[own])).status_code == 403
    assert client.get(reverse("case-detail", args=[world["far"].pk])).status_code == 404


def test_pelapor_data_only_for_handlers_and_masked_in_lists(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    staff = _client(make_user(Role.KOMISIONER), login)
    far = world["far"]
    listing = staff.get(reverse("case-list")).content.decode()
    assert "S*** W***" in listing
    for value in PELAPOR.values():
        assert value not in listing
    detail = staff.get(reverse("case-detail", args=[far.pk])).content.decode()
    for value in PELAPOR.values():
        assert value in detail
    # A laporan in a PKD's view (as if they had filed it): the pelapor stays hidden.
    pkd = make_user(Role.PKD)
    Case.objects.filter(pk=far.pk).update(created_by=pkd)
    field = _client(pkd, login)
    for page in (reverse("case-list"), reverse("case-detail", args=[far.pk])):
        content = field.get(page).content.decode()
        assert far.receipt_number in content
        for value in PELAPOR.values():
            assert value not in content
        assert "S*** W***" not in content
    # Opening a case is recorded, without personal data.
    entries = AuditEntry.objects.filter(action="case.viewed")
    assert entries.count() == 2
    assert all(
        value not in str(entry.detail) + entry.target_label
        for entry in entries
        for value in PELAPOR.values()
    )


def test_filing_a_laporan_through_the_form(
    make_user: Callable[..., User], login: Callable[..., None], election: Any
) -> None:
    client = _client(make_user(Role.PANWASCAM), login)
    form = client.get(reverse("case-create")).content.decode()
    assert 'value="35.05.01"' in form and 'value="35.05.02"' not in form
    data = {
        "kind": "laporan",
        "election": election.pk,
        "region": "35.05.01",
        "received_at": "2020-10-07T09:30",
        "known_on": "2020-10-03",
        "terlapor": "Kepala Desa X (fiktif)",
        "description": "Uraian.",
        "violation_type": "pidana",
        **PELAPOR,
    }
    missing = client.post(reverse("case-create"), {**data, "pelapor_name": "", "known_on": ""})
    assert missing.status_code == 200 and not Case.objects.exists()
    assert missing.content.decode().count("Wajib diisi untuk laporan.") == 2
    response = client.post(reverse("case-create"), data)
    case = Case.objects.get()
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    assert case.received_at == datetime.datetime(2020, 10, 7, 9, 30, tzinfo=JAKARTA)
    assert case.receipt_number == "01/PL/PB/Kab/16.12/X/2020"
    assert case.pelapor_name == PELAPOR["pelapor_name"]


def test_field_staff_file_temuan_only_for_their_kecamatan(
    make_user: Callable[..., User], login: Callable[..., None], election: Any
) -> None:
    client = _client(make_user(Role.PTPS), login)
    form = client.get(reverse("case-create")).content.decode()
    assert "pelapor_name" not in form and 'value="laporan"' not in form
    data = {
        "kind": "temuan",
        "election": election.pk,
        "region": "35.05.01",
        "received_at": "2020-12-09T13:30",
        "terlapor": "KPPS TPS 001 (fiktif)",
        "description": "Surat suara tidak ditandatangani ketua KPPS.",
        "violation_type": "administrasi",
    }
    assert client.post(reverse("case-create"), {**data, "kind": "laporan"}).status_code == 200
    assert client.post(reverse("case-create"), {**data, "region": "35.05.02"}).status_code == 200
    assert not Case.objects.exists()
    assert client.post(reverse("case-create"), data).status_code == 302
    assert Case.objects.get().kind == "temuan"


def test_moving_and_changing_through_the_forms(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = _client(make_user(Role.PANWASCAM), login)
    own = world["own"]
    move = reverse("case-move", args=[own.pk])
    skipped = client.post(move, {"to": "diregistrasi", "on": "2020-10-08T10:00"})
    assert skipped.status_code == 400  # not a next status: the form refuses the choice
    assert client.post(move, {"to": "kajian_awal", "on": "2020-10-06T10:00"}).status_code == 400
    assert (
        "sebelum langkah sebelumnya"
        in client.post(move, {"to": "kajian_awal", "on": "2020-10-06T10:00"}).content.decode()
    )
    assert client.post(move, {"to": "kajian_awal", "on": "2020-10-08T10:00"}).status_code == 302
    assert client.post(move, {"to": "diregistrasi", "on": "2020-10-09T10:00"}).status_code == 302
    own.refresh_from_db()
    assert own.status == Status.DIREGISTRASI
    assert own.register_number == "01/Reg/TM/PB/Kab/16.12/X/2020"
    change = reverse("case-change", args=[own.pk])
    assert client.post(change, {"change": "minta_kelengkapan"}).status_code == 400
    assert client.post(change, {"change": "perlu_keterangan"}).status_code == 302
    page = client.get(reverse("case-detail", args=[own.pk])).content.decode()
    assert "Putusan setelah registrasi" in page
    assert "14 Okt 2020" in page  # registered 9 Oct, 3 + 2 days


def test_the_notice_pdf(
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
    tmp_path: Path,
) -> None:
    staff = make_user(Role.KOMISIONER)
    far = world["far"]
    for day, status in enumerate(
        [Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI, Status.KAJIAN], 8
    ):
        case_move(
            case=far,
            user=staff,
            target=status,
            on=datetime.datetime(2020, 10, day, 10, tzinfo=JAKARTA),
        )
    case_move(
        case=far,
        user=staff,
        target=Status.DIHENTIKAN,
        on=datetime.datetime(2020, 10, 12, 15, tzinfo=JAKARTA),
        note="Tidak memenuhi unsur tindak pidana pemilihan.",
    )
    far.refresh_from_db()
    response = _client(staff, login).get(reverse("case-notice", args=[far.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert PELAPOR["pelapor_name"] not in response["Content-Disposition"]
    pdf = response.content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert far.register_number == "01/Reg/LP/PB/Kab/16.12/X/2020"
    assert far.register_number in text
    assert "Dihentikan" in text
    assert "KABUPATEN BLITAR" in text
    assert "Tidak memenuhi unsur tindak pidana pemilihan." in text
    assert PELAPOR["pelapor_name"] in text  # addressed to the pelapor
    assert "12 Oktober 2020" in text
    entry = AuditEntry.objects.filter(action="case.viewed").order_by("pk").last()
    assert entry is not None and entry.detail == {"page": "notice"}


def test_a_notice_for_a_case_without_events(
    world: dict[str, Any], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    """A case loaded without its first event (an import, a fixture) still gets its letter."""
    world["own"].events.all().delete()
    response = _client(make_user(Role.PANWASCAM), login).get(
        reverse("case-notice", args=[world["own"].pk])
    )
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1


def test_documents_show_and_bundle_only_as_far_as_the_archive_lets_the_user(
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
    archive_key: str,
) -> None:
    filer, commissioner = world["filer"], make_user(Role.KOMISIONER)
    jaten = Region.objects.get(code="35.05.01.2001")
    day = datetime.date(2020, 12, 9)
    common = record_create(user=filer, function="penindakan", title="Foto baliho",
                           region=jaten, date=day)  # fmt: skip
    secret = record_create(user=commissioner, function="penindakan", title="Kajian rahasia",
                           region=jaten, date=day, access_level="rahasia")  # fmt: skip
    world["own"].documents.add(common, secret)
    for user, shown in ((filer, {common}), (commissioner, {common, secret})):
        page = _client(user, login).get(reverse("case-detail", args=[world["own"].pk]))
        html = page.content.decode()
        assert ("Kajian rahasia" in html) == (secret in shown)
        form = html.split('class="bundle-form"', 1)[1].split("</form>", 1)[0]
        picked = {int(v) for v in re.findall(r'name="record" value="(\d+)"', form)}
        assert picked == {record.pk for record in shown}
