"""Chain of custody (lacak jejak) of records and evidence bundles (bundel bukti).

A record's chain of custody is read from the audit trail (pengawas.audit), not kept beside
it: every entry whose object is the record or one of its files, oldest first, with the
entry's seq and hash so that each can be checked against `pengawas audit_verify`. An
evidence bundle is a ZIP of a selection of records (bundle.py) for Sentra Gakkumdu, DKPP or
a court: the files, a manifest with each file's SHA-256 and the records' metadata, the
custody events and a README in Bahasa Indonesia on how to check it.

Export is written to the audit trail as RECORDS_EXPORTED, one entry per record (so that
each record's custody shows it, and no entry outgrows the trail's size limit), each with
the bundle's id, its SHA-256 and the number of records: the entries of one bundle together
name its record ids.
"""

import datetime
import uuid
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.bundle import (
    FILES_DIR,
    BundleCheck,
    BundleFile,
    BundleFileChanged,
    clean_name,
    write_bundle,
)
from pengawas.archive.bundle import bundle_verify as _bundle_verify
from pengawas.archive.models import Record, StoredFile
from pengawas.archive.services_files import FileCorrupted, FileMissing, file_chunks
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry, chain_time
from pengawas.audit.services import AuditDraft, audit_record, audit_record_many

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
# A bundle is one download: a selection, not the whole archive.
BUNDLE_MAX_RECORDS = 500

__all__ = [
    "BUNDLE_MAX_RECORDS",
    "BundleCheck",
    "BundleFileCorrupted",
    "BundleManifest",
    "CustodyEvent",
    "bundle_verify",
    "bundle_write",
    "record_custody",
    "records_for_bundle",
]


@dataclass(frozen=True)
class CustodyEvent:
    """One audit entry about a record or one of its files."""

    seq: int
    hash: str
    at: datetime.datetime
    actor: str  # the username at the time ("" for the system)
    action: str
    action_label: str
    target_type: str
    target_id: str
    address: str
    file_id: int | None = None
    file_name: str = ""
    sha256: str = ""
    version: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def at_wib(self) -> str:
        return timezone.localtime(self.at, WIB).strftime("%Y-%m-%d %H:%M:%S WIB")

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "at": chain_time(self.at),
            "at_wib": self.at_wib,
            "actor": self.actor,
            "action": self.action,
            "action_label": self.action_label,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "address": self.address,
            "file": self.file_id,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "version": self.version,
            "detail": self.detail,
        }


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def record_custody(*, record: Record) -> list[CustodyEvent]:
    """The record's chain of custody: audit entries on it or its files, oldest first.

    The file's sha256 and version come from the entry's detail (as it was recorded); when
    the entry lacks them (or the trail masked a run of digits in a hash) they come from the
    file's row, which never changes."""
    files = {
        stored.pk: stored
        for stored in StoredFile.objects.filter(record=record).only(
            "pk", "record_id", "original_name", "sha256", "version"
        )
    }
    where = Q(target_type="record", target_id=str(record.pk))
    if files:
        where |= Q(target_type="file", target_id__in=[str(pk) for pk in files])
    events = []
    for entry in AuditEntry.objects.filter(where).order_by("seq"):
        detail = entry.detail if isinstance(entry.detail, dict) else {}
        file_id = _int_or_none(entry.target_id) if entry.target_type == "file" else None
        if file_id is None:
            file_id = _int_or_none(detail.get("file"))
        stored = files.get(file_id) if file_id is not None else None
        sha = detail.get("sha256")
        if not isinstance(sha, str) or len(sha) != 64 or "*" in sha:
            sha = stored.sha256 if stored is not None else ""
        version = _int_or_none(detail.get("version"))
        if version is None and stored is not None:
            version = stored.version
        events.append(
            CustodyEvent(
                seq=entry.seq,
                hash=entry.hash,
                at=entry.at,
                actor=entry.actor_label,
                action=entry.action,
                action_label=str(entry.action_label),
                target_type=entry.target_type,
                target_id=entry.target_id,
                address=entry.address,
                file_id=file_id,
                file_name=stored.original_name if stored is not None else "",
                sha256=sha,
                version=version,
                detail=detail,
            )
        )
    return events


