"""Audit runs with findings made by hand, for the tests of the web pages and the files
(the engine's own tests run real audits)."""

import datetime
from collections import Counter
from collections.abc import Callable

from django.utils import timezone

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.elections.models import Tps
from pengawas.regions.models import Region

# Fictitious NIKs (kecamatan 99 does not exist in Kabupaten Blitar).
NIK_A = "3505994101800001"
NIK_B = "3505995202900002"
NKK_A = "3505990101100001"
JATEN = "35.05.01.2001"  # Wonodadi
SALAM = "35.05.01.2002"  # Wonodadi
FAR_DESA = "35.05.02.2001"  # Udanawu


def run_done(
    *,
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    region: Region | None = None,
    extra_underage: int = 0,
) -> AuditRun:
    """A finished run: a NIK duplicated across two desa of Wonodadi, an underage voter in
    Udanawu whose name would be a formula in a spreadsheet, a family split in Jaten, an
    overfull TPS; `extra_underage` more UNDERAGE findings in Jaten (for paging)."""
    run = AuditRun.objects.create(
        snapshot=snapshot,
        region=region,
        status=Status.DONE,
        progress=100,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        voters_checked=1234,
        rules_not_run=[
            {"category": "NIK_REGION", "reason": "Tabel wilayah nasional belum dimuat."}
        ],
    )
    one = make_voter(name="SITI AMINAH", nik=NIK_A, nkk=NKK_A, village=JATEN, tps=1)
    two = make_voter(name="SITI AMINAH", nik=NIK_A, nkk=NKK_A, village=SALAM, tps=2)
    young = make_voter(
        name='=HYPERLINK("http://x")',
        nik=NIK_B,
        village=FAR_DESA,
        tps=4,
        birth_date=datetime.date(2005, 1, 1),
        marital_status="B",
    )
    findings = [
        Finding(run=run, category=Category.DUPLICATE_NIK, voter=voter, source_line=voter.source_line,
                tps=voter.tps, village_id=voter.tps.village_id, group="DUPLICATE_NIK:1",
                detail="NIK yang sama tercatat 2 kali.")
        for voter in (one, two)
    ]  # fmt: skip
    findings.append(
        Finding(run=run, category=Category.UNDERAGE, voter=young, source_line=young.source_line,
                tps=young.tps, village_id=FAR_DESA, detail="Berumur 15 tahun pada hari pemungutan suara dan belum kawin.")
    )  # fmt: skip
    tps1 = Tps.objects.get(election=snapshot.election, village_id=JATEN, number=1)
    findings.append(
        Finding(run=run, category=Category.FAMILY_SPLIT, nkk=NKK_A, village_id=JATEN, tps=tps1,
                group="FAMILY_SPLIT:1", detail="Anggota keluarga di TPS 001 dan TPS 002.")
    )  # fmt: skip
    findings.append(
        Finding(run=run, category=Category.TPS_OVER_CAPACITY, tps=tps1, village_id=JATEN,
                detail="512 pemilih; paling banyak 500.")
    )  # fmt: skip
    for number in range(extra_underage):
        voter = make_voter(name=f"ANAK KE {number}", nik=f"35059901011{number:05d}", village=JATEN)
        findings.append(
            Finding(run=run, category=Category.UNDERAGE, voter=voter, source_line=voter.source_line,
                    tps=voter.tps, village_id=JATEN, detail="Belum 17 tahun dan belum kawin.")
        )  # fmt: skip
    Finding.objects.bulk_create(findings)
    run.summary = dict(Counter(str(finding.category) for finding in findings))
    run.save(update_fields=["summary"])
    return run
