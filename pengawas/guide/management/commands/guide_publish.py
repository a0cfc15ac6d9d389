from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.guide.content import CONTENT_ROOT, ContentInvalid
from pengawas.guide.services import edition_publish


class Command(BaseCommand):
    help = "Terbitkan isi panduan di repositori sebagai edisi baru sebuah seri (diperiksa dulu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("series", help="seri, mis. pilkada-2020")
        parser.add_argument("--note", default="", help="catatan edisi (apa yang berubah)")
        parser.add_argument(
            "--content", type=Path, default=CONTENT_ROOT, help="folder isi (bawaan: repositori)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            edition, created = edition_publish(
                series=options["series"], note=options["note"], root=options["content"]
            )
        except ContentInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(invalid.problems)} masalah ditemukan; tidak ada yang diterbitkan."
            ) from invalid
        pages = edition.sections.count()
        if created:
            self.stdout.write(f"Diterbitkan: {edition} ({pages} halaman).")
        else:
            self.stdout.write(f"Isi sama dengan {edition}; tidak ada edisi baru.")
