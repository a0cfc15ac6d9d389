"""archive_genkey, archive_rotate_key, archive_verify and archive_add."""

import datetime
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from pengawas.accounts.roles import Role
from pengawas.archive import crypto
from pengawas.archive.models import Function, Record, StoredFile
from pengawas.archive.services_files import (
    ArchiveKeyUnknown,
    file_check,
    file_chunks,
    file_store,
    preview_chunks,
)
from pengawas.archive.storage import archive_location
from pengawas.archive.tests import vault_samples as samples
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.regions.models import Region


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="sekretariat-blitar")


@pytest.fixture
def record(author: User, blitar: Region) -> Record:
    return Record.objects.create(function=Function.PENGAWASAN, title="Form A", region=blitar,
                                 date=datetime.date(2020, 12, 9), author=author)  # fmt: skip


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_genkey_prints_a_usable_key_and_how_to_set_it() -> None:
    out, err = run("archive_genkey")
    assert len(crypto.key_parse(out.strip())) == 32
    assert "PENGAWAS_ARCHIVE_KEY" in err
    assert out.strip() != run("archive_genkey")[0].strip()


def test_rotation_rewraps_keys_leaves_data_and_retires_the_old_key(
    archive_key: str, settings: Any, record: Record, tmp_path: Path
) -> None:
    first = file_store(record=record, source=io.BytesIO(samples.image_bytes("JPEG")),
                       name="foto.jpg", user=record.author)  # fmt: skip
    assert preview_chunks(stored=first) is not None
    second = file_store(record=record, source=io.BytesIO(samples.pdf_bytes()), name="a.pdf",
                        user=record.author)  # fmt: skip
    stored_bytes = (archive_location() / second.storage_name).read_bytes()
    new_key = crypto.key_generate()
    key_file = tmp_path / "kunci-baru"
    key_file.write_text(new_key + "\n")

    out, _err = run("archive_rotate_key", "--new-key-file", str(key_file))

    new_id = crypto.key_fingerprint(crypto.key_parse(new_key))
    assert "2 berkas dan 1 pratinjau" in out
    assert set(StoredFile.objects.values_list("key_id", flat=True)) == {new_id}
    assert (archive_location() / second.storage_name).read_bytes() == stored_bytes
    entry = AuditEntry.objects.get(action=Action.ARCHIVE_KEY_ROTATED)
    old_id = crypto.key_fingerprint(crypto.key_parse(archive_key))
    assert entry.detail == {"from": [old_id], "to": new_id, "files": 2, "previews": 1}
    assert new_key not in str(entry.detail) and archive_key not in str(entry.detail)

    settings.ARCHIVE_KEY = new_key
    for stored in StoredFile.objects.all():
        assert file_check(stored=stored) == "ok"
        assert preview_chunks(stored=stored) is not None or stored.pk == second.pk
    settings.ARCHIVE_KEY = archive_key  # the old key no longer opens anything
    for stored in StoredFile.objects.all():
        with pytest.raises(ArchiveKeyUnknown):
            file_chunks(stored=stored)


