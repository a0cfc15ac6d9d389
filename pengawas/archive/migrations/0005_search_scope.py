"""The search index gains a `scope` column (FTS5) / scope lexemes (PostgreSQL): tokens of a
record's places, TPS, author, function, classification, election and tags, so that the
database ranks only the matches inside the user's area and filters (search_index._scope).
Records are ordered by (date, id) without a query: an index for it. Existing entries are
rebuilt."""

from typing import Any

from django.db import migrations, models

SQLITE = [
    "DROP TABLE IF EXISTS archive_search",
    "CREATE VIRTUAL TABLE archive_search USING fts5("
    "title, meta, body, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]
SQLITE_BACK = [
    "DROP TABLE IF EXISTS archive_search",
    "CREATE VIRTUAL TABLE archive_search USING fts5("
    "title, meta, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)
    # Rebuild every entry with the service of today (few records exist before this).
    from pengawas.archive.models import Record
    from pengawas.archive.search_index import search_index_update_many

    ids = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    search_index_update_many(records=[Record(pk=pk) for pk in ids])


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACK:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_search_index")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.AddIndex(
            model_name="record",
            index=models.Index(fields=["date", "id"], name="archive_record_date_id"),
        ),
    ]
