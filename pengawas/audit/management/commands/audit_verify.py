import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.audit.verify import Anchor, audit_verify


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and report the first entry edited, deleted or reordered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="SEQ:HASH",
            help="a seq and hash printed by an earlier run: the chain must still pass through it",
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="entries read at a time")

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = None
        if options["anchor"]:
            try:
                anchor = Anchor.parse(options["anchor"])
            except ValueError as error:
                raise CommandError(f"Jangkar tidak sah: {error}") from error
        result = audit_verify(chunk_size=max(options["chunk_size"], 1), anchor=anchor)
        if result.intact:
            self.stdout.write(result.summary)
            return
        self.stderr.write(result.summary)
        self.stderr.write(f"({result.checked} entri pertama utuh.)")
        sys.exit(1)