# --- Evidence bundles --------------------------------------------------------------------


class BundleFileCorrupted(Exception):
    """A stored file no longer decrypts to what was hashed at ingest: no bundle is made."""

    def __init__(self, stored: StoredFile) -> None:
        super().__init__(
            f"Berkas #{stored.pk} (arsip #{stored.record_id}, versi {stored.version}) rusak "
            "atau hilang di penyimpanan; bundel tidak dibuat. Jalankan `pengawas archive_verify`."
        )
        self.stored = stored


@dataclass(frozen=True)
class BundleManifest:
    bundle_id: str
    sha256: str  # of the ZIP itself
    size: int
    record_ids: list[int]
    files: int
    manifest: dict[str, Any]

    @property
    def filename(self) -> str:
        return f"bundel-bukti-{self.bundle_id[:12]}.zip"


def bundle_verify(*, path: Any) -> BundleCheck:
    """Check a bundle against its manifest (pure; no database): see bundle.bundle_verify."""
    return _bundle_verify(path=path)


def records_for_bundle(*, user: User, record_ids: Sequence[int]) -> list[Record]:
    """The records asked for, in the order asked, if the user may export every one of them.

    One id the user may not export (outside their area, a level they do not read, rahasia
    for a role that does not read it, or no such record) makes the whole request 404: a
    bundle never leaves out silently what was asked for, and the answer does not tell which
    ids exist."""
    jurisdiction = user_jurisdiction(user=user)
    if not rules.can_use_archive(jurisdiction):
        raise PermissionDenied
    assert jurisdiction is not None
    wanted = list(dict.fromkeys(record_ids))
    if not wanted or len(wanted) > BUNDLE_MAX_RECORDS:
        raise Http404("records")
    found = {
        record.pk: record
        for record in rules.records_exportable(
            jurisdiction, int(user.pk), Record.objects.filter(pk__in=wanted)
        )
    }
    if len(found) != len(wanted):
        raise Http404("records")
    return [found[pk] for pk in wanted]


def _pengawas_version() -> str:
    try:
        return metadata.version("pengawas")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed
        return "tidak diketahui"


def _record_meta(record: Record) -> dict[str, Any]:
    links = [
        {"record": link.target_id, "relation": link.relation, "direction": "ke"}
        for link in record.links_out.all()
    ] + [
        {"record": link.source_id, "relation": link.relation, "direction": "dari"}
        for link in record.links_in.all()
    ]
    return {
        "id": record.pk,
        "number": record.number,
        "title": record.title,
        "description": record.description,
        "function": record.function,
        "election": record.election.code if record.election is not None else None,
        "stage": record.stage,
        "region": {"code": record.region.code, "name": record.region.name},
        "tps": record.tps.label if record.tps is not None else None,
        "date": record.date.isoformat(),
        "classification": record.classification_id,
        "access_level": record.access_level,
        "tags": [tag.name for tag in record.tags.all()],
        "links": links,
        "author": record.author.get_username(),
        "legal_hold": record.legal_hold,
        "disposed_at": (
            timezone.localtime(record.disposed_at, WIB).isoformat()
            if record.disposed_at is not None
            else None
        ),
    }


def _file_path(stored: StoredFile, used: set[str]) -> str:
    name = clean_name(stored.original_name)
    path = f"{FILES_DIR}{stored.record_id}/{stored.version}-{name}"
    if path in used:  # two files of one record with the same version and name
        stem, dot, ext = name.rpartition(".")
        name = f"{stem}-{stored.pk}.{ext}" if dot else f"{name}-{stored.pk}"
        path = f"{FILES_DIR}{stored.record_id}/{stored.version}-{name}"
    used.add(path)
    return path


