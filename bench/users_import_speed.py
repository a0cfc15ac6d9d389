"""Onboarding 2,278 PTPS (one per TPS of Kabupaten Blitar) and 248 PKD from one CSV.

Times users_import as the page and the command call it: every row checked first, then
User/Account/Assignment rows in bulk, an activation code each, and one audit entry per
account appended to the hash chain in one go. Baseline in the same run: the same accounts
made one at a time through the single-account service (services_manage.user_create, what
the "Tambah pengguna" page does), each with its own transaction and audit entry.

    .venv/bin/python bench/users_import_speed.py [--db sqlite|postgres] [--ptps 2278]
"""

import argparse
import tempfile
import time
from pathlib import Path

from common import OUT, django_in_process, machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--ptps", type=int, default=2278)
    options = parser.parse_args()
    django_in_process(options.db, OUT / f"users-{options.db}")
    from django.contrib.auth.models import User

    from pengawas.accounts.roles import Role
    from pengawas.accounts.services import assignment_create
    from pengawas.accounts.services_manage import user_create
    from pengawas.accounts.services_onboarding import users_import
    from pengawas.audit.models import AuditEntry
    from pengawas.elections.models import Election, Tps
    from pengawas.regions.models import Region

    election = Election.objects.get()
    villages = list(Region.objects.filter(level__in=["desa", "kelurahan"]).order_by("code"))
    # TPS numbered 1, 2, … in each desa until there are as many as asked (Blitar: 2,278).
    places = [(villages[n % len(villages)], n // len(villages) + 1) for n in range(options.ptps)]
    Tps.objects.bulk_create(
        [Tps(election=election, village=village, number=number) for village, number in places]
    )
    admin = User.objects.create_user("admin-bench")
    assignment_create(user=admin, role=Role.ADMINISTRATOR)
    lines = ["nama,telepon,peran,kode"]
    lines += [
        f"PTPS {n},0812{n:08d},ptps,{village.code}/{number:03d}"
        for n, (village, number) in enumerate(places)
    ]
    lines += [f"PKD {n},0813{n:08d},pkd,{v.code}" for n, v in enumerate(villages)]
    folder = Path(tempfile.mkdtemp())
    csv_path = folder / "ptps-pkd.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = len(lines) - 1

    started = time.perf_counter()
    with csv_path.open("rb") as handle:
        report = users_import(file=handle, created_by=admin, election=election)
    bulk = time.perf_counter() - started
    assert report.ok and len(report.created) == rows, report.errors[:3]
    entries = AuditEntry.objects.count()

    # Baseline: the same number of accounts, one at a time (distinct places, so that the
    # one-PTPS-per-TPS rule holds: the second election's TPS).
    other = Election.objects.create(
        code="baseline", name="Baseline", kind="pilkada", region=election.region,
        voting_day=election.voting_day, max_voters_per_tps=500,
    )  # fmt: skip
    baseline_tps = Tps.objects.bulk_create(
        [Tps(election=other, village=village, number=number) for village, number in places]
    )
    started = time.perf_counter()
    for n, tps in enumerate(baseline_tps):
        user_create(full_name=f"PTPS {n}", phone=f"0814{n:08d}", role=Role.PTPS, region=None,
                    tps=tps, created_by=admin)  # fmt: skip
    for n, village in enumerate(villages):
        user_create(full_name=f"PKD {n}", phone=f"0815{n:08d}", role=Role.PKD,
                    region=village, tps=None, created_by=admin)  # fmt: skip
    one_by_one = time.perf_counter() - started

    print(f"machine: {machine()}")
    print(f"database: {options.db}; {rows:,} accounts ({options.ptps:,} PTPS, {len(villages)} PKD)")
    print(f"users_import (bulk)   {bulk:6.2f} s   {rows / bulk:8.0f} accounts/s   "
          f"audit entries {entries:,}")  # fmt: skip
    print(f"one at a time         {one_by_one:6.2f} s   {rows / one_by_one:8.0f} accounts/s")
    print(f"ratio (one at a time / bulk) {one_by_one / bulk:.1f}")


if __name__ == "__main__":
    main()
