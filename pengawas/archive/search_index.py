"""The archive's full-text index: one row per record, kept in step with the record.

The index (models_search.SearchEntry; FTS5 on SQLite, tsvector in the `indonesian`
configuration on PostgreSQL) holds a record's title, its metadata (number, function,
classification, stage, election, places, tags) and its text (description and the text of its
current files). Records at access level rahasia keep their files' text out of it: only their
metadata is searchable (issue 4; UU 14/2008 Pasal 17 on exempt information). The queries that
read it are in services_search.py.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import translation

from pengawas.archive.models import (
    AccessLevel,
    Function,
    Record,
    StoredFile,
    TextStatus,
)
from pengawas.dpt.services.search import nik_mask
from pengawas.regions.models import Region

# Characters of text per record in the index: a tsvector must stay under 1 MB (PostgreSQL).
INDEX_BODY_CHARS = 400_000
# At most this many words of a query are used.
QUERY_WORDS = 12
# Highlight markers (Unicode private use): put around matches by the database, then turned
# into <mark> after the text around them is escaped. text_clean removes them from file text.
START, STOP = "\ue000", "\ue001"
TS_CONFIG = "indonesian"


# --- Text normalisation ------------------------------------------------------------------


def text_fold(text: str) -> str:
    """Lower case, accents removed ("Pémilu" → "pemilu"), markers removed: what PostgreSQL
    indexes and is asked (FTS5 does the same itself with remove_diacritics)."""
    decomposed = unicodedata.normalize("NFKD", text.replace(START, " ").replace(STOP, " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as groups of words: each whitespace-separated piece is one group
    ("PM.01.03" is the phrase pm 01 03); the last group is a prefix while the user types.
    `pieces` keeps each piece as typed (folded, without quotes) for PostgreSQL's parser,
    which reads "pm.01.03" as one token, as it did when indexing."""

    groups: tuple[tuple[str, ...], ...]
    pieces: tuple[str, ...]
    prefix: bool

    @property
    def words(self) -> list[str]:
        return [word for group in self.groups for word in group]


def query_parse(query: str) -> ParsedQuery:
    """Only words survive: every quote, star, colon, bracket or operator of either engine's
    query language is dropped, so input can never be read as query syntax."""
    groups: list[tuple[str, ...]] = []
    pieces: list[str] = []
    count = 0
    for piece in text_fold(query).split():
        words = tuple(WORD.findall(piece))[: QUERY_WORDS - count]
        if words:
            groups.append(words)
            # Inside the piece only word characters and the separators of numbers and
            # codes (. / -) are kept; outside the words none (no leading "-": no negation).
            pieces.append(re.sub(r"[^\w./-]+", " ", piece).strip(" ./-"))
            count += len(words)
        if count >= QUERY_WORDS:
            break
    stripped = query.rstrip()
    prefix = bool(groups) and stripped == query and bool(WORD.search(stripped[-1:]))
    return ParsedQuery(tuple(groups), tuple(pieces), prefix)


def fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression: every group a quoted phrase (so no word is an operator),
    all of them required; the last one a prefix when typing."""
    phrases = ['"' + " ".join(group) + '"' for group in parsed.groups]
    if parsed.prefix:
        phrases[-1] += "*"
    return " ".join(phrases)


def tsquery_build(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression and its parameters: websearch_to_tsquery of the pieces,
    each in double quotes (so "or" and "-" are words, never operators; websearch_to_tsquery
    never fails on any input), and the last word as a prefix while typing, both stemmed
    (indonesian) and as typed (simple: the index keeps title and metadata unstemmed too,
    since the Indonesian stemmer strips prefixes such as peng-)."""
    pieces = list(parsed.pieces)
    parts: list[str] = []
    params: list[str] = []
    if parsed.prefix and len(parsed.groups[-1]) == 1:
        last = parsed.groups[-1][0]
        pieces.pop()
        parts.append(f"(to_tsquery('{TS_CONFIG}', %s) || to_tsquery('simple', %s))")
        params += [f"{last}:*", f"{last}:*"]
    if pieces:
        parts.insert(0, f"websearch_to_tsquery('{TS_CONFIG}', %s)")
        params.insert(0, " ".join(f'"{piece}"' for piece in pieces))
    return "(" + " && ".join(parts) + ")", params


# --- The index ---------------------------------------------------------------------------


def _places(codes: Iterable[str]) -> dict[str, str]:
    """Names of the regions and of all their ancestors ("35.05.01" → Blitar, Wonodadi)."""
    wanted: set[str] = set()
    for code in codes:
        parts = code.split(".")
        wanted |= {".".join(parts[: n + 1]) for n in range(len(parts))}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def scope_token(prefix: str, code: str) -> str:
    """A scope token: letters and digits only ("35.05.01" → w35x05x01), so that every
    tokenizer keeps it whole and no query syntax can hide in it."""
    return prefix + re.sub(r"[^a-z0-9]+", "x", code.lower())


