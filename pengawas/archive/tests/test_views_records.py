"""The records pages: who gets what (every role), uploads with a hostile file among good ones,
streaming files with safe headers, versions, edits, links, holds, the JRA table."""

import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.archive import views
from pengawas.archive.models import Classification, Record, StoredFile
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create
from pengawas.archive.tests.files import HOSTILE_HTML, jpeg_bytes, pdf_bytes
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

JATEN = "35.05.01.2001"
FAR_DESA = "35.05.02.2001"
MakeUser = Callable[..., User]
Login = Callable[..., None]


def _record(user: User, *, region: str = JATEN, **fields: Any) -> Record:
    fields.setdefault("function", "pengawasan")
    fields.setdefault("title", "Pengawasan kampanye")
    fields.setdefault("date", datetime.date(2020, 11, 20))
    return record_create(user=user, region=Region.objects.get(code=region), **fields)


def _store(record: Record, data: bytes, name: str, **kwargs: Any) -> StoredFile:
    return file_store(
        record=record, source=io.BytesIO(data), name=name, user=record.author, **kwargs
    )


# Who gets which page, for every persona: pengawas/core/tests/test_url_permissions.py.


@pytest.fixture
def world(make_user: MakeUser, election: Election, archive_key: str) -> dict[str, Any]:
    """A record in Jaten TPS 001 by a PKD with a PDF and a JPEG; one in another kecamatan;
    a terbatas and a rahasia record in Jaten TPS 001."""
    tps1, _ = Tps.objects.get_or_create(election=election, village_id=JATEN, number=1)
    author = make_user(Role.PKD, username="pkd-penulis")
    sek = make_user(Role.SEKRETARIAT, username="sek-penulis")
    kom = make_user(Role.KOMISIONER, username="kom-penulis")
    own = _record(author, tps=tps1)
    pdf = _store(own, pdf_bytes(), "laporan.pdf")
    jpeg = _store(own, jpeg_bytes(), "foto.jpg")
    far = _record(sek, region=FAR_DESA)
    far_file = _store(far, pdf_bytes(), "jauh.pdf")
    return {
        "own": own.pk,
        "far": far.pk,
        "terbatas": _record(sek, tps=tps1, access_level="terbatas").pk,
        "rahasia": _record(kom, tps=tps1, access_level="rahasia").pk,
        "own_pdf": pdf.pk,
        "own_jpeg": jpeg.pk,
        "far_file": far_file.pk,
        "author": author,
    }


@pytest.fixture
def pkd_client(make_user: MakeUser, login: Login, election: Election) -> tuple[Client, User]:
    user = make_user(Role.PKD, username="pkd-jaten")
    client = Client()
    login(client, user)
    return client, user


def test_the_form_offers_only_the_users_places_and_levels(
    pkd_client: tuple[Client, User],
) -> None:
    client, _ = pkd_client
    page = client.get(reverse("archive-create")).content.decode()
    assert f'value="{JATEN}"' in page and f'value="{FAR_DESA}"' not in page
    assert 'value="biasa"' in page and 'value="terbatas"' not in page
    assert 'capture="environment"' in page and "multiple" in page
    assert '<datalist id="stages">' in page
    assert "<script>" not in page.replace('<script src="', "")
    # Today in Jakarta is the default date.
    from django.utils import timezone

    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_a_ptps_has_their_tps_preselected(
    make_user: MakeUser, login: Login, election: Election
) -> None:
    tps1, _ = Tps.objects.get_or_create(election=election, village_id=JATEN, number=1)
    client = Client()
    login(client, make_user(Role.PTPS, tps=tps1))
    page = client.get(reverse("archive-create")).content.decode()
    assert f'<option value="{tps1.pk}" selected>' in page
    assert f'<option value="{JATEN}" selected>' in page


def _form(**fields: Any) -> dict[str, Any]:
    return {
        "function": "pengawasan",
        "title": "Patroli APK Desa Jaten",
        "region": JATEN,
        "date": "2020-11-20",
        "access_level": "biasa",
        "tags": "kampanye, APK",
        **fields,
    }


