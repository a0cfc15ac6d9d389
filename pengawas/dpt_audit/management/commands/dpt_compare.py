import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.sources import escape_cell
from pengawas.dpt_audit import compare
from pengawas.dpt_audit.management.cli import (
    election_get,
    os_user,
    output_checked,
    region_within,
    snapshot_get,
    text_private,
)
from pengawas.dpt_audit.models import Category
from pengawas.lib.numbers import id_int

FORMATS = ("json", "csv")
# Rows read per query: the lists are walked in primary-key order, CHUNK rows at a time.
CHUNK = 1000
# compare.py's words (the web's) → the JSON's.
KIND_NAMES = {"tambah": "added", "hapus": "removed", "ubah": "changed"}
STATUS_NAMES = {"selesai": "fixed", "tetap": "open", "baru": "new"}
CSV_HEADER = ["jenis", "nik", "nama", "tps_sebelum", "tps_sesudah", "kolom_berubah", "baris"]


@dataclass(frozen=True)
class Change:
    """One voter added, removed or changed, with full NIK (an internal export)."""

    kind: str  # tambah, hapus, ubah
    nik: str
    name: str
    tps_before: str
    tps_after: str
    fields: list[str]  # labels of the fields that changed (compare.COMPARED)
    source_line: int  # the row in the earlier file (the later one for an added voter)


