"""Keep the public holidays that Pemilu deadlines skip (hari libur nasional, cuti bersama).

pengawas case_holiday list [--year 2024]
pengawas case_holiday add 2024-02-14 "Hari pemungutan suara Pemilu 2024"
pengawas case_holiday remove 2024-02-14
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.cases.models import PublicHoliday


class Command(BaseCommand):
    help = "Daftar hari libur yang dilewati batas waktu Pemilu (hari kerja): list, add, remove."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "add", "remove"])
        parser.add_argument("date", nargs="?", help="YYYY-MM-DD")
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            holidays = PublicHoliday.objects.all()
            if options["year"]:
                holidays = holidays.filter(date__year=options["year"])
            for holiday in holidays:
                self.stdout.write(f"{holiday.date.isoformat()}  {holiday.name}")
            return
        if not options["date"]:
            raise CommandError("Tanggal (YYYY-MM-DD) wajib diisi.")
        try:
            day = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"Tanggal tidak dikenal: {options['date']!r}") from None
        if action == "add":
            if not options["name"]:
                raise CommandError("Nama hari libur wajib diisi.")
            PublicHoliday.objects.update_or_create(date=day, defaults={"name": options["name"]})
            self.stdout.write(f"Ditambahkan: {day.isoformat()} {options['name']}")
        else:
            deleted, _ = PublicHoliday.objects.filter(date=day).delete()
            if not deleted:
                raise CommandError(f"Tidak ada hari libur pada {day.isoformat()}.")
            self.stdout.write(f"Dihapus: {day.isoformat()}")
