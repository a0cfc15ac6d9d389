from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt_audit import stats
from pengawas.dpt_audit.management.cli import (
    bytes_write_private,
    election_get,
    os_user,
    output_checked,
    region_within,
    snapshot_default,
    snapshot_get,
)
from pengawas.dpt_audit.stats_xlsx import statistics_xlsx
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_int
from pengawas.regions.models import Region

# How deep each kind of region lies, and each level of rows (as views_stats): the workbook
# has one sheet per level below the region.
REGION_DEPTH = {"provinsi": 0, "kabupaten": 1, "kota": 1, "kecamatan": 2, "desa": 3, "kelurahan": 3}
LEVEL_DEPTH: dict[stats.StatLevel, int] = {"kecamatan": 2, "desa": 3, "tps": 4}


def _trail(election: Election, region: Region) -> list[Region]:
    """The regions from the election's down to the one chosen."""
    trail: list[Region] = []
    current: Region | None = region
    while current is not None:
        trail.append(current)
        if current.code == election.region_id:
            break
        current = current.parent
    return list(reversed(trail))


class Command(BaseCommand):
    help = (
        "Tulis statistik daftar pemilih (per kecamatan, desa dan TPS) sebagai XLSX, sama "
        "dengan unduhan halaman statistik."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="kode pemilihan")
        parser.add_argument(
            "--snapshot", type=int, metavar="ID", help="bawaan: DPT terbaru, atau daftar berlaku"
        )
        parser.add_argument(
            "--region", metavar="KODE", help="wilayah di dalam pemilihan (bawaan: seluruhnya)"
        )
        parser.add_argument("--output", required=True, type=Path, metavar="FILE.xlsx")

    def handle(self, *args: Any, **options: Any) -> str:
        election = election_get(options["election"])
        snapshot = (
            snapshot_get(election, options["snapshot"])
            if options["snapshot"] is not None
            else snapshot_default(election)
        )
        region = region_within(election, options["region"] or election.region_id)
        depth = REGION_DEPTH.get(region.level, 0)
        levels = [level for level in stats.LEVELS if LEVEL_DEPTH[level] > depth]
        if not levels:
            raise CommandError(
                f"Wilayah {region.code} {region.name} tidak punya rincian di bawahnya"
            )
        output = output_checked(options["output"])
        trail = _trail(election, region)
        content = statistics_xlsx(
            snapshot=snapshot,
            region_code=region.code,
            region_label=" > ".join(r.name for r in trail),
            levels=levels,
        )
        bytes_write_private(output, content)
        audit_record(
            action=Action.DPT_STATISTICS_EXPORTED,
            target_type="snapshot",
            target_id=str(snapshot.pk),
            target_label=f"{election.code} {snapshot.stage}",
            detail={
                "region": region.code,
                "levels": list(levels),
                "format": "xlsx",
                "os_user": os_user(),
            },
        )
        result = stats.statistics_compute(snapshot=snapshot, region_code=region.code)
        return self._summary(result, region, output)

    def _summary(self, result: stats.Statistics, region: Region, output: Path) -> str:
        totals = result.totals
        snapshot = result.snapshot
        missing = "— (kolomnya tidak ada dalam berkas)"
        ages = result.ages_known
        rows: list[tuple[str, str]] = [
            ("pemilih", id_int(totals.total)),
            ("laki-laki", id_int(totals.male)),
            ("perempuan", id_int(totals.female)),
        ]
        if totals.sex_unknown:
            rows.append(("tanpa jenis kelamin", id_int(totals.sex_unknown)))
        rows += [
            ("pemilih pemula", id_int(totals.first_time) if ages else missing),
            ("lansia", id_int(totals.elderly) if ages else missing),
            ("disabilitas", id_int(totals.disabled) if result.disability_known else missing),
            ("TPS", id_int(totals.tps_count)),
            (f"TPS > {id_int(result.max_voters_per_tps)} pemilih", id_int(totals.tps_over)),
        ]
        lines = [
            f"Statistik {snapshot.stage} #{snapshot.pk} {snapshot.election.code}, "
            f"{region.name} ({region.code}); ditulis ke {output}"
        ]
        lines += [f"  {label:<22} {value:>9}" for label, value in rows]
        return "\n".join(lines)
