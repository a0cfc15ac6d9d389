from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.dpt.generator import GenerateError, dpt_generate
from pengawas.elections.models import Election


class Command(BaseCommand):
    help = (
        "Write a synthetic DPT CSV for an election's region, with planted problems listed "
        "in FILE.truth.csv beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="election code")
        parser.add_argument("--voters", required=True, type=int)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument(
            "--problems-rate", type=float, default=0.01, help="share of rows with a problem"
        )

    def handle(self, *args: Any, **options: Any) -> str:
        code = options["election"]
        election = Election.objects.select_related("region").filter(code=code).first()
        if election is None:
            raise CommandError(f"Pemilihan dengan kode {code!r} tidak ditemukan")
        try:
            result = dpt_generate(
                election=election,
                voters=options["voters"],
                out=Path(options["out"]),
                seed=options["seed"],
                problems_rate=options["problems_rate"],
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from None
        seconds = f"{result.seconds:.1f}".replace(".", ",")
        planted = ", ".join(f"{name} {count}" for name, count in result.planted.items() if count)
        return (
            f"DPT sintetis {result.out.name}: {result.rows} pemilih, {result.tps} TPS, "
            f"{result.villages} desa/kelurahan; ditanam (lihat {result.truth.name}): "
            f"{planted or 'tidak ada'}; {seconds} detik"
        )
