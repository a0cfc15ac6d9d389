import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.elections.services import election_create


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Tanggal harus berbentuk YYYY-MM-DD, bukan {value!r}") from None


class Command(BaseCommand):
    help = "Create an election (pemilihan) with its rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=["pilkada", "pemilu"])
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 35.05")
        parser.add_argument("--voting-day", required=True, type=_date)
        parser.add_argument("--max-voters-per-tps", type=int)

    def handle(self, *args: Any, **options: Any) -> str:
        try:
            election = election_create(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                region_code=options["region"],
                voting_day=options["voting_day"],
                max_voters_per_tps=options["max_voters_per_tps"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        return (
            f"Pemilihan {election.code} dibuat: {election.name}, {election.get_kind_display()}, "
            f"wilayah {election.region.code} {election.region.name}, hari pemungutan "
            f"{election.voting_day:%d-%m-%Y}, maksimal {election.max_voters_per_tps} pemilih/TPS, "
            f"daftar pemilih {', '.join(election.voter_list_names)}"
        )
