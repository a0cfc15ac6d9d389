"""bundle_write: evidence bundles of real, encrypted records; who may export what; the
audit entry; the archive_bundle command."""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.utils import timezone

from pengawas.accounts.roles import Role
from pengawas.archive.bundle import bundle_verify
from pengawas.archive.models import AccessLevel, Classification, Record, RecordLink, StoredFile, Tag
from pengawas.archive.services_custody import (
    BundleFileCorrupted,
    bundle_write,
    bundle_write_file,
    records_for_bundle,
)
from pengawas.archive.storage import archive_storage
from pengawas.archive.tests.test_custody_support import FAR_DESA, add_file, make_record, png
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps

pytestmark = pytest.mark.usefixtures("archive_key")


@pytest.fixture
def tps1(election: Election) -> Tps:
    tps, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=1)
    return tps


def test_round_trip_files_manifest_custody_readme_and_audit(
    make_user: Callable[..., User], election: Election, tps1: Tps, tmp_path: Path
) -> None:
    author = make_user(Role.PTPS, username="ptps-jaten")
    kom = make_user(Role.KOMISIONER, username="komisioner-blitar")
    pm, _ = Classification.objects.get_or_create(code="PM.01.03", defaults={"name": "Form A"})
    lhp = make_record(
        author,
        tps=tps1,
        election=election,
        stage="Pemungutan suara",
        classification=pm,
        number="01/LHP/PM.01.03/16.12/XII/2020",
    )
    lhp.tags.add(Tag.objects.create(name="tps-001"))
    letter = make_record(kom, title="Surat imbauan", function="pencegahan", region="35.05")
    RecordLink.objects.create(source=letter, target=lhp, relation="ditindaklanjuti", created_by=kom)
    first = add_file(lhp, author, data=png(1), name="Form A Jaten.png")
    second = add_file(lhp, author, data=png(2), name="Form A Jaten.png", replaces=first)
    other = add_file(letter, kom, data=png(3), name="imbauan.png")

    path = tmp_path / "bundel.zip"
    with path.open("wb") as out:
        made = bundle_write(user=kom, records=[lhp, letter], out=out)

    check = bundle_verify(path=path)
    assert check.ok, check.summary
    assert check.checked == 6  # three files + custody.json, SHA256SUMS, README.txt
    assert made.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert made.size == path.stat().st_size
    assert made.record_ids == [lhp.pk, letter.pk] and made.files == 3

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        custody = json.loads(archive.read("custody.json"))
        readme = archive.read("README.txt").decode()
        v1 = archive.read(f"files/{lhp.pk}/1-Form_A_Jaten.png")
        v2 = archive.read(f"files/{lhp.pk}/2-Form_A_Jaten.png")
    assert (v1, v2) == (png(1), png(2))
    assert manifest["bundle_id"] == made.bundle_id
    assert manifest["created_by"]["username"] == "komisioner-blitar"
    assert manifest["created_at"].endswith("+07:00")
    assert manifest["pengawas_version"]
    meta = manifest["records"][0]
    assert meta["number"] == "01/LHP/PM.01.03/16.12/XII/2020"
    assert meta["election"] == "pilbup-blitar-2020" and meta["stage"] == "Pemungutan suara"
    assert meta["region"]["code"] == "35.05.01.2001" and meta["tps"]
    assert meta["classification"] == "PM.01.03" and meta["access_level"] == "biasa"
    assert meta["tags"] == ["tps-001"] and meta["date"] == "2020-12-09"
    assert meta["links"] == [
        {"record": letter.pk, "relation": "ditindaklanjuti", "direction": "dari"}
    ]
    files = {item["id"]: item for item in meta["files"]}
    assert files[second.pk]["replaces"] == first.pk and files[second.pk]["version"] == 2
    assert files[first.pk]["sha256"] == hashlib.sha256(png(1)).hexdigest()
    assert files[first.pk]["content_type"] == "image/png"
    assert files[first.pk]["size"] == len(png(1))
    assert files[first.pk]["original_name"] == first.original_name
    assert manifest["records"][1]["files"][0]["path"] == f"files/{letter.pk}/1-imbauan.png"
    assert other.sha256 in json.dumps(manifest)
    # custody.json: the same events as record_custody, with seq and hash.
    actions = [event["action"] for event in custody["records"][str(lhp.pk)]]
    assert actions == [Action.FILE_ADDED, Action.FILE_ADDED]
    assert custody["records"][str(lhp.pk)][0]["sha256"] == first.sha256
    assert "archive_bundle_verify" in readme and "sha256sum" in readme
    assert "Cara memeriksa keutuhan" in readme
    # RECORDS_EXPORTED: one entry per record, each with the bundle's id and own SHA-256.
    exported = AuditEntry.objects.filter(action=Action.RECORDS_EXPORTED).order_by("seq")
    assert [entry.target_id for entry in exported] == [str(lhp.pk), str(letter.pk)]
    for entry in exported:
        assert entry.actor_id == kom.pk and entry.target_type == "record"
        assert entry.detail == {
            "bundle": made.bundle_id,
            "bundle_sha256": made.sha256,
            "records": 2,
        }


