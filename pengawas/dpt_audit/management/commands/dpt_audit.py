import getpass
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt.models import Snapshot, Stage
from pengawas.dpt_audit.engine import audit_execute
from pengawas.dpt_audit.models import AuditRun, Category
from pengawas.dpt_audit.report_json import findings_json
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_decimal, id_int
from pengawas.regions.models import Level, Region

FORMATS = ("json", "xlsx", "pdf")


class _Progress:
    """One line on stderr: redrawn in place on a terminal, a line every few seconds otherwise."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = 0.0
        self.interactive = sys.stderr.isatty()
        self.drawn = False

    def __call__(self, percent: int, note: str) -> None:
        now = time.monotonic()
        if percent < 100 and now - self.last < (0.2 if self.interactive else 5.0):
            return
        self.last = now
        bar = "#" * (percent * 30 // 100)
        text = f"[{bar:<30}] {percent:3d}%  {note}  {id_decimal(now - self.started)} detik"
        if self.interactive:
            sys.stderr.write("\r" + text.ljust(100))
            self.drawn = True
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class Command(BaseCommand):
    help = (
        "Audit daftar pemilih sebuah pemilihan (seluruhnya atau bagian satu kecamatan) dan "
        "tulis temuannya sebagai JSON, XLSX atau PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="kode pemilihan")
        parser.add_argument(
            "--snapshot", type=int, help="nomor daftar (bawaan: DPT terbaru, atau daftar terbaru)"
        )
        parser.add_argument("--region", help="kode kecamatan, mis. 35.05.01 (bawaan: semua)")
        parser.add_argument("--format", required=True, choices=FORMATS, help="bentuk keluaran")
        parser.add_argument("--output", required=True, type=Path, help="berkas keluaran")

    def handle(self, *args: Any, **options: Any) -> str:
        election = self._election(options["election"])
        snapshot = self._snapshot(election, options["snapshot"])
        region = self._region(election, options["region"])
        output: Path = options["output"]
        fmt: str = options["format"]
        writer = self._writer(fmt)
        parent = output.resolve().parent
        if not parent.is_dir() or not os.access(parent, os.W_OK) or output.is_dir():
            raise CommandError(f"Berkas keluaran tidak dapat ditulis: {output}")

        run = AuditRun.objects.create(
            snapshot=snapshot, region=region, requested_by_name=_os_user()
        )
        started = time.monotonic()
        progress = _Progress()
        try:
            audit_execute(run=run, on_progress=progress)
        finally:
            progress.close()
        seconds = time.monotonic() - started
        audit_record(
            action=Action.DPT_AUDIT_RUN,
            target_type="dpt_audit.auditrun",
            target_id=str(run.pk),
            target_label=str(run),
            detail={
                "snapshot": snapshot.pk,
                "region": region.code if region else None,
                "format": fmt,
                "voters_checked": run.voters_checked,
                "findings": sum(run.summary.values()),
                "os_user": run.requested_by_name,
            },
        )
        try:
            if fmt == "json":
                with output.open("w", encoding="utf-8") as handle:
                    findings_json(run=run, out=handle)
            else:
                with output.open("wb") as binary:
                    writer(run=run, out=binary)
        except OSError as exc:
            raise CommandError(
                f"Berkas keluaran {output} tidak dapat ditulis: {exc.strerror or exc}"
            ) from None
        return self._summary(run, output, seconds)

    def _election(self, code: str) -> Election:
        election = Election.objects.select_related("region").filter(code=code).first()
        if election is None:
            raise CommandError(f"Pemilihan dengan kode {code!r} tidak ditemukan")
        return election

    def _snapshot(self, election: Election, snapshot_id: int | None) -> Snapshot:
        snapshots = Snapshot.objects.filter(election=election)
        if snapshot_id is not None:
            found = snapshots.filter(pk=snapshot_id).first()
            if found is None:
                raise CommandError(
                    f"Daftar pemilih (snapshot) #{snapshot_id} tidak ada pada pemilihan "
                    f"{election.code}"
                )
            return found
        latest = (
            snapshots.filter(stage=Stage.DPT).order_by("-imported_at", "-pk").first()
            or snapshots.order_by("-imported_at", "-pk").first()
        )
        if latest is None:
            raise CommandError(
                f"Pemilihan {election.code} belum punya daftar pemilih; impor dulu: "
                "pengawas dpt_import"
            )
        return latest

    def _region(self, election: Election, code: str | None) -> Region | None:
        if code is None:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None or region.level != Level.KECAMATAN:
            raise CommandError(f"Kecamatan dengan kode {code!r} tidak ditemukan")
        if not code.startswith(election.region_id + "."):
            raise CommandError(
                f"Kecamatan {code} {region.name} tidak termasuk wilayah pemilihan {election.code}"
            )
        return region

    def _writer(self, fmt: str) -> Any:
        """The XLSX or PDF writer (report_xlsx / report_pdf); None for JSON."""
        if fmt == "json":
            return None
        module_name = f"pengawas.dpt_audit.report_{fmt}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            raise CommandError(f"Format {fmt} belum tersedia pada instalasi ini") from None
        return getattr(module, f"findings_{fmt}")

    def _summary(self, run: AuditRun, output: Path, seconds: float) -> str:
        lines = [
            f"Audit #{run.pk}: {id_int(run.voters_checked)} pemilih diperiksa dalam "
            f"{id_decimal(seconds)} detik; temuan ditulis ke {output}"
        ]
        labels = dict(Category.choices)
        for category, count in run.summary.items():
            lines.append(f"  {category:<20} {id_int(count):>8}  {labels[category]}")
        lines.append(f"  {'jumlah':<20} {id_int(sum(run.summary.values())):>8}")
        for skipped in run.rules_not_run:
            lines.append(f"  tidak dijalankan: {skipped['category']}: {skipped['reason']}")
        return "\n".join(lines)
