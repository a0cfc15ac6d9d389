import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pengawas.archive.models import RetentionOutcome
from pengawas.archive.services_retention import retention_report


class Command(BaseCommand):
    help = (
        "List the records due for penyusutan (JRA retention ended), grouped by "
        "classification and year with their outcome, and those under legal hold apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to count to (today)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError("--as-of harus berbentuk YYYY-MM-DD.") from error
        report = retention_report(as_of=as_of)
        self.stdout.write(f"Penyusutan arsip per {as_of.isoformat()} (JRA, Perbawaslu 21/2014)")
        self.stdout.write(
            "Aturan: arsip jatuh tempo pada 1 Januari setelah masa simpannya habis, dihitung "
            "dalam tahun penuh sesudah tahun pembuatannya."
        )
        for group in report.groups:
            self.stdout.write(
                f"\n{group.classification} {group.classification_name} · tahun {group.year} · "
                f"{group.outcome_label} ({len(group.records)} arsip)"
            )
            for record in group.records:
                self.stdout.write(
                    f"  #{record.pk}  {record.number or '-'}  {record.date.isoformat()}  "
                    f"{record.region_id}"
                )
        if report.held:
            self.stdout.write(f"\nDitahan untuk proses hukum ({len(report.held)} arsip):")
            for record in report.held:
                self.stdout.write(
                    f"  #{record.pk}  {record.number or '-'}  {record.classification_id}  "
                    f"{record.date.isoformat()}"
                )
        counts = report.count_by_outcome()
        self.stdout.write(
            f"\nRingkasan: {report.due_count} arsip jatuh tempo — "
            f"{counts[RetentionOutcome.MUSNAH]} musnah, "
            f"{counts[RetentionOutcome.DINILAI_KEMBALI]} dinilai kembali, "
            f"{counts[RetentionOutcome.PERMANEN]} permanen; {len(report.held)} ditahan."
        )
