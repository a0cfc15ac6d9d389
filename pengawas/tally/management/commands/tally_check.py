import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.tally.checks import sheet_check


class Command(BaseCommand):
    help = (
        "Periksa satu lembar C.Hasil-KWK (JSON) dan cetak temuannya. Kode keluar 0 bila "
        "lembar terbaca, ada temuan atau tidak."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas JSON satu lembar C.Hasil ('-': stdin)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Berkas {path} tidak dapat dibaca: {error}") from error
        try:
            sheet = json.loads(text)
        except ValueError as error:
            raise CommandError(f"Berkas {path} bukan JSON yang sah: {error}") from error
        if not isinstance(sheet, dict):
            raise CommandError(f"Berkas {path} harus berisi satu objek JSON (satu lembar C.Hasil).")
        findings = sheet_check(sheet)
        if options["format"] == "json":
            payload = {"findings": [finding.as_dict() for finding in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not findings:
            self.stdout.write("Tidak ada temuan: angka lembar C.Hasil sesuai.")
        for finding in findings:
            self.stdout.write(f"{finding.severity.upper()} {finding.code}: {finding.message}")
