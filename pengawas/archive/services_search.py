"""Full-text search of the archive: the index and the search itself.

The index (models_search.SearchEntry; FTS5 on SQLite, tsvector in the `indonesian`
configuration on PostgreSQL) holds one row per record: its title, its metadata (number,
function, classification, stage, election, places, tags) and its text (description and the
text of its current files). Records at access level rahasia keep their files' text out of it:
only their metadata is searchable (issue 4; UU 14/2008 Pasal 17 on exempt information).

The search applies the user's jurisdiction and access level (rules.records_visible) in the
SAME query as the full-text match: the match joins the records table filtered by the rules,
so a record outside them never leaves the database, not even to be counted.
"""

import datetime
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.models import (
    AccessLevel,
    Function,
    Record,
    StoredFile,
    Tag,
    TextStatus,
)
from pengawas.elections.models import Election
from pengawas.regions.models import Region

PAGE_SIZE = 25
# Characters of text per record in the index: a tsvector must stay under 1 MB (PostgreSQL),
# and the highlight is drawn from the first HEADLINE_CHARS of it.
INDEX_BODY_CHARS = 400_000
HEADLINE_CHARS = 50_000
# At most this many words of a query are used.
QUERY_WORDS = 12
# Highlight markers (Unicode private use): put around matches by the database, then turned
# into <mark> after the text around them is escaped. text_clean removes them from file text.
START, STOP = "\ue000", "\ue001"
# bm25 weights of the FTS5 columns (title, meta, body, scope), as the A/B/C/D weights on
# PostgreSQL.
BM25 = "bm25(archive_search, 10.0, 4.0, 1.0, 0.0)"  # scope: no weight
TS_CONFIG = "indonesian"
# PostgreSQL ts_rank weights for {D, C, B, A}.
TS_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


@dataclass(frozen=True)
class SearchHit:
    record: Record
    snippet: SafeString
    # The state of the record's files' text: "" (read), "ocr_running" (with percent done) or
    # "not_ocred" (a scan waiting for Tesseract to be installed).
    ocr_state: str = ""
    ocr_progress: int = 0


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    number: int
    has_next: bool
    page_size: int
    query: str
    ranked: bool
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def records(self) -> list[Record]:
        return [hit.record for hit in self.hits]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1


# --- Text normalisation ------------------------------------------------------------------


