"""The background job of the DPT audit (huey; the worker is `pengawas run_huey`).

audit_run_task runs one queued audit (engine.audit_execute), which writes the findings and
keeps the run's status and progress up to date for the page that polls it. A run that
failed is marked so and the worker goes on; a run already done is left alone.
"""

import logging
from collections.abc import Callable
from typing import Any, cast

from django.utils import timezone
from huey.contrib.djhuey import db_task as _db_task

from pengawas.dpt_audit.models import AuditRun, Status

logger = logging.getLogger(__name__)


def db_task() -> Callable[[Callable[[int], None]], Callable[[int], Any]]:
    """huey's task decorator (closes stale database connections around each run), typed."""
    return cast(Callable[[Callable[[int], None]], Callable[[int], Any]], _db_task())


@db_task()
def audit_run_task(run_id: int) -> None:
    """Run one audit. Queued runs only, and runs a stopped worker left running (they start
    again: the engine replaces their findings)."""
    run = AuditRun.objects.select_related("snapshot__election", "region").filter(pk=run_id).first()
    if run is None or run.status not in (Status.QUEUED, Status.RUNNING):
        return
    from pengawas.dpt_audit.engine import audit_execute

    try:
        # The engine keeps the run's status and progress in its row as it goes.
        audit_execute(run=run)
    except Exception as exc:
        # The engine marked the run failed; make sure of it (an error before it started),
        # and keep the worker alive. The log names the kind of error, not its text (which
        # may quote a row of the list).
        logger.error("DPT audit run %s failed: %s", run_id, type(exc).__name__)
        AuditRun.objects.filter(pk=run_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
            status=Status.FAILED, finished_at=timezone.now(), error=type(exc).__name__
        )
