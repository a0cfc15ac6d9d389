"""Bulk load of existing files (years of scanned folders) into the archive.

Walks each PATH with os.scandir one folder at a time (never the whole tree in memory),
makes one record per folder (default) or per file, and streams every file through
file_store; refused files are reported by path with the reason, and the load carries on.
"""

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from pengawas.accounts.models import Assignment
from pengawas.accounts.roles import Role
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.crypto import ArchiveKeyMissing, keyring
from pengawas.archive.models import AccessLevel, Classification, Function, Record
from pengawas.archive.refusals import FileRefused
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create
from pengawas.archive.sniff import name_clean, sniff
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_decimal, id_int
from pengawas.regions.models import Region

# Files every scanner or desktop leaves behind: skipped, not refused.
SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})


@dataclass
class _Totals:
    records: int = 0
    files: int = 0
    bytes: int = 0
    refused: int = 0
    skipped: int = 0
    refusals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Metadata:
    user: User
    function: str
    title: str
    region: Region
    election: Election | None
    date: datetime.date | None
    classification: Classification | None
    access_level: str


def _record_new(meta: _Metadata, *, title: str, date: datetime.date) -> Record:
    return record_create(
        user=meta.user,
        function=meta.function,
        title=title[:300],
        region=meta.region,
        date=date,
        election=meta.election,
        classification=meta.classification,
        access_level=meta.access_level,
    )


def _folders(root: Path) -> Iterator[tuple[Path, list[os.DirEntry[str]]]]:
    """Each folder under root (depth first, sorted) with the files directly in it."""
    stack = [root]
    while stack:
        folder = stack.pop()
        files: list[os.DirEntry[str]] = []
        subfolders: list[Path] = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(entry)
        stack.extend(sorted(subfolders, reverse=True))
        yield folder, sorted(files, key=lambda entry: entry.name)


class Command(BaseCommand):
    help = (
        "Load existing files into the archive: one record per folder (default) or per file; "
        "every file sniffed, hashed and encrypted like an upload; refused files are reported "
        "and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--function", required=True, choices=Function.values)
        parser.add_argument("--title", required=True, help="record title (folder/file appended)")
        parser.add_argument("--election", help="election code")
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 35.05.01")
        parser.add_argument("--date", type=datetime.date.fromisoformat,
                            help="YYYY-MM-DD (default: the file's modification date)")  # fmt: skip
        parser.add_argument("--classification", help="classification code, e.g. PM.01.03")
        parser.add_argument("--access", default=AccessLevel.BIASA, choices=AccessLevel.values)
        parser.add_argument("--per", default="folder", choices=["folder", "file"])
        parser.add_argument("--user", help="author (default: the only administrator)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            keyring()
        except ArchiveKeyMissing as error:
            raise CommandError(str(error)) from None
        self._verbosity = int(options["verbosity"])
        meta = self._metadata(options)
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"Tidak ditemukan: {path}")
        totals = _Totals()
        for path in options["paths"]:
            if path.is_file():
                self._unit(meta, totals, path.parent, [path], per=options["per"])
                continue
            for folder, entries in _folders(path):
                files = []
                for entry in entries:
                    if entry.name.startswith(".") or entry.name.lower() in SKIPPED_NAMES:
                        totals.skipped += 1
                    else:
                        files.append(Path(entry.path))
                if files:
                    self._unit(meta, totals, folder, files, per=options["per"])
        for line in totals.refusals:
            self.stderr.write(line)
        self.stdout.write(
            f"Selesai: {id_int(totals.records)} arsip, {id_int(totals.files)} berkas "
            f"({id_decimal(totals.bytes / 2**20)} MiB) disimpan; {id_int(totals.refused)} "
            f"berkas ditolak; {id_int(totals.skipped)} dilewati."
        )

    def _metadata(self, options: dict[str, Any]) -> _Metadata:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Wilayah {options['region']!r} tidak ada.")
        election = None
        if options["election"]:
            election = Election.objects.filter(code=options["election"]).first()
            if election is None:
                raise CommandError(f"Pemilihan {options['election']!r} tidak ada.")
        classification = None
        if options["classification"]:
            classification = Classification.objects.filter(code=options["classification"]).first()
            if classification is None:
                raise CommandError(f"Kode klasifikasi {options['classification']!r} tidak ada.")
        user = self._user(options["user"])
        jurisdiction = user_jurisdiction(user=user)
        if not rules.can_create_in(jurisdiction, region_code=region.code, tps_id=None) or (
            jurisdiction is not None and options["access"] not in rules.levels_for(jurisdiction)
        ):
            raise CommandError(
                f"{user.get_username()} tidak boleh membuat arsip {options['access']} di "
                f"wilayah {region.code}: pilih pengguna yang wilayah kerjanya mencakupnya."
            )
        return _Metadata(
            user=user,
            function=options["function"],
            title=options["title"].strip(),
            region=region,
            election=election,
            date=options["date"],
            classification=classification,
            access_level=options["access"],
        )

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Pengguna {username!r} tidak ada atau tidak aktif.")
            return user
        today = datetime.date.today()
        admins = list(
            Assignment.objects.filter(
                Q(ends__isnull=True) | Q(ends__gte=today),
                role=Role.ADMINISTRATOR,
                starts__lte=today,
                user__is_active=True,
            )
            .values_list("user_id", flat=True)
            .distinct()[:2]
        )
        if len(admins) != 1:
            raise CommandError("Sebutkan penulis arsip dengan --user NAMA_PENGGUNA.")
        return User.objects.get(pk=admins[0])

    def _unit(
        self, meta: _Metadata, totals: _Totals, folder: Path, files: list[Path], *, per: str
    ) -> None:
        if per == "file":
            for path in files:
                self._store(meta, totals, [path], title=f"{meta.title}: {name_clean(path.name)}")
        else:
            self._store(meta, totals, files, title=f"{meta.title}: {name_clean(folder.name)}")

    def _store(self, meta: _Metadata, totals: _Totals, files: list[Path], *, title: str) -> None:
        record: Record | None = None
        for path in files:
            try:
                with path.open("rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    # Checked before a record exists, so a refused file leaves no empty record.
                    sniff(source, name=name_clean(path.name), size=size)
                    if record is None:
                        date = meta.date or datetime.date.fromtimestamp(path.stat().st_mtime)
                        record = _record_new(meta, title=title, date=date)
                        totals.records += 1
                    stored = file_store(record=record, source=source, name=path.name,
                                        user=meta.user)  # fmt: skip
            except FileRefused as refusal:
                totals.refused += 1
                totals.refusals.append(f"DITOLAK {path}: {refusal.message}")
                if record is None:
                    audit_record(
                        action=Action.FILE_REFUSED,
                        actor=meta.user,
                        target_type="archive_add",
                        detail={"code": refusal.code},
                    )
                continue
            except OSError as error:
                totals.refused += 1
                totals.refusals.append(f"TIDAK TERBACA {path}: {error.strerror}")
                continue
            totals.files += 1
            totals.bytes += stored.size
            if self._verbosity >= 2:
                self.stdout.write(f"{path} -> arsip {record.pk}, berkas {stored.pk}")