def test_a_record_is_kept_with_its_good_files_and_each_refusal_named(
    pkd_client: tuple[Client, User], archive_key: str
) -> None:
    client, user = pkd_client
    Classification.objects.get_or_create(code="PM.01.03", defaults={"name": "Form A"})
    files = [
        SimpleUploadedFile("laporan.pdf", pdf_bytes(), "application/pdf"),
        SimpleUploadedFile("palsu.pdf", HOSTILE_HTML, "application/pdf"),
        SimpleUploadedFile("foto.jpg", jpeg_bytes(), "image/jpeg"),
    ]
    response = client.post(
        reverse("archive-create"),
        _form(classification="PM.01.03", doc_type="LHP", files=files),
        follow=True,
    )
    record = Record.objects.get()
    assert response.redirect_chain[-1][0] == reverse("archive-record", args=[record.pk])
    assert record.author == user and record.number == "1/LHP/PM.01.03/16.12/XI/2020"
    names = sorted(StoredFile.objects.filter(record=record).values_list("original_name", flat=True))
    assert names == ["foto.jpg", "laporan.pdf"]
    page = response.content.decode()
    assert "palsu.pdf" in page and "ditolak" in page
    assert "2 berkas tersimpan" in page
    assert AuditEntry.objects.filter(action=Action.FILE_REFUSED).count() == 1
    assert AuditEntry.objects.filter(action=Action.FILE_ADDED).count() == 2


def test_without_a_key_the_record_is_kept_and_the_reason_shown(
    pkd_client: tuple[Client, User], settings: Any
) -> None:
    settings.ARCHIVE_KEY = ""
    settings.ARCHIVE_KEY_FILE = ""
    client, _ = pkd_client
    files = [SimpleUploadedFile("laporan.pdf", pdf_bytes())]
    response = client.post(reverse("archive-create"), _form(files=files), follow=True)
    assert Record.objects.count() == 1 and not StoredFile.objects.exists()
    assert "PENGAWAS_ARCHIVE_KEY" in response.content.decode()


def test_an_invalid_form_creates_nothing(pkd_client: tuple[Client, User]) -> None:
    client, _ = pkd_client
    response = client.post(reverse("archive-create"), _form(region=FAR_DESA, title=""))
    assert response.status_code == 200
    assert not Record.objects.exists()
    response = client.post(reverse("archive-create"), _form(access_level="rahasia"))
    assert response.status_code == 200 and not Record.objects.exists()


