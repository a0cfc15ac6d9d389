import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.incidents.grounds import TYPES, IncidentError, ulang_check


class Command(BaseCommand):
    help = (
        "Periksa apakah kejadian di satu TPS menjadi dasar penghitungan suara ulang atau "
        'pemungutan suara ulang. Berkas: {"election_kind": "pilkada"|"pemilu", '
        '"incidents": [{"code", "count"}]}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.json", help="berkas kejadian ('-': stdin)")
        parser.add_argument(
            "--format", choices=["json", "teks"], default="json", help="bentuk keluaran"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = self._read(options["file"])
        if not isinstance(data, dict):
            raise CommandError('Isi berkas harus objek {"election_kind", "incidents"}.')
        try:
            kind: Any = data.get("election_kind")
            incidents: Any = data.get("incidents")
            answer = ulang_check(election_kind=kind, incidents=incidents)
        except IncidentError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        titles = {"recount": "Penghitungan suara ulang", "revote": "Pemungutan suara ulang"}
        for section, title in titles.items():
            verdict = "ADA DASAR" if answer[section]["grounded"] else "tidak ada dasar"
            self.stdout.write(f"{title}: {verdict}")
            for ground in answer[section]["grounds"]:
                mark = "+" if ground["grounded"] else "-"
                label = TYPES[ground["code"]].label
                self.stdout.write(f"  {mark} {ground['code']} ({label})\n    {ground['basis']}")

    def _read(self, name: str) -> Any:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Berkas {name} tidak dapat dibaca: {error.strerror}") from None
        try:
            return json.loads(text)
        except ValueError as error:
            raise CommandError(f"Berkas {name} bukan JSON yang sah: {error}") from None
