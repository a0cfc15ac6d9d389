"""PostgreSQL refuses UPDATE, DELETE and TRUNCATE of the audit trail (SQLite: no triggers;
there audit_verify still detects any change)."""

from django.db import migrations

TABLE = "audit_auditentry"

INSTALL = f"""
CREATE OR REPLACE FUNCTION audit_auditentry_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'jejak audit hanya dapat ditambah: % pada tabel % ditolak', TG_OP, TG_TABLE_NAME
        USING HINT = 'The audit trail is append-only (pengawas.audit); entries can never be changed or removed.';
END
$$;
CREATE TRIGGER audit_auditentry_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse();
CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse();
"""

UNINSTALL = f"""
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS audit_auditentry_no_change ON {TABLE};
DROP FUNCTION IF EXISTS audit_auditentry_refuse();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNINSTALL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
