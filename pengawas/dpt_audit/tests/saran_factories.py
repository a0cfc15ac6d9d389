"""Audit runs and findings made directly (without the engine), for the saran and comparison
tests."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.regions.models import Region


def run_done(snapshot: Snapshot, *, region: Region | None = None, checked: int = 0) -> AuditRun:
    return AuditRun.objects.create(
        snapshot=snapshot,
        region=region,
        status=Status.DONE,
        progress=100,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        voters_checked=checked,
    )


def finding_for(
    run: AuditRun, voter: Voter, category: str, detail: str = "", **extra: Any
) -> Finding:
    return Finding.objects.create(
        run=run,
        category=category,
        voter=voter,
        source_line=voter.source_line,
        tps=voter.tps,
        village_id=voter.tps.village_id,
        detail=detail or f"Temuan {category} pada baris {voter.source_line}.",
        **extra,
    )


def sample_findings(run: AuditRun, make_voter: Callable[..., Voter]) -> dict[str, Finding]:
    """Findings in two desa of Wonodadi and one of Udanawu: a duplicate pair, an underage
    voter, an incomplete row, a TPS over capacity and a split family."""
    a = make_voter(name="SITI AMINAH", nik="3505014107800001", nkk="3505010101100001")
    b = make_voter(name="SITI AMINAH", nik="3505014107800001", tps=2, nkk="3505010101100001")
    young = make_voter(name="ADI PUTRA", nik="3505010101080002", village="35.05.01.2002")
    far = make_voter(name="BUDI SANTOSO", nik="3505020202700003", village="35.05.02.2001")
    found = {
        "dup_a": finding_for(run, a, Category.DUPLICATE_NIK, group="DUPLICATE_NIK:1"),
        "dup_b": finding_for(run, b, Category.DUPLICATE_NIK, group="DUPLICATE_NIK:1"),
        "young": finding_for(
            run, young, Category.UNDERAGE, "Berumur 12 tahun pada hari pemungutan suara."
        ),
        "far": finding_for(run, far, Category.INCOMPLETE, "ALAMAT kosong."),
    }
    found["tps"] = Finding.objects.create(
        run=run,
        category=Category.TPS_OVER_CAPACITY,
        tps=a.tps,
        village_id=a.tps.village_id,
        detail="TPS 001 memuat 512 pemilih; batas 500.",
    )
    found["family"] = Finding.objects.create(
        run=run,
        category=Category.FAMILY_SPLIT,
        tps=a.tps,
        village_id=a.tps.village_id,
        nkk="3505010101100001",
        group="FAMILY_SPLIT:3505010101100001",
        detail="Anggota keluarga di TPS 001 dan TPS 002.",
    )
    return found


def jurisdiction_of(user: Any) -> Jurisdiction:
    jurisdiction = user_jurisdiction(user=user)
    assert jurisdiction is not None
    return jurisdiction
