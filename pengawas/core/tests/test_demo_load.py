import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.selectors import snapshot_current
from pengawas.elections.models import Election


def test_the_demo_loads_once_and_again_changes_nothing(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo_load", "--voters", "400")
    first = capsys.readouterr().out
    election = Election.objects.get(code="pilbup-blitar-2020")
    assert election.max_voters_per_tps == 500 and str(election.voting_day) == "2020-12-09"
    snapshot = Snapshot.objects.get()
    assert snapshot.rows_imported == Voter.objects.count() == 400
    assert set(User.objects.values_list("username", flat=True)) == {
        "admin", "ketua", "pengawas", "panwascam", "pkd", "ptps"
    }  # fmt: skip
    # One account of each role, each where the demo's places are.
    roles = {user.username: user_jurisdiction(user=user) for user in User.objects.all()}
    assert {j.role for j in roles.values() if j} == set(Role.values)
    assert roles["panwascam"] == Jurisdiction(role=Role.PANWASCAM, region_code="35.05.01")
    ptps = roles["ptps"]
    assert ptps is not None and ptps.tps_id is not None and ptps.election_id == election.pk
    # Passwords are shown this once, and they work.
    password = next(
        line.split()[1] for line in first.splitlines() if line.strip().startswith("pengawas ")
    )
    assert User.objects.get(username="pengawas").check_password(password)
    # The Panduan of the demo's election is published once.
    assert "Panduan: Pemilihan Serentak 2020 — edisi 1 (diterbitkan)." in first

    call_command("demo_load", "--voters", "400")
    again = capsys.readouterr().out
    assert "DPT sudah ada" in again and "Akun demo sudah ada" in again
    assert "Panduan: Pemilihan Serentak 2020 — edisi 1 (sudah ada)." in again
    assert password not in again
    assert Snapshot.objects.count() == 1 and Voter.objects.count() == 400


def test_a_larger_demo_list_becomes_the_current_one(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo_load", "--voters", "300")
    call_command("demo_load", "--voters", "500")
    election = Election.objects.get(code="pilbup-blitar-2020")
    current = snapshot_current(election=election)
    assert current is not None and current.rows_imported == 500
    assert Snapshot.objects.count() == 2
