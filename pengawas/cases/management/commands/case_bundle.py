from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.http import Http404

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules as archive_rules
from pengawas.archive.crypto import ArchiveKeyMissing
from pengawas.archive.models import Record
from pengawas.archive.services_custody import BundleFileCorrupted, bundle_write_file
from pengawas.cases.services import case_get_visible


class Command(BaseCommand):
    help = (
        "Write the evidence bundle (ZIP) of one case: the SIP records of its documents that the "
        "user may export, with their files, manifest and custody events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username whose rules apply")
        parser.add_argument("--case", type=int, required=True, metavar="ID")
        parser.add_argument("--output", "-o", required=True, metavar="BUNDEL.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        jurisdiction = user_jurisdiction(user=user) if user is not None else None
        if user is None or jurisdiction is None:
            raise CommandError(f"Pengguna {options['user']!r} tidak ada atau tanpa penugasan.")
        try:
            case = case_get_visible(user=user, case_id=options["case"])
        except Http404 as error:
            raise CommandError(
                "Perkara itu tidak ada atau di luar wilayah pengguna ini."
            ) from error
        documents = Record.objects.filter(
            Q(pk__in=case.documents.values("pk")) | Q(pk__in=case.events.values("documents"))
        )
        records = list(archive_rules.records_exportable(jurisdiction, user.pk, documents))
        if not records:
            raise CommandError("Perkara ini belum punya dokumen yang boleh diekspor pengguna ini.")
        output = Path(options["output"])
        try:
            bundle = bundle_write_file(user=user, records=records, path=output)
        except FileExistsError as error:
            raise CommandError(f"{output} sudah ada; pilih nama lain.") from error
        except (BundleFileCorrupted, ArchiveKeyMissing) as error:
            raise CommandError(str(error)) from error
        left_out = documents.count() - len(records)
        self.stdout.write(
            f"Bundel perkara {case.pk} ditulis ke {output}: {len(records)} arsip"
            + (f" ({left_out} dokumen tidak boleh diekspor pengguna ini)" if left_out else "")
            + f", {bundle.files} berkas.\nSHA-256 {bundle.sha256}"
        )
