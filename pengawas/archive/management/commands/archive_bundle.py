from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from pengawas.archive.crypto import ArchiveKeyMissing
from pengawas.archive.services_custody import (
    BundleFileCorrupted,
    bundle_write_file,
    records_for_bundle,
)


class Command(BaseCommand):
    help = (
        "Write an evidence bundle (ZIP) of records, as one user: the same rules as the web "
        "page apply, and the export is recorded in the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username whose rules apply")
        parser.add_argument(
            "--record", type=int, action="append", required=True, metavar="ID", dest="records"
        )
        parser.add_argument("--output", "-o", required=True, metavar="BUNDEL.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna {options['user']!r} tidak ada.")
        try:
            records = records_for_bundle(user=user, record_ids=options["records"])
        except (PermissionDenied, Http404) as error:
            raise CommandError(
                "Sebagian arsip tidak ada atau tidak boleh diekspor oleh pengguna ini."
            ) from error
        output = Path(options["output"])
        try:
            bundle = bundle_write_file(user=user, records=records, path=output)
        except FileExistsError as error:
            raise CommandError(f"{output} sudah ada; pilih nama lain.") from error
        except (BundleFileCorrupted, ArchiveKeyMissing) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Bundel {bundle.bundle_id} ditulis ke {output}: {len(bundle.record_ids)} arsip, "
            f"{bundle.files} berkas, {bundle.size} bita.\nSHA-256 {bundle.sha256}"
        )
