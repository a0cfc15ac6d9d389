"""Full-text search of the archive (the index it reads is kept by search_index.py).

The search applies the user's jurisdiction and access level (rules.records_visible) in the
SAME query as the full-text match: the match joins the records table filtered by the rules,
so a record outside them never leaves the database, not even to be counted.
"""

import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive import rules
from pengawas.archive.models import (
    Record,
    StoredFile,
    Tag,
    TextStatus,
)
from pengawas.archive.search_index import (
    START,
    STOP,
    TS_CONFIG,
    WORD,
    ParsedQuery,
    fts5_query,
    query_parse,
    scope_token,
    text_fold,
    tsquery_build,
)
from pengawas.elections.models import Election

PAGE_SIZE = 25
# The highlight is drawn from the first HEADLINE_CHARS of a record's indexed text.
HEADLINE_CHARS = 50_000
# bm25 weights of the FTS5 columns (title, meta, body, scope), as the A/B/C/D weights on
# PostgreSQL.
BM25 = "bm25(archive_search, 10.0, 4.0, 1.0, 0.0)"  # scope: no weight
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
        groups.append([scope_token("w", jurisdiction.region_code), mine])
    if function:
        groups.append([scope_token("fn", function)])
    if election is not None:
        groups.append([f"el{election if isinstance(election, int) else election.pk}"])
    if region_code:
        groups.append([scope_token("w", region_code)])
    if stage:
        groups.append([scope_token("st", stage)])
    if classification:
        groups.append([scope_token("k", classification)])
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
    tsquery, params = tsquery_build(parsed)
    if scope:
        tsquery = f"({tsquery} && to_tsquery('simple', %s))"
        params = [*params, " & ".join("(" + " | ".join(group) + ")" for group in scope)]
    return f"archive_search.document @@ {tsquery}", params


def _rank(parsed: ParsedQuery) -> tuple[str, list[Any]]:
    if connection.vendor == "sqlite":
        return BM25, []
    tsquery, params = tsquery_build(parsed)
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
            tsquery, params = tsquery_build(parsed)
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
    tokens = list(WORD.finditer(text))
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
