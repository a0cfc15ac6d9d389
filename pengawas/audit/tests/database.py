"""Switching the PostgreSQL triggers of the audit table on and off in tests.

ALTER TABLE is transactional in PostgreSQL: inside a test (which runs in a transaction
rolled back at its end) a switched trigger comes back by itself.
"""

from django.db import connection

TABLE = "audit_auditentry"
NO_CHANGE = "audit_auditentry_no_change"
NO_TRUNCATE = "audit_auditentry_no_truncate"


def trigger_set(name: str, *, enabled: bool) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows inserted in this transaction must run first:
        # PostgreSQL will not alter a table with trigger events pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} {'ENABLE' if enabled else 'DISABLE'} TRIGGER {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
