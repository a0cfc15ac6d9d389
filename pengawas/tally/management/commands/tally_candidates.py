from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.elections.models import Election
from pengawas.tally.services import candidate_add, candidates_of


class Command(BaseCommand):
    help = 'Daftarkan paslon suatu pemilihan: --election KODE --add "1:Nama Paslon" ...'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="kode pemilihan")
        parser.add_argument(
            "--add", action="append", default=[], metavar="NOMOR:NAMA",
            help="nomor urut dan nama paslon; boleh berulang",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"Pemilihan dengan kode {options['election']!r} tidak ada.")
        parsed = []
        for item in options["add"]:
            number, separator, name = item.partition(":")
            if not separator or not number.strip().isdigit() or not name.strip():
                raise CommandError(f'Tulis paslon sebagai "NOMOR:NAMA", bukan {item!r}.')
            parsed.append((int(number), name))
        for number, name in parsed:
            try:
                candidate_add(election=election, number=number, name=name)
            except ValidationError as refused:
                raise CommandError(refused.messages[0]) from refused
        for candidate in candidates_of(election=election):
            self.stdout.write(f"{candidate.number}. {candidate.name}")
