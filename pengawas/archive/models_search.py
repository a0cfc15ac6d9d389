"""The full-text index of the archive (search_index.py keeps it; migrations
0004_search_index and 0005_search_scope create it, differently on each engine).

One row per record, keyed by the record's id:
- SQLite: an FTS5 virtual table `archive_search(title, meta, body, scope)` whose rowid is the
  record id (unicode61 tokenizer with remove_diacritics, prefix indexes of 2 and 3 characters);
- PostgreSQL: a table `archive_search(rowid, title, meta, body, document)` where `document`
  is a tsvector in the `indonesian` configuration (weights A title, B metadata, C text; title
  and metadata also unstemmed, and the scope tokens at D) under a GIN index. The column is
  called rowid on both so that one model serves both.
`scope` holds tokens of where the record belongs (search_index._scope): they narrow what
the database ranks; who may see a record is still decided by rules.records_visible.

The table is not Django's to create (managed = False); the model only lets the search join
it to the records in one query.
"""

from django.db import models

from pengawas.archive.models import Record


class SearchEntry(models.Model):
    record = models.OneToOneField(
        Record,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
        db_constraint=False,
    )
    title = models.TextField()  # title
    meta = models.TextField()  # number, function, classification, stage, places, tags
    body = models.TextField()  # description and the files' text (none for rahasia)

    class Meta:
        managed = False
        db_table = "archive_search"

    def __str__(self) -> str:
        return f"search:{self.pk}"
