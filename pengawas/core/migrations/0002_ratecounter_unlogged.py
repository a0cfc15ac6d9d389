from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def unlogged(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Rate counters are worth nothing after a crash: on PostgreSQL they skip the write-ahead
    # log, so counting a lookup costs no disk flush.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


def logged(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(unlogged, logged)]
