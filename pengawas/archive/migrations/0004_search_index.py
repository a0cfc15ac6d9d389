"""The archive's full-text index: FTS5 on SQLite, tsvector + GIN (`indonesian`) on PostgreSQL.

Written by hand: the table differs per engine, so it is created by SQL for the engine at hand
(pengawas/archive/models_search.py describes both).
"""

from typing import Any

from django.db import migrations, models

SQLITE = [
    # remove_diacritics 2: "é" finds "e" (and back); prefix indexes make "pengaw*" as fast as a
    # whole word while the user types.
    "CREATE VIRTUAL TABLE archive_search USING fts5("
    "title, meta, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS archive_search"]

POSTGRESQL = [
    "CREATE TABLE archive_search ("
    " rowid bigint PRIMARY KEY,"
    " title text NOT NULL,"
    " meta text NOT NULL,"
    " body text NOT NULL,"
    " document tsvector NOT NULL)",
    "CREATE INDEX archive_search_document ON archive_search USING gin (document)",
]
POSTGRESQL_DROP = ["DROP TABLE IF EXISTS archive_search"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_custody_disposal")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "record",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="archive.record",
                    ),
                ),
                ("title", models.TextField()),
                ("meta", models.TextField()),
                ("body", models.TextField()),
            ],
            options={"db_table": "archive_search", "managed": False},
        ),
    ]
