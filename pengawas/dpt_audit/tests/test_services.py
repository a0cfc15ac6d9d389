"""Starting audits (who may audit which part of which list) and reading their findings."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from pengawas.accounts.roles import Role
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit import tasks
from pengawas.dpt_audit.models import AuditRun, Category, Status
from pengawas.dpt_audit.services import (
    AuditRunRefused,
    audit_run_create,
    audit_run_start,
    category_info,
    findings_iter,
    findings_page,
    findings_villages,
    run_summary,
    snapshot_default,
)
from pengawas.dpt_audit.tests.runs_factory import FAR_DESA, JATEN, NIK_A, run_done
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_default_list_is_the_latest_dpt_else_the_latest(election: Election) -> None:
    assert snapshot_default(election=election) is None
    dps = snapshot_for_test(election, stage="DPS")
    assert snapshot_default(election=election) == dps
    dpt = snapshot_for_test(election, stage="DPT")
    snapshot_for_test(election, stage="DPSHP")  # newer, but the DPT outranks it
    assert snapshot_default(election=election) == dpt


def test_a_panwascam_audits_their_own_kecamatan_whatever_they_ask(
    snapshot: Snapshot, make_user: Callable[..., User]
) -> None:
    panwascam = make_user(Role.PANWASCAM)
    udanawu = Region.objects.get(code="35.05.02")
    run = audit_run_create(user=panwascam, election=snapshot.election, region=udanawu)
    assert run.region_id == "35.05.01"
    assert (run.snapshot, run.status, run.requested_by) == (snapshot, Status.QUEUED, panwascam)
    run = audit_run_create(user=panwascam, election=snapshot.election)
    assert run.region_id == "35.05.01"


def test_bawaslu_audits_the_whole_list_or_one_kecamatan(
    snapshot: Snapshot, make_user: Callable[..., User]
) -> None:
    komisioner = make_user(Role.KOMISIONER)
    whole = audit_run_create(user=komisioner, election=snapshot.election)
    assert whole.region is None and whole.snapshot == snapshot
    one = audit_run_create(
        user=komisioner, election=snapshot.election, region=Region.objects.get(code="35.05.02")
    )
    assert one.region_id == "35.05.02"
    for code in ("35.05.01.2001", "35.05"):  # a desa, the kabupaten: not a kecamatan
        with pytest.raises(AuditRunRefused) as refused:
            audit_run_create(
                user=komisioner, election=snapshot.election, region=Region.objects.get(code=code)
            )
        assert refused.value.field == "region"


def test_the_run_is_recorded_in_the_audit_trail(
    snapshot: Snapshot, make_user: Callable[..., User]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    run = audit_run_create(user=staff, election=snapshot.election)
    entry = AuditEntry.objects.get(action=Action.DPT_AUDIT_RUN)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        staff.pk,
        "dpt_audit_run",
        str(run.pk),
    )
    assert entry.detail == {"election": "pilbup-blitar-2020", "snapshot": snapshot.pk, "region": ""}


def test_refusals(election: Election, snapshot: Snapshot, make_user: Callable[..., User]) -> None:
    komisioner = make_user(Role.KOMISIONER)
    other = election_create(
        code="pilgub-jatim-2020-uji",
        name="Uji: pemilihan lain",
        kind="pilkada",
        region_code="35.05",
        voting_day=election.voting_day,
        max_voters_per_tps=500,
    )
    with pytest.raises(AuditRunRefused) as refused:
        audit_run_create(user=komisioner, election=other)  # no list yet
    assert refused.value.field == "snapshot"
    with pytest.raises(AuditRunRefused) as refused:
        audit_run_create(user=komisioner, election=other, snapshot=snapshot)  # not its list
    assert "bukan milik" in refused.value.message
    for role in (Role.PKD, Role.PTPS):
        with pytest.raises(AuditRunRefused):
            audit_run_create(user=make_user(role), election=election)
    # An election of another kabupaten/kota is out of sight; a province-wide one is seen, but
    # Bawaslu of a kabupaten audits one of its own kecamatan of it, never the whole list.
    province, _ = Region.objects.get_or_create(
        code="35", defaults={"name": "Jawa Timur", "level": "provinsi", "name_key": "JAWATIMUR"}
    )
    kota = Region.objects.create(
        code="35.72", name="Kota Blitar", level="kota", parent=province, name_key="KOTABLITAR"
    )
    far = election_create(
        code="pilwali-blitar-uji",
        name="Uji: pemilihan di Kota Blitar",
        kind="pilkada",
        region_code=kota.code,
        voting_day=election.voting_day,
        max_voters_per_tps=500,
    )
    snapshot_for_test(far)
    for user in (komisioner, make_user(Role.PANWASCAM)):
        with pytest.raises(AuditRunRefused) as refused:
            audit_run_create(user=user, election=far)
        assert refused.value.field == "election"
    wide = election_create(
        code="pilgub-jatim-uji",
        name="Uji: pemilihan gubernur",
        kind="pilkada",
        region_code="35",
        voting_day=election.voting_day,
        max_voters_per_tps=500,
    )
    snapshot_for_test(wide)
    with pytest.raises(AuditRunRefused) as refused:
        audit_run_create(user=komisioner, election=wide)
    assert refused.value.field == "region"
    kota_kecamatan = Region.objects.create(
        code="35.72.01", name="Sukorejo", level="kecamatan", parent=kota, name_key="SUKOREJO"
    )
    with pytest.raises(AuditRunRefused) as refused:
        audit_run_create(user=komisioner, election=wide, region=kota_kecamatan)
    assert "di luar wilayah" in refused.value.message
    assert not AuditRun.objects.exists()
    run = audit_run_create(
        user=komisioner, election=wide, region=Region.objects.get(code="35.05.03")
    )
    assert run.region_id == "35.05.03"


def test_findings_come_a_page_at_a_time_by_keyset(
    snapshot: Snapshot, make_voter: Callable[..., Voter]
) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter, extra_underage=7)
    seen: list[int] = []
    after = None
    while True:
        page = findings_page(run=run, after=after, limit=4)
        seen += [finding.pk for finding in page.findings]
        if page.next_after is None:
            break
        assert page.next_after == page.findings[-1].pk
        after = page.next_after
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 12
    underage = findings_page(run=run, category=Category.UNDERAGE, limit=50)
    assert len(underage.findings) == 8 and underage.next_after is None
    jaten = findings_page(run=run, village_code=JATEN, category=Category.UNDERAGE)
    assert {finding.village_id for finding in jaten.findings} == {JATEN}
    assert len(jaten.findings) == 7
    assert findings_page(run=run, village_code=FAR_DESA).findings[0].voter.nik != NIK_A  # type: ignore[union-attr]
    assert [region.code for region in findings_villages(run=run)] == [
        JATEN, "35.05.01.2002", FAR_DESA
    ]  # fmt: skip
    assert sum(1 for _finding in findings_iter(run=run, chunk_size=3)) == 12


def test_the_summary_names_every_category_with_its_legal_ground(
    snapshot: Snapshot, make_voter: Callable[..., Voter]
) -> None:
    run = run_done(snapshot=snapshot, make_voter=make_voter)
    rows = {row.info.code: row for row in run_summary(run=run)}
    assert list(rows) == list(Category.values)
    assert rows["DUPLICATE_NIK"].count == 2 and rows["NIK_FORMAT"].count == 0
    info = category_info("UNDERAGE")
    assert info.label == "Belum berumur 17 tahun dan belum kawin"
    assert "Pasal 56" in info.basis and "17 tahun" in info.explanation


def test_starting_a_run_queues_the_task_after_commit(
    snapshot: Snapshot,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[int] = []
    monkeypatch.setattr(
        "pengawas.dpt_audit.engine.audit_execute",
        lambda *, run, on_progress=None: started.append(run.pk),
    )
    run = audit_run_create(user=make_user(Role.KOMISIONER), election=snapshot.election)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        audit_run_start(run=run)
    assert started == [] and len(callbacks) == 1
    callbacks[0]()  # huey runs it at once in tests (PENGAWAS_HUEY_IMMEDIATE)
    assert started == [run.pk]


def test_a_failing_run_is_marked_failed_and_the_worker_goes_on(
    snapshot: Snapshot, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*, run: AuditRun, on_progress: Any = None) -> AuditRun:
        raise RuntimeError("baris 12: 3505994101800001")

    monkeypatch.setattr("pengawas.dpt_audit.engine.audit_execute", explode)
    run = audit_run_create(user=make_user(Role.KOMISIONER), election=snapshot.election)
    tasks.audit_run_task(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (Status.FAILED, "RuntimeError")
    assert run.finished_at is not None
    # A finished run is not run again.
    monkeypatch.setattr("pengawas.dpt_audit.engine.audit_execute", lambda **kwargs: 1 / 0)
    tasks.audit_run_task(run.pk)
    tasks.audit_run_task(run.pk + 1000)  # gone: nothing to do
