import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.dpt.models import Stage
from pengawas.dpt.services.import_rows import ImportRefused
from pengawas.dpt.services.importing import dpt_import
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_decimal, id_int


class _ProgressBar:
    """A one-line bar on stderr, redrawn at most a few times a second."""

    def __init__(self, total: int, *, unit_is_bytes: bool) -> None:
        self.total = max(total, 1)
        self.unit_is_bytes = unit_is_bytes
        self.started = time.monotonic()
        self.last_drawn = 0.0
        self.interactive = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last_drawn < (0.2 if self.interactive else 5.0):
            return
        self.last_drawn = now
        if self.unit_is_bytes:
            fraction = min(done / self.total, 1.0)
            bar = "#" * int(fraction * 30)
            text = f"[{bar:<30}] {fraction:4.0%}  {id_decimal(now - self.started)} detik"
        else:
            text = f"{id_int(done)} baris  {id_decimal(now - self.started)} detik"
        sys.stderr.write(
            ("\r" if self.interactive else "") + text + ("" if self.interactive else "\n")
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.interactive and self.last_drawn:
            sys.stderr.write("\n")


class Command(BaseCommand):
    help = "Import a KPU voter list (CSV or XLSX) as a new snapshot of an election's list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--election", required=True, help="election code")
        parser.add_argument("--stage", default=Stage.DPT, choices=Stage.values)
        parser.add_argument("--strict", action="store_true", help="abort on the first bad row")
        parser.add_argument("--rejects", type=Path, help="rejects CSV (default: beside FILE)")

    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        election = (
            Election.objects.select_related("region").filter(code=options["election"]).first()
        )
        if election is None:
            raise CommandError(
                f"Pemilihan {options['election']!r} tidak ada. Buat dulu: pengawas election_create"
            )
        is_csv = path.suffix.lower() != ".xlsx"
        bar = _ProgressBar(path.stat().st_size, unit_is_bytes=is_csv)
        try:
            result = dpt_import(
                election=election,
                path=path,
                stage=options["stage"],
                strict=options["strict"],
                rejects_path=options["rejects"],
                progress=bar,
            )
        except ImportRefused as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise CommandError("Impor dihentikan; tidak ada yang ditulis.") from None
        finally:
            bar.close()
        snapshot = result.snapshot
        if not result.created:
            return (
                f"Berkas ini sudah diimpor sebagai snapshot #{snapshot.pk} ({snapshot.stage}, "
                f"{id_int(snapshot.rows_imported)} pemilih); tidak ada yang berubah."
            )
        lines = [
            f"Snapshot #{snapshot.pk} ({snapshot.stage}) untuk {election.code}: "
            f"{id_int(result.rows_imported)} pemilih diimpor, "
            f"{id_int(result.rows_rejected)} baris ditolak, "
            f"{id_int(result.rows_with_invalid_values)} baris dengan nilai tak terbaca "
            f"(disimpan untuk audit), {id_int(result.tps_created)} TPS baru, "
            f"{id_decimal(result.seconds)} detik "
            f"({id_int(round(result.rows_imported / max(result.seconds, 1e-9)))} baris/detik).",
        ]
        if result.rejects_path:
            lines.append(f"Baris yang ditolak beserta alasannya: {result.rejects_path}")
        if result.missing_personal_fields:
            lines.append(
                "Kolom tidak ada di berkas (fitur yang memerlukannya akan memberi tahu): "
                + ", ".join(result.missing_personal_fields)
            )
        if result.ignored_columns:
            lines.append("Kolom diabaikan: " + ", ".join(result.ignored_columns))
        return "\n".join(lines)
