from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.regions.services import BLITAR_REGIONS_FILE, RegionFileError, region_load


class Command(BaseCommand):
    help = "Load Kemendagri regions from a kode,nama,tingkat,induk CSV (default: Kabupaten Blitar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=BLITAR_REGIONS_FILE)

    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            result = region_load(path=path)
        except RegionFileError as exc:
            raise CommandError(f"Wilayah tidak dimuat, tidak ada yang diubah:\n{exc}") from None
        added = f" (provinsi ditambahkan: {', '.join(result.provinces_added)})"
        return (
            f"Wilayah dari {path.name}: {result.created} baru, {result.updated} diperbarui, "
            f"{result.unchanged} tidak berubah" + (added if result.provinces_added else "")
        )
