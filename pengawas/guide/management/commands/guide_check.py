from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.guide.content import CONTENT_ROOT, ContentInvalid, series_available, series_read


class Command(BaseCommand):
    help = "Periksa isi panduan (front matter, dasar hukum, tautan) tanpa menerbitkannya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("series", nargs="*", help="seri, mis. pilkada-2020 (bawaan: semua)")
        parser.add_argument(
            "--content", type=Path, default=CONTENT_ROOT, help="folder isi (bawaan: repositori)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        root = options["content"]
        for series in options["series"] or series_available(root):
            try:
                source = series_read(series, root=root)
            except ContentInvalid as invalid:
                failed += len(invalid.problems)
                for problem in invalid.problems:
                    self.stderr.write(str(problem))
                continue
            checks = sum(len(page.checks) for page in source.pages)
            self.stdout.write(
                f"{series}: {len(source.pages)} halaman, {checks} butir periksa — tidak ada masalah"
            )
        if failed:
            raise CommandError(f"{failed} masalah ditemukan; perbaiki lalu periksa lagi.")