def text_fold(text: str) -> str:
    """Lower case, accents removed ("Pémilu" → "pemilu"), markers removed: what PostgreSQL
    indexes and is asked (FTS5 does the same itself with remove_diacritics)."""
    decomposed = unicodedata.normalize("NFKD", text.replace(START, " ").replace(STOP, " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_WORD = re.compile(r"\w+")


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
        words = tuple(_WORD.findall(piece))[: QUERY_WORDS - count]
        if words:
            groups.append(words)
            # Inside the piece only word characters and the separators of numbers and
            # codes (. / -) are kept; outside the words none (no leading "-": no negation).
            pieces.append(re.sub(r"[^\w./-]+", " ", piece).strip(" ./-"))
            count += len(words)
        if count >= QUERY_WORDS:
            break
    stripped = query.rstrip()
    prefix = bool(groups) and stripped == query and bool(_WORD.search(stripped[-1:]))
    return ParsedQuery(tuple(groups), tuple(pieces), prefix)


def fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression: every group a quoted phrase (so no word is an operator),
    all of them required; the last one a prefix when typing."""
    phrases = ['"' + " ".join(group) + '"' for group in parsed.groups]
    if parsed.prefix:
        phrases[-1] += "*"
    return " ".join(phrases)


def _tsquery(parsed: ParsedQuery) -> tuple[str, list[str]]:
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


def _token(prefix: str, code: str) -> str:
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
    tokens = [_token("w", code) for code in _prefixes(record.region_id)]
    tokens += [f"aut{record.author_id}", _token("fn", record.function)]
    if record.tps_id:
        tokens.append(f"tps{record.tps_id}")
    if record.classification_id:
        tokens += [_token("k", code) for code in _prefixes(record.classification_id)]
    if record.election_id:
        tokens.append(f"el{record.election_id}")
    if record.stage:
        tokens.append(_token("st", record.stage))
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
    return text.replace(START, " ").replace(STOP, " ")


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


# --- The search --------------------------------------------------------------------------


def _filtered(
    records: QuerySet[Record],
    *,
    function: str | None,
    election: Election | int | None,
    stage: str | None,
    region_code: str | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    classification: str | None,
    tag: str | None,
) -> QuerySet[Record]:
    if function:
        records = records.filter(function=function)
    if election is not None:
        records = records.filter(election=election)
    if stage:
        records = records.filter(stage=stage)
    if region_code:
        records = records.filter(
            Q(region_id=region_code) | Q(region__code__startswith=region_code + ".")
        )
    if date_from:
        records = records.filter(date__gte=date_from)
    if date_to:
        records = records.filter(date__lte=date_to)
    if classification:
        records = records.filter(
            Q(classification_id=classification)
            | Q(classification__code__startswith=classification + ".")
        )
    if tag:
        records = records.filter(tags__name=tag)
    return records


def _scope_groups(
    jurisdiction: Jurisdiction,
    user_id: int,
    *,
    function: str | None,
    election: Election | int | None,
    region_code: str | None,
    classification: str | None,
    tag: str | None,
    stage: str | None = None,
) -> list[list[str]]:
    """The scope tokens a matching row must carry (all groups; any token of a group): the
    user's area or their own records, and the filters that have tokens."""
    groups: list[list[str]] = []
    mine = f"aut{user_id}"
    if jurisdiction.tps_id is not None:
        groups.append([f"tps{jurisdiction.tps_id}", mine])
    elif jurisdiction.region_code is not None:
        groups.append([_token("w", jurisdiction.region_code), mine])
    if function:
        groups.append([_token("fn", function)])
    if election is not None:
        groups.append([f"el{election if isinstance(election, int) else election.pk}"])
    if region_code:
        groups.append([_token("w", region_code)])
    if stage:
        groups.append([_token("st", stage)])
    if classification:
        groups.append([_token("k", classification)])
    if tag:
        tag_id = Tag.objects.filter(name=tag).values_list("pk", flat=True).first()
        groups.append([f"tag{tag_id or 0}"])
    return groups


def _match(parsed: ParsedQuery, scope: list[list[str]]) -> tuple[str, list[Any]]:
    """The full-text condition on archive_search and its parameters."""
    if connection.vendor == "sqlite":
        expression = "{title meta body} : (" + fts5_query(parsed) + ")"
        for group in scope:
            expression += " AND scope : (" + " OR ".join(f'"{t}"' for t in group) + ")"
        return "archive_search MATCH %s", [expression]
    tsquery, params = _tsquery(parsed)
    if scope:
        tsquery = f"({tsquery} && to_tsquery('simple', %s))"
        params = [*params, " & ".join("(" + " | ".join(group) + ")" for group in scope)]
    return f"archive_search.document @@ {tsquery}", params


def _rank(parsed: ParsedQuery) -> tuple[str, list[Any]]:
    if connection.vendor == "sqlite":
        return BM25, []
    tsquery, params = _tsquery(parsed)
    return f"-ts_rank('{TS_WEIGHTS}', archive_search.document, {tsquery})", params


def _ranked_sql(
    records: QuerySet[Record],
    parsed: ParsedQuery,
    scope: list[list[str]],
    *,
    best: int | None,
    limit: int,
    offset: int,
) -> tuple[str, list[Any]]:
    """One statement: the full-text match ranked (its `best` rows, or all), kept only where
    the record is visible to the user and passes the filters (records_visible and the
    filters, as an EXISTS on the records table), best first."""
    match, match_params = _match(parsed, scope)
    rank, rank_params = _rank(parsed)
    visible = records.filter(pk=RawSQL("hits.id", [])).values("pk").order_by()
    visible_sql, visible_params = visible.query.sql_with_params()
    cut = "" if best is None else f" LIMIT {int(best)}"
    sql = (
        f"SELECT hits.id FROM (SELECT rowid AS id, {rank} AS rank FROM archive_search"  # noqa: S608
        f" WHERE {match} ORDER BY rank{cut}) AS hits"
        f" WHERE EXISTS ({visible_sql})"
        f" ORDER BY hits.rank, hits.id DESC LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return sql, [*rank_params, *match_params, *visible_params]


# How many of the best matches are ranked before the user's rules and filters are applied
# (per row wanted); should fewer remain than a page needs, all matches are ranked.
BEST_PER_ROW = 20
# PostgreSQL reads every matching row to rank it (ts_rank), and a word found in most of the
# archive ("pengawasan") would have it read the whole table. When the planner estimates more
# matches (in the user's area and filters) than sqrt(RECENT_MATCHES * rows in the index) (at
# least BROAD_MATCHES), the ranking covers the RECENT_MATCHES newest matches only: reading
# the records newest first finds them sooner than ranking every match would take, a word that
# common says little about relevance, and the newest records are the likely ones.
BROAD_MATCHES = 5000
RECENT_MATCHES = 2000


def _ranked_ids(
    records: QuerySet[Record],
    parsed: ParsedQuery,
    scope: list[list[str]],
    *,
    limit: int,
    offset: int,
) -> list[int]:
    if connection.vendor == "postgresql" and _broad(parsed, scope):
        return _ranked_recent_ids(records, parsed, scope, limit=limit, offset=offset)
    best: int | None = (offset + limit) * BEST_PER_ROW
    while True:
        sql, params = _ranked_sql(records, parsed, scope, best=best, limit=limit, offset=offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == limit or best is None:
            return ids
        best = None


def _broad(parsed: ParsedQuery, scope: list[list[str]]) -> bool:
    """Too many matches to rank them all, as the planner estimates them from its statistics
    of the index's words (no rows are read: counting them would cost what ranking costs)."""
    match, params = _match(parsed, scope)
    sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM archive_search WHERE {match}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (plan,) = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_search'::regclass")
        (rows,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    limit = max(BROAD_MATCHES, math.sqrt(RECENT_MATCHES * max(float(rows), 0.0)))
    return bool(plan[0]["Plan"]["Plan Rows"] > limit)


def _ranked_recent_ids(
    records: QuerySet[Record],
    parsed: ParsedQuery,
    scope: list[list[str]],
    *,
    limit: int,
    offset: int,
) -> list[int]:
    """The newest matches the user may see (the records table walked newest first, the rules
    and filters applied), ranked among themselves; one statement."""
    match, match_params = _match(parsed, scope)
    rank, rank_params = _rank(parsed)
    window = max(RECENT_MATCHES, (offset + limit) * 2)
    recent = (
        records.filter(search_entry__isnull=False)
        .filter(RawSQL(match, match_params, output_field=BooleanField()))  # noqa: S611
        .order_by("-date", "-pk")
        .values("pk")[:window]
    )
    recent_sql, recent_params = recent.query.sql_with_params()
    sql = (
        f"SELECT archive_search.rowid FROM archive_search"  # noqa: S608
        f" WHERE archive_search.rowid IN ({recent_sql})"
        f" ORDER BY {rank}, archive_search.rowid DESC LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*recent_params, *rank_params])
        return [row[0] for row in cursor.fetchall()]


def record_search(
    *,
    user: User,
    query: str = "",
    function: str | None = None,
    election: Election | int | None = None,
    stage: str | None = None,
    region_code: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    classification: str | None = None,
    tag: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchPage:
    """One page of the records this user may see that match the query and the filters,
    best first (newest first without a query). No COUNT: one row more than the page says
    whether another page follows."""
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None or not rules.can_use_archive(jurisdiction):
        raise PermissionDenied
    page = max(1, page)
    records = rules.records_visible(jurisdiction, user.pk, Record.objects.all())
    records = _filtered(
        records,
        function=function,
        election=election,
        stage=stage,
        region_code=region_code,
        date_from=date_from,
        date_to=date_to,
        classification=classification,
        tag=tag,
    )
    parsed = query_parse(query)
    ranked = bool(parsed.groups)
    offset = (page - 1) * page_size
    if ranked:
        scope = _scope_groups(
            jurisdiction,
            user.pk,
            function=function,
            election=election,
            region_code=region_code,
            classification=classification,
            tag=tag,
            stage=stage,
        )
        ids = _ranked_ids(records, parsed, scope, limit=page_size + 1, offset=offset)
    else:
        # Ids first, without joins, so that the (date, id) index gives the order.
        newest = records.order_by("-date", "-pk").values_list("pk", flat=True)
        if jurisdiction.tps_id is not None and connection.vendor == "sqlite":
            # A PTPS sees a few records of one TPS: found by its index, then sorted. (SQLite
            # would walk the date index through the whole archive; "+" keeps it off it.)
            newest = newest.order_by(
                RawSQL('+"archive_record"."date"', []).desc(),
                RawSQL('+"archive_record"."id"', []).desc(),
            )
        ids = list(newest[offset : offset + page_size + 1])
    # The page's rows with what the page shows; the same rules again, on these rows only.
    loaded = records.select_related("region", "classification", "election", "tps").in_bulk(ids)
    found = [loaded[pk] for pk in ids if pk in loaded]
    has_next = len(found) > page_size
    found = found[:page_size]
    snippets = _snippets(found, parsed) if ranked else {}
    states = _ocr_states([record.pk for record in found])
    hits = [
        SearchHit(
            record=record,
            snippet=snippets.get(record.pk) or _plain_snippet(record.description),
            ocr_state=states.get(record.pk, ("", 0))[0],
            ocr_progress=states.get(record.pk, ("", 0))[1],
        )
        for record in found
    ]
    return SearchPage(
        hits=hits,
        number=page,
        has_next=has_next,
        page_size=page_size,
        query=query,
        ranked=ranked,
    )


def _marked(text: str) -> SafeString:
    """Escape the text, then turn the markers the database put around matches into <mark>."""
    text = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 (escaped just above; only <mark> added)


def _plain_snippet(text: str, length: int = 200) -> SafeString:
    text = " ".join(text.split())
    return _marked(text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …")


def _snippets(records: list[Record], parsed: ParsedQuery) -> dict[int, SafeString]:
    """Highlights for one page of results (only these rows: drawing them costs the most).

    PostgreSQL: ts_headline, which knows the stemmed forms. SQLite: drawn here from the
    indexed text (FTS5's snippet() would read the whole match list of a common word again)."""
    if not records:
        return {}
    ids = [record.pk for record in records]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT rowid, substr(body, 1, {HEADLINE_CHARS}) FROM archive_search"  # noqa: S608
                f" WHERE rowid IN ({marks})",
                ids,
            )
            words = tuple(parsed.words)
            rows = [(pk, _highlight(body, words)) for pk, body in cursor.fetchall()]
        else:
            tsquery, params = _tsquery(parsed)
            options = (
                f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, "
                'MaxFragments=2, FragmentDelimiter=" … "'
            )
            cursor.execute(
                f"SELECT rowid, ts_headline('{TS_CONFIG}', left(body, {HEADLINE_CHARS}), "  # noqa: S608
                f"{tsquery}, %s) FROM archive_search WHERE rowid = ANY(%s)",
                [*params, options, ids],
            )
            rows = cursor.fetchall()
    return {pk: _marked(text) for pk, text in rows if text and START in text}


def _highlight(text: str, words: tuple[str, ...], before: int = 10, after: int = 22) -> str:
    """The passage around the first word of the text that starts with a query word (case and
    accents folded), with every such word between markers."""
    tokens = list(_WORD.finditer(text))
    hits = [n for n, token in enumerate(tokens) if text_fold(token.group()).startswith(words)]
    if not hits:
        return ""
    first = max(0, hits[0] - before)
    last = min(len(tokens) - 1, hits[0] + after)
    start, end = tokens[first].start(), tokens[last].end()
    out = ["… " if first else ""]
    position = start
    for n in hits:
        if n < first or n > last:
            continue
        token = tokens[n]
        out += [text[position : token.start()], START, token.group(), STOP]
        position = token.end()
    out += [text[position:end], " …" if last < len(tokens) - 1 else ""]
    return "".join(out)


_WAITING = (TextStatus.OCR_PENDING, TextStatus.OCR_RUNNING)


def _ocr_states(record_ids: list[int]) -> dict[int, tuple[str, int]]:
    """Per record: "ocr_running" and the least progress of its files being OCRed, or
    "not_ocred" when a scan waits for Tesseract."""
    states: dict[int, tuple[str, int]] = {}
    files = (
        StoredFile.objects.filter(
            record_id__in=record_ids,
            deleted_at__isnull=True,
            replaced_by__isnull=True,
            text_status__in=[*_WAITING, TextStatus.NOT_OCRED],
        )
        .order_by()
        .values_list("record_id", "text_status", "text_progress")
    )
    for record_id, status, progress in files:
        if status in _WAITING:
            previous = states.get(record_id)
            if previous and previous[0] == "ocr_running":
                progress = min(progress, previous[1])
            states[record_id] = ("ocr_running", progress)
        elif record_id not in states:
            states[record_id] = ("not_ocred", 0)
    return states


def search_explain(*, user: User, query: str) -> str:
    """The database's plan of a ranked search (page 1) for this user (docs and tests)."""
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None:
        raise PermissionDenied
    records = rules.records_visible(jurisdiction, user.pk, Record.objects.all())
    scope = _scope_groups(
        jurisdiction,
        user.pk,
        function=None,
        election=None,
        region_code=None,
        classification=None,
        tag=None,
    )
    sql, params = _ranked_sql(
        records,
        query_parse(query),
        scope,
        best=(PAGE_SIZE + 1) * BEST_PER_ROW,
        limit=PAGE_SIZE + 1,
        offset=0,
    )
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
