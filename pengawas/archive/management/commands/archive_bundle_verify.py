import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pengawas.archive.bundle import bundle_verify


class Command(BaseCommand):
    help = (
        "Check evidence bundles (ZIP) against their manifest: every file present and "
        "unchanged, nothing added. Needs no database. Exit 0 if all are intact, 1 if not."
    )
    # No database and no system checks: this runs on any machine with Pengawas installed.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundles", nargs="+", metavar="BUNDEL.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        intact = True
        for path in options["bundles"]:
            check = bundle_verify(path=path)
            if check.ok:
                self.stdout.write(check.summary)
            else:
                intact = False
                self.stderr.write(check.summary)
        if not intact:
            sys.exit(1)