def _file_meta(stored: StoredFile, path: str | None) -> dict[str, Any]:
    return {
        "id": stored.pk,
        "path": path,
        "original_name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "version": stored.version,
        "replaces": stored.replaces_id,
        "added": timezone.localtime(stored.created, WIB).isoformat(),
        "deleted_at": (
            timezone.localtime(stored.deleted_at, WIB).isoformat()
            if stored.deleted_at is not None
            else None
        ),
    }


README_TEXT = """\
BUNDEL BUKTI PENGAWAS
=====================

Bundel {bundle_id}
Dibuat {created_at} oleh {created_by} (Pengawas {version}).
Berisi {records} arsip dan {files} berkas.

Isi bundel
----------
files/<id arsip>/<versi>-<nama berkas>  berkas asli, persis seperti saat diunggah
manifest.json  data setiap arsip (nomor, judul, fungsi, pemilihan, tahapan, wilayah,
               tanggal, klasifikasi, tingkat akses, label, tautan) dan setiap berkas
               (jalur di bundel, nama asli, jenis, ukuran, SHA-256, versi, versi yang
               dikoreksinya), serta SHA-256 berkas custody.json, SHA256SUMS dan README.txt
custody.json   lacak jejak (chain of custody) setiap arsip dari jejak audit Pengawas:
               siapa, apa, kapan (WIB), dari mana, dengan SHA-256 berkas; setiap kejadian
               membawa nomor urut (seq) dan hash entri audit
SHA256SUMS     daftar SHA-256 semua berkas, untuk sha256sum
README.txt     petunjuk ini

Cara memeriksa keutuhan
-----------------------
1. Dengan Pengawas (tanpa basis data, di komputer mana pun yang memasang Pengawas):

       pengawas archive_bundle_verify {filename}

   Perintah ini memeriksa setiap berkas terhadap manifest dan menyebut berkas yang
   hilang, berubah, atau ditambahkan. Kode keluar 0 berarti utuh, 1 berarti tidak.

2. Tanpa Pengawas: ekstrak bundel, lalu di dalam foldernya jalankan

       sha256sum -c SHA256SUMS

   Setiap baris harus berakhir dengan "OK". Bandingkan juga nilai SHA-256 di
   SHA256SUMS dengan yang tercantum di manifest.json.

3. Keaslian bundel itu sendiri: SHA-256 seluruh berkas ZIP ini dicatat di jejak audit
   Pengawas (tindakan "records.exported", rincian "bundle" = {bundle_id}). Hitung

       sha256sum {filename}

   dan mintalah Bawaslu mencocokkannya dengan jejak audit. Keutuhan jejak audit sendiri
   diperiksa dengan `pengawas audit_verify`; nomor urut (seq) dan hash di custody.json
   dapat dicocokkan dengan entri jejak audit yang sama.
"""


def _files_for(
    records: Iterable[Record], used: set[str]
) -> tuple[dict[int, list[dict[str, Any]]], list[tuple[StoredFile, str]]]:
    metas: dict[int, list[dict[str, Any]]] = {}
    to_write: list[tuple[StoredFile, str]] = []
    for record in records:
        metas[record.pk] = []
        for stored in record.files.all():
            if stored.deleted_at is not None:
                metas[record.pk].append(_file_meta(stored, None))
                continue
            path = _file_path(stored, used)
            metas[record.pk].append(_file_meta(stored, path))
            to_write.append((stored, path))
    return metas, to_write


def _bundle_files(to_write: list[tuple[StoredFile, str]]) -> Iterator[BundleFile]:
    for stored, path in to_write:

        def chunks(stored: StoredFile = stored, path: str = path) -> Iterator[bytes]:
            try:
                yield from file_chunks(stored=stored)
            except (FileCorrupted, FileMissing) as error:  # tampered, truncated or missing
                raise BundleFileChanged(path, expected=stored.sha256, found="") from error

        yield BundleFile(path=path, sha256=stored.sha256, size=stored.size, chunks=chunks)


