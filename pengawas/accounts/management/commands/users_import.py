from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.accounts.services_onboarding import users_import
from pengawas.accounts.slips import slips_pdf
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_decimal, id_int


class Command(BaseCommand):
    help = "Create PKD/PTPS (and Panwascam) accounts from a CSV, with activation-code slips."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV: nama, telepon, peran, kode[, tps]")
        parser.add_argument("--election", help="election code (for PTPS rows)")
        parser.add_argument(
            "--slips", type=Path, help="slips PDF (default: FILE.slip-aktivasi.pdf beside FILE)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        slips_path: Path = options["slips"] or path.with_suffix(".slip-aktivasi.pdf")
        if not slips_path.parent.is_dir():
            raise CommandError(f"Folder untuk slip tidak ada: {slips_path.parent}")
        election = None
        if options["election"]:
            election = Election.objects.filter(code=options["election"]).first()
            if election is None:
                raise CommandError(f"Pemilihan {options['election']!r} tidak ada.")
        report = users_import(path=path, created_by=None, election=election)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Tidak ada akun yang dibuat: {id_int(len(report.errors))} kesalahan "
                f"dalam {id_int(report.rows)} baris. Perbaiki berkasnya lalu impor lagi."
            )
        counts = ", ".join(f"{role} {id_int(n)}" for role, n in sorted(report.counts.items()))
        self.stdout.write(
            f"{id_int(len(report.created))} akun dibuat ({counts}) dalam "
            f"{id_decimal(report.seconds)} detik."
        )
        # The only copy of the codes in clear: readable by this user alone.
        slips_path.touch(mode=0o600)
        slips_path.chmod(0o600)
        slips_path.write_bytes(slips_pdf(report.slips()))
        self.stdout.write(
            f"Slip aktivasi: {slips_path} (berisi kode yang berlaku: cetak, lalu hapus berkasnya)"
        )