def test_large_uploads_are_spooled_to_disk_and_streamed(
    pkd_client: tuple[Client, User], archive_key: str, settings: Any, monkeypatch: Any
) -> None:
    """A file above FILE_UPLOAD_MAX_MEMORY_SIZE arrives as a temporary file on disk and is
    handed to the vault as a file, never read whole by the view."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    seen: list[Any] = []
    real = views.file_store

    def spy(**kwargs: Any) -> StoredFile:
        seen.append(kwargs["source"])
        assert kwargs["source"].tell() == 0  # nothing read before the vault
        return real(**kwargs)

    monkeypatch.setattr(views, "file_store", spy)
    client, _ = pkd_client
    big = pdf_bytes() + b"%" + b"0" * (300 * 1024) + b"\n"
    client.post(reverse("archive-create"), _form(files=[SimpleUploadedFile("besar.pdf", big)]))
    assert isinstance(seen[0], TemporaryUploadedFile)
    assert StoredFile.objects.get().size == len(big)


def test_the_record_page_shows_files_versions_and_is_audited(
    world: dict[str, Any], login: Login
) -> None:
    client = Client()
    author = world["author"]
    login(client, author)
    record = Record.objects.get(pk=world["own"])
    old = StoredFile.objects.get(pk=world["own_pdf"])
    new = _store(record, pdf_bytes("Perbaikan"), "laporan-perbaikan.pdf", replaces=old)
    page = client.get(reverse("archive-record", args=[record.pk])).content.decode()
    assert "laporan-perbaikan.pdf" in page and "1 versi sebelumnya" in page
    assert page.index("laporan-perbaikan.pdf") < page.index(old.sha256)
    assert reverse("archive-preview", args=[record.pk, world["own_jpeg"]]) in page
    assert reverse("archive-file-replace", args=[record.pk, new.pk]) in page
    assert reverse("archive-file-replace", args=[record.pk, old.pk]) not in page
    entry = AuditEntry.objects.filter(action=Action.RECORD_VIEWED).get()
    assert entry.target_id == str(record.pk) and entry.actor_id == author.pk
    # The chain of custody, this very view included.
    assert "Riwayat akses" in page and "Arsip dilihat" in page and "Berkas ditambahkan" in page


def test_a_corrected_version_keeps_the_old_one(world: dict[str, Any], login: Login) -> None:
    client = Client()
    login(client, world["author"])
    url = reverse("archive-file-replace", args=[world["own"], world["own_pdf"]])
    upload = SimpleUploadedFile("laporan-v2.pdf", pdf_bytes("versi kedua"))
    client.post(url, {"file": upload})
    new = StoredFile.objects.get(replaces_id=world["own_pdf"])
    assert new.version == 2
    assert StoredFile.objects.filter(pk=world["own_pdf"]).exists()
    # The old version cannot be corrected a second time.
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", pdf_bytes())})
    assert response.status_code == 404


def test_adding_files_to_a_record(world: dict[str, Any], login: Login) -> None:
    client = Client()
    login(client, world["author"])
    url = reverse("archive-file-add", args=[world["own"]])
    client.post(url, {"files": [SimpleUploadedFile("tambahan.jpg", jpeg_bytes((0, 90, 0)))]})
    assert StoredFile.objects.filter(record_id=world["own"], original_name="tambahan.jpg").exists()


def test_a_pdf_is_shown_inline_in_a_sandbox_and_audited_with_its_hash(
    world: dict[str, Any], login: Login
) -> None:
    client = Client()
    login(client, world["author"])
    stored = StoredFile.objects.get(pk=world["own_pdf"])
    response = client.get(reverse("archive-file", args=[world["own"], stored.pk]))
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="laporan.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.filter(action=Action.FILE_VIEWED).get()
    assert entry.detail["sha256"] == stored.sha256
    assert entry.detail["file"] == stored.pk and entry.detail["version"] == 1


def test_a_download_is_an_attachment_and_audited(world: dict[str, Any], login: Login) -> None:
    client = Client()
    login(client, world["author"])
    stored = StoredFile.objects.get(pk=world["own_jpeg"])
    response = client.get(reverse("archive-file-download", args=[world["own"], stored.pk]))
    assert b"".join(response.streaming_content) == jpeg_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="foto.jpg"'
    assert "sandbox" in response["Content-Security-Policy"]
    entry = AuditEntry.objects.filter(action=Action.FILE_DOWNLOADED).get()
    assert entry.detail["sha256"] == stored.sha256


def test_a_file_whose_bytes_are_gone_is_reported(world: dict[str, Any], login: Login) -> None:
    from pengawas.archive.storage import archive_storage

    stored = StoredFile.objects.get(pk=world["own_pdf"])
    archive_storage().delete(stored.storage_name)
    client = Client()
    login(client, world["author"])
    response = client.get(reverse("archive-file", args=[world["own"], stored.pk]))
    assert response.status_code == 410
    assert AuditEntry.objects.filter(action=Action.FILE_CORRUPTED).get().detail["problem"] == (
        "missing"
    )


def test_the_preview_is_a_jpeg_not_kept_by_the_browser(world: dict[str, Any], login: Login) -> None:
    client = Client()
    login(client, world["author"])
    response = client.get(reverse("archive-preview", args=[world["own"], world["own_jpeg"]]))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/jpeg" and body.startswith(b"\xff\xd8\xff")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("laporan.pdf", "laporan.pdf"),
        ("../../etc/passwd", "passwd"),
        ('a"b\r\n.pdf', "ab.pdf"),
        ("C:\\Users\\x\\foto.jpg", "foto.jpg"),
        ("...", "berkas"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert views.safe_filename(name) == expected


def test_editing_metadata(world: dict[str, Any], login: Login, election: Election) -> None:
    client = Client()
    login(client, world["author"])
    url = reverse("archive-edit", args=[world["own"]])
    assert client.get(url).status_code == 200
    tps1 = Tps.objects.get(election=election, village_id=JATEN, number=1)
    response = client.post(url, _form(title="Judul diperbaiki", tps=tps1.pk, tags="patroli"))
    assert response.status_code == 302
    record = Record.objects.get(pk=world["own"])
    assert record.title == "Judul diperbaiki"
    assert [t.name for t in record.tags.all()] == ["patroli"]
    assert AuditEntry.objects.filter(action=Action.RECORD_CHANGED).get().detail == {
        "fields": ["title", "tags"]
    }


def test_linking_by_number_or_id(world: dict[str, Any], login: Login, make_user: MakeUser) -> None:
    sek = make_user(Role.SEKRETARIAT)
    client = Client()
    login(client, sek)
    Classification.objects.get_or_create(code="PP.00.00", defaults={"name": "PP"})
    target = _record(sek, classification=Classification.objects.get(code="PP.00.00"), doc_type="ST")
    url = reverse("archive-link", args=[world["own"]])
    client.post(url, {"target": target.number, "relation": "tindak lanjut dari"})
    client.post(url, {"target": str(world["far"]), "relation": "terkait"})
    response = client.post(url, {"target": "999999", "relation": "terkait"}, follow=True)
    assert "tidak ditemukan" in response.content.decode()
    record = Record.objects.get(pk=world["own"])
    assert {link.target_id for link in record.links_out.all()} == {target.pk, world["far"]}
    page = client.get(reverse("archive-record", args=[target.pk])).content.decode()
    assert reverse("archive-record", args=[world["own"]]) in page  # the link in


def test_a_komisioner_sets_and_lifts_a_hold(
    world: dict[str, Any], login: Login, make_user: MakeUser
) -> None:
    client = Client()
    login(client, make_user(Role.KOMISIONER))
    url = reverse("archive-hold", args=[world["own"]])
    client.post(url, {"action": "set", "reason": "Perkara 02/Reg/LP/PB/Kab/16.12/X/2020"})
    assert Record.objects.get(pk=world["own"]).legal_hold
    client.post(url, {"action": "lift"})
    assert not Record.objects.get(pk=world["own"]).legal_hold
    assert AuditEntry.objects.filter(action=Action.LEGAL_HOLD_SET).count() == 1
    assert AuditEntry.objects.filter(action=Action.LEGAL_HOLD_LIFTED).count() == 1


def test_the_list_filters_and_links_to_search(
    world: dict[str, Any], login: Login, make_user: MakeUser, election: Election
) -> None:
    client = Client()
    login(client, make_user(Role.PANWASCAM))
    _record(world["author"], title="Surat imbauan", function="pencegahan", election=election)
    page = client.get(reverse("archive-list")).content.decode()
    assert "Surat imbauan" in page and "Pengawasan kampanye" in page
    page = client.get(reverse("archive-list"), {"function": "pencegahan"}).content.decode()
    assert "Surat imbauan" in page and "Pengawasan kampanye" not in page
    page = client.get(reverse("archive-list"), {"election": election.code}).content.decode()
    assert "Surat imbauan" in page and "Pengawasan kampanye" not in page
    assert reverse("archive-search") in page


def test_the_jra_table(make_user: MakeUser, login: Login) -> None:
    keeper, reader = Client(), Client()
    login(keeper, make_user(Role.SEKRETARIAT))
    login(reader, make_user(Role.KOMISIONER))
    url = reverse("archive-classifications")
    Classification.objects.get_or_create(code="PM", defaults={"name": "Pengawasan"})
    assert "<form" in keeper.get(url).content.decode().split("<main", 1)[1]
    assert 'name="retention_years"' not in reader.get(url).content.decode()
    response = keeper.post(
        url, {"code": "PM", "name": "Pengawasan", "retention_years": "10",
              "retention_outcome": "permanen"},
    )  # fmt: skip
    assert response.status_code == 302
    line = Classification.objects.get(code="PM")
    assert (line.retention_years, line.retention_outcome) == (10, "permanen")
    assert AuditEntry.objects.filter(action=Action.CLASSIFICATION_CHANGED).exists()
    response = keeper.post(url, {"code": "bad code", "name": "x", "retention_outcome": "musnah"})
    assert response.status_code == 200 and "Format kode" in response.content.decode()


def test_records_picked_on_the_list_come_out_as_one_bundle(
    world: dict[str, Any], login: Login, make_user: MakeUser
) -> None:
    client = Client()
    login(client, make_user(Role.SEKRETARIAT))
    page = client.get(reverse("archive-list")).content.decode()
    form = page.split('id="bundle-selection"', 1)[1].split("</form>", 1)[0]
    for record in ("own", "far"):
        assert f'name="record" value="{world[record]}"' in form
    response = client.post(reverse("archive-bundle"), {"record": [world["own"], world["far"]]})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as bundle:
        names = bundle.namelist()
    assert {f"files/{world['own']}", f"files/{world['far']}"} <= {
        "/".join(name.split("/")[:2]) for name in names
    }
