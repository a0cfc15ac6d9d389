"""End to end with the real engine: audit a list, then write the saran perbaikan from it."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from pengawas.accounts.roles import Role
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit import saran
from pengawas.dpt_audit.engine import audit_execute
from pengawas.dpt_audit.models import AuditRun, Category
from pengawas.dpt_audit.services_saran import Selection, saran_create
from pengawas.dpt_audit.tests.saran_factories import jurisdiction_of


def test_engine_findings_make_a_letter(
    settings: Any,
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
) -> None:
    settings.ARCHIVE_KEY = ""
    born = datetime.date(1980, 7, 1)
    for tps in (1, 2):
        make_voter(
            name="SITI AMINAH", nik="3505014107800001", nkk="3505010101100001", tps=tps,
            birth_date=born, sex="P", marital_status="S", address="KRAJAN",
        )  # fmt: skip
    run = audit_execute(run=AuditRun.objects.create(snapshot=snapshot))
    assert run.status == "done"
    user = make_user(Role.KOMISIONER)
    result = saran_create(
        user=user,
        jurisdiction=jurisdiction_of(user),
        run=run,
        selection=Selection(categories=(Category.DUPLICATE_NIK,)),
        fields=saran.LetterFields(addressee="Ketua KPU Kabupaten Blitar", day=born, signer=""),
    )
    assert result.letter.total == 2
    assert result.letter.requests[0].startswith("mencoret pemilih ganda")
