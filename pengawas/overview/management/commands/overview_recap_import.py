"""pengawas overview_recap_import --election CODE FILE.csv: KPU's recap per TPS.

The format is described in pengawas/overview/recap.py (and in --help): one line per TPS with
kode_desa (or kecamatan and desa), tps, paslon_<nomor>…, sah, tidak_sah. A file with any bad
line is refused as a whole, each bad line named by its number; a good one replaces the recap
of the TPS it lists.
"""

from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.elections.models import Election
from pengawas.overview.recap import RecapError, recap_import

FORMAT = """\
Format berkas (CSV UTF-8, pemisah koma atau titik koma, baris pertama judul kolom):

  kode_desa,kecamatan,desa,tps,paslon_1,paslon_2,sah,tidak_sah
  35.05.01.2001,,,1,120,200,320,5
  ,Wonodadi,Jaten,2,98,150,248,3

- satu baris per TPS; desa dengan kode Kemendagri (kode_desa), atau bila kosong dengan
  nama kecamatan dan desa;
- tps: nomor TPS di desa itu; paslon_<nomor urut>: suara tiap paslon (semua paslon yang
  terdaftar untuk pemilihan, tidak lebih); sah dan tidak_sah: suara sah dan tidak sah;
- semua nilai bilangan bulat 0 atau lebih; jumlah suara paslon harus sama dengan sah.

Satu baris salah saja membuat seluruh berkas ditolak (dengan nomor barisnya); berkas yang
benar menggantikan rekap TPS yang dimuatnya.
"""


class Command(BaseCommand):
    help = "Impor rekap resmi KPU per TPS dari CSV, untuk dibandingkan dengan salinan C.Hasil PTPS."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.epilog = FORMAT
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="kode pemilihan")
        parser.add_argument("file", type=Path, metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> str:
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"Pemilihan {options['election']!r} tidak ada")
        try:
            content = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Berkas tidak dapat dibaca: {error}") from error
        try:
            result = recap_import(election=election, content=content)
        except RecapError as error:
            raise CommandError(
                "Berkas ditolak, tidak ada yang disimpan:\n" + "\n".join(error.errors)
            ) from error
        return (
            f"{result.rows} TPS diimpor ({result.replaced} menggantikan impor sebelumnya), "
            f"paslon {', '.join(result.paslon)}, SHA-256 {result.sha256}"
        )