def bundle_write(
    *,
    user: User,
    records: Sequence[Record],
    out: IO[bytes],
    request: HttpRequest | None = None,
) -> BundleManifest:
    """Write an evidence bundle of these records to out (streamed; out need not seek).

    Every record must be exportable by the user (rules.records_exportable), or nothing is
    written (PermissionDenied). A stored file that does not decrypt to its ingest hash stops
    the bundle (BundleFileCorrupted, recorded as FILE_CORRUPTED); what was already written
    to out must then be thrown away. On success, RECORDS_EXPORTED is recorded for each
    record with the bundle's id and SHA-256."""
    allowed = records_for_bundle(user=user, record_ids=[record.pk for record in records])
    loaded = {
        record.pk: record
        for record in Record.objects.filter(pk__in=[record.pk for record in allowed])
        .select_related("election", "region", "tps", "author", "classification")
        .prefetch_related("tags", "links_out", "links_in", "files")
    }
    ordered = [loaded[record.pk] for record in allowed]
    bundle_id = uuid.uuid4().hex
    created_at = timezone.localtime(timezone.now(), WIB)
    file_metas, to_write = _files_for(ordered, set())
    head: dict[str, Any] = {
        "bundle_id": bundle_id,
        "created_at": created_at.isoformat(),
        "created_by": {"id": user.pk, "username": user.get_username()},
        "pengawas_version": _pengawas_version(),
        "records": [{**_record_meta(record), "files": file_metas[record.pk]} for record in ordered],
    }
    custody = {
        "bundle_id": bundle_id,
        "note": "Kejadian dari jejak audit Pengawas, terlama lebih dulu; periksa dengan "
        "`pengawas audit_verify`.",
        "records": {
            str(record.pk): [event.as_json() for event in record_custody(record=record)]
            for record in ordered
        },
    }
    filename = f"bundel-bukti-{bundle_id[:12]}.zip"
    readme = README_TEXT.format(
        bundle_id=bundle_id,
        created_at=created_at.strftime("%Y-%m-%d %H:%M:%S WIB"),
        created_by=user.get_username(),
        version=head["pengawas_version"],
        records=len(ordered),
        files=len(to_write),
        filename=filename,
    )
    try:
        written = write_bundle(
            out=out, manifest=head, files=_bundle_files(to_write), custody=custody, readme=readme
        )
    except BundleFileChanged as error:
        stored = next(stored for stored, path in to_write if path == error.path)
        _corrupted(stored, request=request, user=user)
        raise BundleFileCorrupted(stored) from error
    drafts = [
        AuditDraft(
            action=Action.RECORDS_EXPORTED,
            target_type="record",
            target_id=str(record.pk),
            target_label=record.number or f"arsip #{record.pk}",
            detail={"bundle": bundle_id, "bundle_sha256": written.sha256, "records": len(ordered)},
        )
        for record in ordered
    ]
    audit_record_many(drafts=drafts, request=request, actor=user)
    return BundleManifest(
        bundle_id=bundle_id,
        sha256=written.sha256,
        size=written.size,
        record_ids=[record.pk for record in ordered],
        files=len(to_write),
        manifest=written.manifest,
    )


def bundle_write_file(*, user: User, records: Sequence[Record], path: Path) -> BundleManifest:
    """bundle_write to a new file: written beside it first and renamed when whole, so a
    bundle that stops half-way (a corrupted file, a missing key) leaves nothing behind.
    FileExistsError if path exists."""
    if path.exists():
        raise FileExistsError(path)
    partial = path.with_name(path.name + ".sebagian")
    try:
        with partial.open("xb") as out:
            bundle = bundle_write(user=user, records=records, out=out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(path)
    return bundle


def _corrupted(stored: StoredFile, *, request: HttpRequest | None, user: User) -> None:
    audit_record(
        action=Action.FILE_CORRUPTED,
        request=request,
        actor=user,
        target_type="file",
        target_id=str(stored.pk),
        target_label=clean_name(stored.original_name),
        detail={"sha256": stored.sha256, "file": stored.pk, "version": stored.version},
    )