def _prefixes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def _scope(record: Record) -> str:
    """Tokens of where a record belongs and what it is (its region and their ancestors, TPS,
    author, function, classification and its ancestors, election, stage, tags): a narrowing of the
    full-text match by the user's area and the filters, so the database ranks only rows that
    may be shown. They decide nothing: records_visible is still applied in the same query."""
    tokens = [scope_token("w", code) for code in _prefixes(record.region_id)]
    tokens += [f"aut{record.author_id}", scope_token("fn", record.function)]
    if record.tps_id:
        tokens.append(f"tps{record.tps_id}")
    if record.classification_id:
        tokens += [scope_token("k", code) for code in _prefixes(record.classification_id)]
    if record.election_id:
        tokens.append(f"el{record.election_id}")
    if record.stage:
        tokens.append(scope_token("st", record.stage))
    tokens += [f"tag{tag.pk}" for tag in record.tags.all()]
    return " ".join(tokens)


def _entries(records: Sequence[Record]) -> list[tuple[int, str, str, str, str]]:
    ids = [record.pk for record in records]
    loaded = {
        record.pk: record
        for record in Record.objects.filter(pk__in=ids)
        .select_related("classification", "election", "tps")
        .prefetch_related("tags")
    }
    names = _places(record.region_id for record in loaded.values())
    texts: dict[int, list[str]] = {}
    current_files = StoredFile.objects.filter(
        record_id__in=ids, deleted_at__isnull=True, replaced_by__isnull=True
    ).exclude(text="")
    for record_id, text in current_files.values_list("record_id", "text"):
        texts.setdefault(record_id, []).append(text)
    entries = []
    with translation.override("id"):
        for record in loaded.values():
            places = record.region_id.split(".")
            meta = [
                record.number or "",
                (record.number or "").replace("/", " "),
                str(Function(record.function).label) if record.function in Function else "",
                record.stage,
                *[names.get(".".join(places[: n + 1]), "") for n in range(len(places))],
                f"TPS {record.tps.number:03d}" if record.tps else "",
                str(record.classification) if record.classification else "",
                f"{record.election.code} {record.election.name}" if record.election else "",
                *[tag.name for tag in record.tags.all()],
            ]
            body = [record.description]
            if record.access_level != AccessLevel.RAHASIA:
                body += texts.get(record.pk, [])
            entries.append(
                (
                    record.pk,
                    _clean(record.title),
                    _clean("\n".join(part for part in meta if part)),
                    _clean("\n".join(body))[:INDEX_BODY_CHARS],
                    _scope(record),
                )
            )
    return entries


def _clean(text: str) -> str:
    return _IDENTITY_NUMBER.sub(
        lambda match: nik_mask(match.group()), text.replace(START, " ").replace(STOP, " ")
    )


# A NIK or NKK in a file's text (a saran perbaikan's annex, a scanned laporan) is indexed
# masked, so that search snippets never show one whole: the voter list's audited pages are the
# place to read them.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{16}(?!\d)")


_SQLITE_DELETE = "DELETE FROM archive_search WHERE rowid = %s"
_SQLITE_INSERT = (
    "INSERT INTO archive_search (rowid, title, meta, body, scope) VALUES (%s, %s, %s, %s, %s)"
)
_PG_UPSERT = f"""
INSERT INTO archive_search (rowid, title, meta, body, document)
SELECT v.id, v.title, v.meta, v.body,
       setweight(to_tsvector('{TS_CONFIG}', v.ftitle), 'A')
    || setweight(to_tsvector('simple', v.ftitle), 'A')
    || setweight(to_tsvector('{TS_CONFIG}', v.fmeta), 'B')
    || setweight(to_tsvector('simple', v.fmeta), 'B')
    || setweight(to_tsvector('{TS_CONFIG}', v.fbody), 'C')
    || setweight(to_tsvector('simple', v.scope), 'D')
FROM (VALUES %s) AS v (id, title, meta, body, ftitle, fmeta, fbody, scope)
ON CONFLICT (rowid) DO UPDATE SET
    title = EXCLUDED.title, meta = EXCLUDED.meta, body = EXCLUDED.body,
    document = EXCLUDED.document
"""  # noqa: S608 (constants only; every value is a parameter)
_PG_ROW = "(%s::bigint, %s::text, %s::text, %s::text, %s::text, %s::text, %s::text, %s::text)"
BATCH = 500


def search_index_update(*, record: Record) -> None:
    """(Re)index one record: metadata, description and its current files' text (rahasia:
    metadata and description only). Called when a record is created or changed and when a
    file's text has been read."""
    search_index_update_many(records=[record])
    if record.access_level == AccessLevel.RAHASIA:
        # No text of a rahasia record is kept either, should it have been read before the
        # record was made rahasia.
        StoredFile.objects.filter(record=record).exclude(text_status=TextStatus.WITHHELD).update(
            text="", text_status=TextStatus.WITHHELD, text_progress=0
        )


def search_index_update_many(*, records: Sequence[Record]) -> int:
    """(Re)index many records in batches (bulk loads, the benchmark); returns how many."""
    done = 0
    for start in range(0, len(records), BATCH):
        entries = _entries(records[start : start + BATCH])
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(_SQLITE_DELETE, [(entry[0],) for entry in entries])
                cursor.executemany(_SQLITE_INSERT, entries)
            elif entries:
                values = ", ".join([_PG_ROW] * len(entries))
                params: list[Any] = []
                for pk, title, meta, body, scope in entries:
                    params += [pk, title, meta, body]
                    params += [text_fold(title), text_fold(meta), text_fold(body), scope]
                cursor.execute(_PG_UPSERT.replace("VALUES %s", "VALUES " + values), params)
        done += len(entries)
    return done


def search_index_remove(*, record_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_search WHERE rowid = %s", [record_id])