def changes(comparison: compare.Comparison, kind: str) -> Iterator[Change]:
    """The voters of one kind, by the comparison's own SQL, CHUNK rows at a time."""
    last = 0
    while True:
        rows = list(
            comparison.query(kind)
            .filter(pk__gt=last)
            .select_related("tps__village")
            .order_by("pk")[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1].pk
        partners = compare.voter_partners(comparison, rows) if kind == "ubah" else {}
        for voter in rows:
            yield _change(comparison, kind, voter, partners)


def _change(
    comparison: compare.Comparison, kind: str, voter: Voter, partners: dict[Any, list[Voter]]
) -> Change:
    place = compare.voter_value(voter, "tps")
    before, after, labels = place, "", []
    if kind == "tambah":
        before, after = "", place
    elif kind == "ubah":
        options = partners.get(compare.voter_match_key(comparison, voter), [])
        if options:
            diffs = [
                (compare.voter_differences(comparison, voter, other), other) for other in options
            ]
            nearest, other = min(diffs, key=lambda pair: len(pair[0]))
            labels = [label for label, _old, _new in nearest]
            after = compare.voter_value(other, "tps")
    return Change(
        kind=kind,
        nik=voter.nik,
        name=voter.name,
        tps_before=before,
        tps_after=after,
        fields=labels,
        source_line=voter.source_line,
    )


def _snapshot_json(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "id": snapshot.pk,
        "stage": snapshot.stage,
        "source_name": snapshot.source_name,
        "imported_at": snapshot.imported_at.isoformat(),
    }


class Command(BaseCommand):
    help = (
        "Bandingkan dua daftar pemilih satu pemilihan: pemilih bertambah, terhapus, berubah "
        "(NIK lengkap) dan tindak lanjut temuan audit, sebagai JSON atau CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="kode pemilihan")
        parser.add_argument(
            "--from", required=True, type=int, dest="before", metavar="SNAPSHOT_ID",
            help="daftar sebelumnya (mis. DPS)",
        )  # fmt: skip
        parser.add_argument(
            "--to", required=True, type=int, dest="after", metavar="SNAPSHOT_ID",
            help="daftar sesudahnya (mis. DPT)",
        )  # fmt: skip
        parser.add_argument("--region", metavar="KODE", help="kode kecamatan (bawaan: semua)")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", required=True, type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> str:
        election = election_get(options["election"])
        before = snapshot_get(election, options["before"])
        after = snapshot_get(election, options["after"])
        if before.pk == after.pk:
            raise CommandError("Pilih dua daftar pemilih yang berbeda (--from dan --to sama)")
        region = (
            region_within(election, options["region"], kecamatan_only=True)
            if options["region"]
            else None
        )
        output = output_checked(options["output"])
        fmt: str = options["format"]
        comparison = compare.Comparison(
            before=before, after=after, region_code=region.code if region else None
        )
        counts = comparison.counts()
        follow = compare.follow_up(before, after, comparison.region_code)
        findings = {
            category: {STATUS_NAMES[status]: n for status, n in row.items()}
            for category, row in sorted(follow.counts.items())
        }
        if fmt == "csv":
            with text_private(output, encoding="utf-8-sig") as handle:
                self._csv(comparison, handle)
        else:
            head = {
                "election": election.code,
                "region": comparison.region_code,
                "from": _snapshot_json(before),
                "to": _snapshot_json(after),
                **{KIND_NAMES[kind]: counts[kind] for kind in compare.KINDS},
                "fields_compared": [compare.COMPARED[n] for n in comparison.fields_compared],
                "audit_runs": {
                    "from": follow.before_run.pk if follow.before_run else None,
                    "to": follow.after_run.pk if follow.after_run else None,
                },
                "findings": findings,
            }
            with text_private(output) as handle:
                self._json(comparison, head, handle)
        audit_record(
            action=Action.DPT_AUDIT_EXPORTED,
            target_type="snapshot",
            target_id=str(after.pk),
            target_label=f"{election.code} {before.stage} #{before.pk} → {after.stage} #{after.pk}",
            detail={
                "document": "perbandingan",
                "format": fmt,
                "from": before.pk,
                "to": after.pk,
                "region": comparison.region_code,
                **{KIND_NAMES[kind]: counts[kind] for kind in compare.KINDS},
                "os_user": os_user(),
            },
        )
        return self._summary(comparison, counts, follow, output)

    def _csv(self, comparison: compare.Comparison, handle: IO[str]) -> None:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for kind in compare.KINDS:
            for change in changes(comparison, kind):
                writer.writerow(
                    [
                        change.kind,
                        change.nik,
                        escape_cell(change.name),
                        escape_cell(change.tps_before),
                        escape_cell(change.tps_after),
                        "; ".join(change.fields),
                        change.source_line,
                    ]
                )

    def _json(self, comparison: compare.Comparison, head: dict[str, Any], handle: IO[str]) -> None:
        """The head as one object, then the voters written one by one."""
        opening = json.dumps({**head, "voters": []}, ensure_ascii=False, indent=1)
        handle.write(opening[: opening.rindex("[") + 1])
        first = True
        for kind in compare.KINDS:
            for change in changes(comparison, kind):
                item = {
                    "kind": KIND_NAMES[change.kind],
                    "nik": change.nik,
                    "name": change.name,
                    "tps_before": change.tps_before or None,
                    "tps_after": change.tps_after or None,
                    "fields_changed": change.fields,
                    "source_line": change.source_line,
                }
                handle.write(("\n  " if first else ",\n  ") + json.dumps(item, ensure_ascii=False))
                first = False
        handle.write("\n ]\n}\n" if not first else "]\n}\n")

    def _summary(
        self,
        comparison: compare.Comparison,
        counts: dict[str, int],
        follow: compare.FollowUp,
        output: Path,
    ) -> str:
        before, after = comparison.before, comparison.after
        scope = f" (kecamatan {comparison.region_code})" if comparison.region_code else ""
        lines = [
            f"Perbandingan {before.stage} #{before.pk} → {after.stage} #{after.pk}{scope}; "
            f"ditulis ke {output}",
            f"  bertambah {id_int(counts['tambah']):>8}",
            f"  terhapus  {id_int(counts['hapus']):>8}",
            f"  berubah   {id_int(counts['ubah']):>8}",
        ]
        if follow.before_run is None or follow.after_run is None:
            lines.append(
                "Tindak lanjut temuan: tidak dihitung; kedua daftar perlu audit yang selesai "
                "atas bagian daftar yang sama (pengawas dpt_audit)"
            )
            return "\n".join(lines)
        lines.append(
            f"Tindak lanjut temuan (audit #{follow.before_run.pk} → #{follow.after_run.pk}): "
            "selesai / tetap / baru"
        )
        labels = dict(Category.choices)
        for category, row in sorted(follow.counts.items()):
            lines.append(
                f"  {category:<20} {id_int(row['selesai']):>6} {id_int(row['tetap']):>6} "
                f"{id_int(row['baru']):>6}  {labels.get(category, category)}"
            )
        return "\n".join(lines)