def test_during_a_rotation_the_old_key_still_opens_files(
    archive_key: str, settings: Any, record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = file_store(record=record, source=io.BytesIO(b"catatan\n"), name="a.txt",
                        user=record.author)  # fmt: skip
    new_key = crypto.key_generate()
    settings.ARCHIVE_KEY, settings.ARCHIVE_KEY_OLD = new_key, archive_key
    assert b"".join(file_chunks(stored=stored)) == b"catatan\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(new_key + "\n"))
    run("archive_rotate_key", "--new-key-stdin")
    settings.ARCHIVE_KEY_OLD = ""
    stored.refresh_from_db()
    assert b"".join(file_chunks(stored=stored)) == b"catatan\n"


def test_rotation_refuses_a_bad_key_or_an_unknown_wrapping(
    archive_key: str, settings: Any, record: Record, tmp_path: Path
) -> None:
    file_store(record=record, source=io.BytesIO(b"catatan\n"), name="a.txt", user=record.author)
    bad = tmp_path / "bad"
    bad.write_text("bukan-kunci")
    with pytest.raises(CommandError, match="tidak sah"):
        run("archive_rotate_key", "--new-key-file", str(bad))
    good = tmp_path / "good"
    good.write_text(crypto.key_generate())
    settings.ARCHIVE_KEY = crypto.key_generate()  # not the key the file is wrapped with
    with pytest.raises(CommandError, match="Tidak ada yang diubah"):
        run("archive_rotate_key", "--new-key-file", str(good))
    assert not AuditEntry.objects.filter(action=Action.ARCHIVE_KEY_ROTATED).exists()


def test_verify_reports_missing_and_corrupted_files_and_fails(
    archive_key: str, record: Record
) -> None:
    stored = [
        file_store(
            record=record,
            source=io.BytesIO(f"berkas {n}\n".encode() * 100),
            name=f"{n}.txt",
            user=record.author,
        )
        for n in range(4)
    ]
    out, _err = run("archive_verify")
    assert "4 berkas diperiksa" in out and "4 utuh" in out
    path = archive_location() / stored[1].storage_name
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    (archive_location() / stored[2].storage_name).unlink()
    StoredFile.objects.filter(pk=stored[3].pk).update(
        deleted_at=datetime.datetime.now(tz=datetime.UTC)
    )
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("archive_verify", stdout=io.StringIO(), stderr=err)
    assert exit_status.value.code == 1
    text = err.getvalue()
    assert f"RUSAK: berkas {stored[1].pk} (arsip {record.pk}" in text
    assert f"HILANG: berkas {stored[2].pk} (arsip {record.pk}" in text
    assert "3 berkas diperiksa" in text and "1 utuh, 1 hilang, 1 rusak" in text
    entries = AuditEntry.objects.filter(action=Action.FILE_CORRUPTED).order_by("seq")
    assert [(e.detail["file"], e.detail["status"]) for e in entries] == [
        (stored[1].pk, "corrupted"),
        (stored[2].pk, "missing"),
    ]
    assert entries[0].detail["sha256"] == stored[1].sha256


def _tree(root: Path) -> None:
    (root / "2019" / "Kanigoro").mkdir(parents=True)
    (root / "2020").mkdir()
    (root / "2019" / "Kanigoro" / "LHP 01.pdf").write_bytes(samples.pdf_bytes())
    (root / "2019" / "Kanigoro" / "foto.jpg").write_bytes(samples.image_bytes("JPEG"))
    (root / "2019" / "Kanigoro" / "halaman.html").write_bytes(samples.HTML_PAGE)
    (root / "2019" / "Kanigoro" / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "2020" / "catatan.txt").write_bytes(b"Catatan rapat\n")


def test_archive_add_loads_a_tree_one_record_per_folder(
    archive_key: str, author: User, election: Any, tmp_path: Path
) -> None:
    _tree(tmp_path / "pindaian")
    out, err = run("archive_add", str(tmp_path / "pindaian"), "--function", "pengawasan",
                   "--title", "Arsip lama", "--election", election.code, "--region", "35.05",
                   "--user", author.username, "--date", "2019-06-01")  # fmt: skip
    assert "2 arsip, 3 berkas" in out and "1 berkas ditolak; 1 dilewati" in out
    assert "DITOLAK" in err and "halaman.html" in err and "HTML" in err
    records = {r.title: r for r in Record.objects.all()}
    assert set(records) == {"Arsip lama: Kanigoro", "Arsip lama: 2020"}
    kanigoro = records["Arsip lama: Kanigoro"]
    assert kanigoro.date == datetime.date(2019, 6, 1) and kanigoro.election == election
    assert sorted(kanigoro.files.values_list("original_name", flat=True)) == [
        "LHP 01.pdf",
        "foto.jpg",
    ]
    assert all(file_check(stored=s) == "ok" for s in StoredFile.objects.all())


def test_archive_add_one_record_per_file(archive_key: str, author: User, tmp_path: Path) -> None:
    _tree(tmp_path / "pindaian")
    out, _err = run("archive_add", str(tmp_path / "pindaian" / "2019"), "--function", "umum",
                    "--title", "Surat", "--region", "35.05.01", "--per", "file", "--access",
                    "terbatas", "--user", author.username)  # fmt: skip
    assert "2 arsip, 2 berkas" in out
    assert set(Record.objects.values_list("access_level", flat=True)) == {"terbatas"}
    assert Record.objects.filter(title="Surat: foto.jpg").exists()


def test_archive_add_needs_a_key_an_author_and_known_places(
    settings: Any, author: User, tmp_path: Path, blitar: Region
) -> None:
    (tmp_path / "a.txt").write_bytes(b"isi\n")
    settings.ARCHIVE_KEY = ""
    with pytest.raises(CommandError, match="PENGAWAS_ARCHIVE_KEY"):
        run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
            "--region", "35.05")  # fmt: skip
    settings.ARCHIVE_KEY = crypto.key_generate()
    with pytest.raises(CommandError, match="--user"):
        run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
            "--region", "35.05")  # fmt: skip
    with pytest.raises(CommandError, match="Wilayah"):
        run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
            "--region", "99.99", "--user", author.username)  # fmt: skip
    assert not Record.objects.exists()


def test_archive_add_creates_records_through_record_create_within_the_authors_area(
    archive_key: str, make_user: Callable[..., User], tmp_path: Path, blitar: Region
) -> None:
    (tmp_path / "a.txt").write_bytes(b"isi\n")
    pkd = make_user(Role.PKD, username="pkd-jaten")  # Desa Jaten only, level biasa only
    with pytest.raises(CommandError, match="tidak boleh"):
        run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
            "--region", "35.05.02", "--user", pkd.username)  # fmt: skip
    with pytest.raises(CommandError, match="tidak boleh"):
        run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
            "--region", "35.05.01.2001", "--access", "terbatas", "--user", pkd.username)  # fmt: skip
    run("archive_add", str(tmp_path / "a.txt"), "--function", "umum", "--title", "T",
        "--region", "35.05.01.2001", "--user", pkd.username, "--per", "file")  # fmt: skip
    record = Record.objects.get()
    assert record.author == pkd
    assert AuditEntry.objects.filter(
        action=Action.RECORD_CREATED, target_id=str(record.pk)
    ).exists()
