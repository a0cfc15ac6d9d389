import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.archive.crypto import ArchiveKeyMissing, ArchiveKeyUnknown
from pengawas.archive.models import StoredFile
from pengawas.archive.services_files import file_check, file_detail
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.lib.numbers import id_decimal, id_int

STATUS_TEXT = {"missing": "HILANG", "corrupted": "RUSAK", "locked": "TANPA KUNCI"}


class Command(BaseCommand):
    help = (
        "Decrypt and re-hash every stored archive file (not disposed of) and compare with its "
        "SHA-256; report missing and corrupted files (also to the audit trail) and exit 1 if "
        "there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=200, help="rows read at a time")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {"ok": 0, "missing": 0, "corrupted": 0, "locked": 0}
        checked_bytes = 0
        rows = StoredFile.objects.filter(deleted_at__isnull=True).order_by("pk")
        try:
            for stored in rows.iterator(chunk_size=max(options["chunk_size"], 1)):
                try:
                    status = file_check(stored=stored)
                except ArchiveKeyUnknown:
                    status = "locked"
                counts[status] += 1
                if status == "ok":
                    checked_bytes += stored.size
                    continue
                self.stderr.write(
                    f"{STATUS_TEXT[status]}: berkas {stored.pk} (arsip {stored.record_id}, "
                    f"versi {stored.version}, SHA-256 {stored.sha256})"
                )
                if status != "locked":
                    audit_record(
                        action=Action.FILE_CORRUPTED,
                        target_type="file",
                        target_id=str(stored.pk),
                        target_label=f"arsip {stored.record_id} berkas {stored.pk} "
                        f"v{stored.version}",
                        detail={**file_detail(stored), "status": status},
                    )
        except ArchiveKeyMissing as error:
            raise CommandError(str(error)) from None
        total = sum(counts.values())
        summary = (
            f"{id_int(total)} berkas diperiksa, {id_decimal(checked_bytes / 2**20)} MiB "
            f"dibaca ulang: {id_int(counts['ok'])} utuh, {id_int(counts['missing'])} hilang, "
            f"{id_int(counts['corrupted'])} rusak, {id_int(counts['locked'])} tanpa kunci."
        )
        if counts["ok"] == total:
            self.stdout.write(summary)
            return
        self.stderr.write(summary)
        if counts["locked"]:
            self.stderr.write(
                "Berkas tanpa kunci dikunci dengan kunci arsip yang tidak disetel: setel "
                "PENGAWAS_ARCHIVE_KEY_OLD, atau selesaikan `pengawas archive_rotate_key`."
            )
        sys.exit(1)
