from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pengawas.core.services_demo import demo_load
from pengawas.lib.numbers import id_decimal, id_int


class Command(BaseCommand):
    help = "Siapkan demo: wilayah Blitar, Pilbup Blitar 2020, DPT sintetis, akun demo, panduan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--voters", type=int, default=50_000)

    def handle(self, *args: Any, **options: Any) -> str:
        result = demo_load(voters=options["voters"])
        lines = [f"Demo: {result.election.name} ({result.election.code})."]
        if result.dpt is not None:
            lines.append(
                f"DPT sintetis: {id_int(result.dpt.rows_imported)} pemilih diimpor "
                f"dalam {id_decimal(result.dpt.seconds)} detik."
            )
        else:
            lines.append("DPT sudah ada; tidak diimpor ulang.")
        if result.guide is not None:
            state = "diterbitkan" if result.guide_published else "sudah ada"
            lines.append(f"Panduan: {result.guide} ({state}).")
        if result.new_accounts:
            lines.append("Akun demo (kata sandi hanya ditampilkan sekali ini, catat sekarang):")
            lines += [
                f"  {user:<10} {password}   ({what})"
                for user, password, what in result.new_accounts
            ]
            lines.append(
                "Administrator, komisioner, sekretariat dan Panwascam mendaftarkan aplikasi "
                "autentikator (TOTP) saat pertama masuk; PKD dan PTPS cukup kata sandi kecuali "
                "PENGAWAS_2FA_FIELD_ROLES=true."
            )
        else:
            lines.append("Akun demo sudah ada (ganti kata sandi: pengawas changepassword NAMA).")
        return "\n".join(lines)
