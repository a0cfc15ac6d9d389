"""Fixtures of the audit tests: a few entries, and tampering as a DBA would."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.audit.services import audit_record
from pengawas.audit.tests.database import NO_CHANGE, TABLE, trigger_set


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # argon2 is the point in production and a second per login in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def entries(db: None) -> list[AuditEntry]:
    """Six entries, seq 1 to 6."""
    return [
        audit_record(
            action=Action.ASSIGNMENT_CREATED,
            target_type="assignment",
            target_id=str(number),
            target_label=f"ptps-3505012001-00{number}",
            detail={"role": "ptps", "number": number},
        )
        for number in range(1, 7)
    ]


@pytest.fixture
def tamper(db: None) -> Callable[..., None]:
    """Run raw SQL on the audit table past the trigger (PostgreSQL), as a DBA could."""

    def run(sql: str, params: list[Any] | None = None) -> None:
        trigger_set(NO_CHANGE, enabled=False)
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("{table}", TABLE), params or [])
        trigger_set(NO_CHANGE, enabled=True)

    return run
