"""The findings of an audit run as JSON, written as a stream (one finding at a time).

    {"election": "pilbup-blitar-2020", "snapshot": 12, "generated_at": "2020-10-16T09:00:00+07:00",
     "rules_not_run": [{"category": "NIK_REGION", "reason": "…"}],
     "summary": {"NIK_FORMAT": 3, …},
     "findings": [{"category": "NIK_BIRTHDATE", "nik": "3505014107800001", "source_line": 12,
                   "tps": "TPS 003", "desa": "35.05.01.2001 Jaten", "group": "",
                   "nkk": null, "detail": "NIK memuat tanggal …"}, …]}

- `election` is the election's code, `snapshot` the snapshot's id.
- `nik` is the voter's full NIK as the list has it (this is an export for Bawaslu; each
  download is recorded in the audit trail by the caller); null for findings about a TPS or
  a family.
- `tps` is the TPS label ("TPS 003") and `desa` the Kemendagri code and name of its
  desa/kelurahan, so that TPS 003 of two desa are told apart.
- Findings about a TPS (TPS_OVER_CAPACITY) carry the TPS and no row (`nik` and
  `source_line` null); findings about a family (FAMILY_SPLIT) carry the NKK in `nkk` and
  no row or TPS (the TPS are named in `detail`). `nkk` is null on every other finding.
- `group` ties the rows of one group: "DUPLICATE_NIK:3", "DUPLICATE_IDENTITY:7", …
- Findings come by category (in the order of models.Category), then by desa, TPS and line.
"""

import json
from typing import Any, TextIO

from django.utils import timezone

from pengawas.dpt_audit.models import AuditRun, Category, Finding


def _finding_rows(run: AuditRun) -> Any:
    for category in Category.values:
        rows = (
            Finding.objects.filter(run=run, category=category)
            .order_by("village_id", "tps__number", "source_line", "pk")
            .values_list(
                "category",
                "voter__nik",
                "source_line",
                "tps__number",
                "village_id",
                "village__name",
                "group",
                "nkk",
                "detail",
            )
        )
        yield from rows.iterator(chunk_size=2000)


def findings_json(*, run: AuditRun, out: TextIO) -> None:
    """Write the run's findings as JSON to `out` (see the module's docstring)."""
    snapshot = run.snapshot
    head = {
        "election": snapshot.election.code,
        "snapshot": snapshot.pk,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "rules_not_run": run.rules_not_run,
        "summary": run.summary,
    }
    text = json.dumps(head, ensure_ascii=False)
    out.write(text[:-1] + ', "findings": [')
    first = True
    for category, nik, line, tps_number, village, village_name, group, nkk, detail in _finding_rows(
        run
    ):
        item = {
            "category": category,
            "nik": nik,
            "source_line": line,
            "tps": f"TPS {tps_number:03d}" if tps_number is not None else None,
            "desa": f"{village} {village_name}" if village else None,
            "group": group,
            "nkk": nkk or None,
            "detail": detail,
        }
        out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
        first = False
    out.write("\n]}\n")