def test_a_file_changed_in_the_storage_stops_the_bundle(
    make_user: Callable[..., User], tmp_path: Path
) -> None:
    sek = make_user(Role.SEKRETARIAT)
    record = make_record(sek)
    stored = add_file(record, sek)
    storage = archive_storage()
    with storage.open(stored.storage_name, "rb") as handle:
        cipher = bytearray(handle.read())
    cipher[-5] ^= 0xFF
    storage.delete(stored.storage_name)
    storage.save(stored.storage_name, io.BytesIO(bytes(cipher)))
    with pytest.raises(BundleFileCorrupted) as raised:
        bundle_write(user=sek, records=[record], out=io.BytesIO())
    assert "archive_verify" in str(raised.value)
    corrupted = AuditEntry.objects.get(action=Action.FILE_CORRUPTED)
    assert corrupted.target_id == str(stored.pk) and corrupted.detail["sha256"] == stored.sha256
    assert not AuditEntry.objects.filter(action=Action.RECORDS_EXPORTED).exists()
    # Written to a file, a bundle that stops half-way leaves nothing behind.
    folder = tmp_path / "keluar"
    folder.mkdir()
    with pytest.raises(BundleFileCorrupted):
        bundle_write_file(user=sek, records=[record], path=folder / "bundel.zip")
    assert list(folder.iterdir()) == []


def test_a_disposed_records_stub_is_listed_without_files(
    make_user: Callable[..., User], tmp_path: Path
) -> None:
    kom = make_user(Role.KOMISIONER)
    record = make_record(kom)
    stored = add_file(record, kom)
    now = timezone.now()
    StoredFile.objects.filter(pk=stored.pk).update(deleted_at=now)
    Record.objects.filter(pk=record.pk).update(disposed_at=now)
    path = tmp_path / "stub.zip"
    with path.open("wb") as out:
        made = bundle_write(user=kom, records=[record], out=out)
    assert bundle_verify(path=path).ok
    meta = made.manifest["records"][0]
    assert meta["disposed_at"] and meta["files"][0]["path"] is None
    assert meta["files"][0]["sha256"] == stored.sha256


# Who may export which record (own area biasa; another kecamatan; rahasia in the area).
# fmt: off
EXPORT = {
    # role:               own     far     rahasia
    Role.ADMINISTRATOR: ("ok",   "ok",   "404"),
    Role.KOMISIONER:    ("ok",   "ok",   "ok"),
    Role.SEKRETARIAT:   ("ok",   "ok",   "404"),
    Role.PANWASCAM:     ("ok",   "404",  "404"),
    Role.PKD:           ("ok",   "404",  "404"),
    Role.PTPS:          ("ok",   "404",  "404"),
}
# fmt: on


@pytest.mark.parametrize("role", list(EXPORT))
def test_who_may_export_what(
    role: str, make_user: Callable[..., User], election: Election, tps1: Tps
) -> None:
    writer = make_user(Role.KOMISIONER, username="penulis")
    own = make_record(writer, tps=tps1)
    far = make_record(writer, region=FAR_DESA)
    secret = make_record(writer, access_level=AccessLevel.RAHASIA)
    user = make_user(role)
    for record, expected in zip((own, far, secret), EXPORT[role], strict=True):
        if expected == "ok":
            assert records_for_bundle(user=user, record_ids=[record.pk]) == [record]
        else:
            with pytest.raises(Http404):
                records_for_bundle(user=user, record_ids=[record.pk])
    # One id out of reach refuses the whole selection; so does an id that does not exist.
    if "404" in EXPORT[role]:
        with pytest.raises(Http404):
            records_for_bundle(user=user, record_ids=[own.pk, secret.pk, far.pk])
    else:
        assert len(records_for_bundle(user=user, record_ids=[own.pk, secret.pk, far.pk])) == 3
    with pytest.raises(Http404):
        records_for_bundle(user=user, record_ids=[own.pk, 999_999])


def test_an_author_does_not_export_a_rahasia_record_their_role_does_not_read(
    make_user: Callable[..., User],
) -> None:
    sek = make_user(Role.SEKRETARIAT)
    mine = make_record(sek, access_level=AccessLevel.RAHASIA)
    with pytest.raises(Http404):
        records_for_bundle(user=sek, record_ids=[mine.pk])
    with pytest.raises(PermissionDenied):
        bundle_write(user=User.objects.create_user("tanpa-peran"), records=[mine], out=io.BytesIO())
    with pytest.raises(Http404):
        bundle_write(user=sek, records=[mine], out=io.BytesIO())
    assert not AuditEntry.objects.filter(action=Action.RECORDS_EXPORTED).exists()


def test_archive_bundle_command(
    make_user: Callable[..., User], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pwc = make_user(Role.PANWASCAM, username="pwc")
    own = make_record(pwc)
    add_file(own, pwc)
    far = make_record(make_user(Role.KOMISIONER), region=FAR_DESA)
    folder = tmp_path / "keluar"  # (tmp_path also holds the test's archive storage)
    folder.mkdir()
    out = folder / "cli.zip"
    call_command("archive_bundle", "--user", "pwc", "--record", str(own.pk), "-o", str(out))
    printed = capsys.readouterr().out
    assert hashlib.sha256(out.read_bytes()).hexdigest() in printed
    assert bundle_verify(path=out).ok
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("archive_bundle", "--user", "pwc", "--record", str(own.pk), "-o", str(out))
    with pytest.raises(CommandError, match="tidak boleh"):
        call_command(
            "archive_bundle", "--user", "pwc", "--record", str(far.pk), "-o", str(folder / "x")
        )
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("archive_bundle", "--user", "siapa", "--record", "1", "-o", str(folder / "y"))
    assert sorted(p.name for p in folder.iterdir()) == ["cli.zip"]
