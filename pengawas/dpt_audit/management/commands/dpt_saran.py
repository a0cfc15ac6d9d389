import datetime
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pengawas.accounts.roles import Jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.cases.deadlines import jakarta_date
from pengawas.dpt_audit import saran
from pengawas.dpt_audit.management.cli import bytes_write_private, os_user, user_acting
from pengawas.dpt_audit.models import AuditRun, Category
from pengawas.dpt_audit.rules_access import can_audit, runs_visible
from pengawas.dpt_audit.services_saran import (
    SaranRefused,
    SaranResult,
    Selection,
    issuer_for,
    saran_create,
)
from pengawas.lib.numbers import id_int
from pengawas.regions.models import Region

# The web form's limits (views_saran.SaranForm).
ADDRESSEE_MAX = 200
SIGNER_MAX = 120


class Command(BaseCommand):
    help = (
        "Buat surat saran perbaikan (PDF) dan lembar temuannya (XLSX) dari temuan audit DPT "
        "yang selesai, sebagai seorang pengguna; diarsipkan bila arsip punya kunci."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", required=True, type=int, metavar="ID", help="nomor audit")
        parser.add_argument("--user", required=True, help="nama pengguna yang aturannya berlaku")
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            choices=Category.values,
            metavar="KATEGORI",
            help="hanya temuan kategori ini (boleh diulang; bawaan: semua)",
        )
        parser.add_argument(
            "--desa", action="append", default=[], metavar="KODE", help="hanya temuan desa ini"
        )
        parser.add_argument("--addressee", help="Kepada (Yth.); bawaan: Ketua KPU/PPK")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="tanggal surat; bawaan: hari ini")
        parser.add_argument("--signer", default="", help="nama penanda tangan (Ketua)")
        parser.add_argument("--output-dir", required=True, type=Path, metavar="FOLDER")

    def handle(self, *args: Any, **options: Any) -> str:
        user, jurisdiction = user_acting(options["user"])
        if not can_audit(jurisdiction):
            raise CommandError(
                f"Pengguna {user.username!r} tidak boleh membuat saran perbaikan DPT "
                "(hanya Bawaslu Kabupaten/Kota dan Panwascam)"
            )
        run = self._run(jurisdiction, options["run"])
        selection = self._selection(options["category"], options["desa"])
        fields = self._fields(options, jurisdiction, run)
        folder: Path = options["output_dir"]
        pdf_path = folder / f"saran-perbaikan-audit-{run.pk}.pdf"
        xlsx_path = folder / f"saran-perbaikan-audit-{run.pk}-temuan.xlsx"
        self._check_folder(folder, (pdf_path, xlsx_path))
        try:
            result = saran_create(
                user=user, jurisdiction=jurisdiction, run=run, selection=selection, fields=fields
            )
        except SaranRefused as refused:
            raise CommandError(str(refused)) from None
        bytes_write_private(pdf_path, result.pdf)
        bytes_write_private(xlsx_path, result.xlsx)
        for kind in ("pdf", "xlsx"):  # as each download from the web is recorded
            audit_record(
                action=Action.DPT_AUDIT_EXPORTED,
                actor=user,
                target_type="dpt_audit_run",
                target_id=str(run.pk),
                target_label=f"audit {run.pk}",
                detail={
                    "document": f"saran-{kind}",
                    "findings": result.letter.total,
                    "os_user": os_user(),
                },
            )
        return self._summary(run, result, pdf_path, xlsx_path)

    def _run(self, jurisdiction: Jurisdiction, run_id: int) -> AuditRun:
        runs = AuditRun.objects.select_related(
            "snapshot__election__region__parent", "region__parent"
        )
        run = runs_visible(jurisdiction, runs).filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"Audit #{run_id} tidak ada atau di luar wilayah pengguna ini")
        return run

    def _selection(self, categories: list[str], desa: list[str]) -> Selection:
        codes = sorted({code.strip() for code in desa if code.strip()})
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
        for code in codes:
            if code not in known:
                raise CommandError(f"Desa dengan kode {code!r} tidak ditemukan")
        return Selection(categories=tuple(sorted(set(categories))), desa=tuple(codes))

    def _fields(
        self, options: dict[str, Any], jurisdiction: Jurisdiction, run: AuditRun
    ) -> saran.LetterFields:
        addressee = (options["addressee"] or "").strip()
        if not addressee:
            addressee = issuer_for(jurisdiction=jurisdiction, run=run).addressee_default
        signer = (options["signer"] or "").strip()
        if len(addressee) > ADDRESSEE_MAX:
            raise CommandError(f"--addressee terlalu panjang (paling banyak {ADDRESSEE_MAX} huruf)")
        if len(signer) > SIGNER_MAX:
            raise CommandError(f"--signer terlalu panjang (paling banyak {SIGNER_MAX} huruf)")
        day = jakarta_date(timezone.now())
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"Tanggal surat {options['date']!r} tidak terbaca; tulis YYYY-MM-DD"
                ) from None
            if not 2000 <= day.year <= 2100:
                raise CommandError("Tanggal surat tidak masuk akal.")
        return saran.LetterFields(addressee=addressee, day=day, signer=signer)

    def _check_folder(self, folder: Path, paths: tuple[Path, ...]) -> None:
        """Before anything is made: nothing is numbered or archived for a file that cannot
        be written, and an earlier letter is never overwritten."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(
                f"Folder {folder} tidak dapat dibuat: {exc.strerror or exc}"
            ) from None
        for path in paths:
            if path.exists():
                raise CommandError(f"{path} sudah ada; pilih folder lain atau pindahkan dulu")
        probe = folder / ".pengawas-tulis"
        try:
            probe.touch()
            probe.unlink()
        except OSError as exc:
            raise CommandError(
                f"Folder {folder} tidak dapat ditulis: {exc.strerror or exc}"
            ) from None

    def _summary(self, run: AuditRun, result: SaranResult, pdf_path: Path, xlsx_path: Path) -> str:
        letter = result.letter
        lines = [
            f"Saran perbaikan dari audit #{run.pk}: {id_int(letter.total)} temuan, "
            f"nomor surat {letter.number}",
            f"  surat (PDF):   {pdf_path}",
            f"  temuan (XLSX): {xlsx_path}",
        ]
        if result.record is not None:
            lines.append(
                f"Diarsipkan: arsip #{result.record.pk}"
                + (f" nomor {result.record.number}" if result.record.number else "")
                + f", {len(result.files)} berkas"
            )
        else:
            lines.append(f"Tidak diarsipkan: {result.not_archived_reason}")
        counts = Counter(row.category for group in letter.annex for row in group.rows)
        labels = dict(Category.choices)
        for category in saran.categories_ordered(counts):
            lines.append(f"  {category:<20} {id_int(counts[category]):>8}  {labels[category]}")
        return "\n".join(lines)
