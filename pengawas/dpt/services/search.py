"""The supervisors' voter search and the list of one TPS.

Name search folds the query with the same rules as the stored `Voter.name_key`
(dpt.names): every folded query token must occur in the key (`name_key LIKE '%TOKEN%'`),
within one snapshot, in (name_key, id) order, one page at a time: page_size + 1 rows are
read to know whether a next page exists, and nothing is ever counted.

A name-only search reads the (snapshot, name_key) index before any table row: step 1 takes
the name keys of the page (`SELECT name_key … ORDER BY name_key LIMIT offset+26`), step 2
the rows with those keys. Plans measured with 1,000,000 voters in one snapshot (+50,000 in
another), SQLite 3.40 and PostgreSQL 15 (after VACUUM ANALYZE):

  step 1, SQLite:  SEARCH dpt_voter USING COVERING INDEX dpt_voter_name (snapshot_id=?)
  step 1, Postgres: Limit -> Index Only Scan using dpt_voter_name (Gather Merge + Parallel
                   Index Only Scan when the name is rare); Index Cond: (snapshot_id = ?);
                   Filter: (name_key ~~ '%A%' AND name_key ~~ '%B%'); Heap Fetches: 0
  step 2, SQLite:  SEARCH dpt_voter USING INDEX dpt_voter_name (snapshot_id=? AND name_key=?)
                   + USE TEMP B-TREE FOR ORDER BY (a few dozen rows)
  step 2, Postgres: Index Scan using dpt_voter_name, Index Cond: (snapshot_id = ? AND
                   name_key = ANY (…)) -> top-N Sort

A common name stops early; a name that matches nobody scans the snapshot's index once
(about 60 ms on SQLite, 40 ms on PostgreSQL for 1 M rows on the development machine), never
the table. A plain `ORDER BY name_key, id LIMIT 26` with the LIKE filters, by contrast, made
PostgreSQL visit the table row by row in index order: 300 to 800 ms for rare names.

With a desa, kecamatan or TPS filter the TPS ids are read first (a few hundred at most) and
the voters come through the (tps, snapshot, source_line) index: SQLite `SEARCH dpt_voter
USING INDEX dpt_voter_tps (tps_id=? AND snapshot_id=?)` + `USE TEMP B-TREE FOR ORDER BY`,
PostgreSQL `Bitmap Index Scan on dpt_voter_tps` (or the name index, in order, when the TPS
set is large) — 2 to 30 ms. Name plus sex, birth year or age: the keys of a rare name are
read first (step 1, up to SELECTIVE_KEYS), then only their rows are checked.

PostgreSQL's index-only scan relies on the table's visibility map, i.e. a VACUUM after a
large import; until autovacuum has run, step 1 has to visit the table as well.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from pengawas.dpt import names
from pengawas.dpt.models import Sex, Snapshot, Voter
from pengawas.elections.models import Tps
from pengawas.regions.models import Region

PAGE_SIZE = 25
# Deeper than this a search should be narrowed instead: every page before the one shown is
# read again (10,000 rows at most, keys only for a name search).
MAX_PAGE = 400
# A name with at most this many matching index entries is "selective": its keys are read
# first, then only the rows with those keys (see voter_search).
SELECTIVE_KEYS = 2000
# A query longer than this is not a name someone types.
QUERY_MAX_LENGTH = 100

_LETTERS = re.compile(r"[A-Z]+")


class SearchUnavailable(Exception):
    """A filter needs a column that this voter list does not have."""

    def __init__(self, *, code: str, field: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.message = message


def _prefix_alternatives(word: str) -> tuple[str, ...]:
    """What a half-typed last word may turn into once complete.

    "MOCHA" may become "MOCHAMAD", stored as "MUHAMAD"; "AC" may become "ACHMAD", stored
    as "AHMAD"; "BA" may become "BAMBANG" although "BA" alone is a title. Alternatives that
    contain another one are dropped (LIKE '%M%' already finds every "MUHAMAD").
    """
    found = {names.spelling_fold(word), *names.variants_starting_with(word)}
    kept = {alt for alt in found if alt and not any(o != alt and o in alt for o in found)}
    return tuple(sorted(kept))


def name_query_terms(query: str) -> list[tuple[str, ...]]:
    """The LIKE terms of a name query: every term must match, any alternative of a term.

    Tokens come from dpt.names.name_tokens, the same folding as the stored name_key, so
    "Moch. Achmad" gives [("MUHAMAD",), ("AHMAD",)]. When the query ends inside a word
    (the user is still typing), that last word may also be the start of a longer name.
    """
    terms: list[tuple[str, ...]] = [(token,) for token in names.name_tokens(query)]
    ascii_query = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode().upper()
    if not ascii_query[-1:].isalpha():
        return terms
    last_word = _LETTERS.findall(ascii_query)[-1]
    before = ascii_query[: len(ascii_query) - len(last_word)]
    if before.endswith("."):
        # The last part of "S.Pd" or "H.M": a title or an initial, complete as written.
        return terms
    folded = names.name_tokens(last_word)
    if folded and terms and terms[-1] == (folded[0],):
        terms[-1] = _prefix_alternatives(last_word)
    elif not folded:
        # "BA", "SE", "IR", "H": a title when complete, but also how "Bambang", "Setiawan",
        # "Irawan" and "Hadi" begin.
        terms.append(_prefix_alternatives(last_word))
    return terms


@dataclass(frozen=True)
class VoterPage:
    voters: list[Voter]
    number: int
    page_size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.voters else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.voters)

    @property
    def at_page_limit(self) -> bool:
        """More voters match, but no further page is served (see MAX_PAGE)."""
        return self.has_next and self.number >= MAX_PAGE


def _tps_ids(
    *,
    snapshot: Snapshot,
    kecamatan: Region | None,
    village: Region | None,
    tps_number: int | None,
) -> list[int] | None:
    """The TPS a region/number filter allows, or None when there is no such filter.

    Read first (a few hundred ids at most) so that the voter query can walk the
    (tps, snapshot, source_line) index TPS by TPS.
    """
    where: dict[str, Any] = {}
    if village is not None:
        where["village"] = village
    elif kecamatan is not None:
        where["village__parent"] = kecamatan
    if tps_number is not None:
        where["number"] = tps_number
    if not where:
        return None
    return list(
        Tps.objects.filter(election_id=snapshot.election_id, **where).values_list("id", flat=True)
    )


def _row_filters(
    *, snapshot: Snapshot, sex: str, birth_year: int | None, age: int | None
) -> dict[str, Any]:
    """Filters on columns outside the name index; SearchUnavailable if the list lacks one."""
    where: dict[str, Any] = {}
    if sex:
        if sex not in Sex.values:
            raise ValueError(f"sex must be L or P, not {sex!r}")
        where["sex"] = sex
    if birth_year is not None:
        if not snapshot.has_field("birth_date"):
            raise SearchUnavailable(
                code="birth_date_missing",
                field="birth_year",
                message=_(
                    "Daftar pemilih ini tidak memuat tanggal lahir, jadi tidak dapat disaring "
                    "menurut tahun lahir. Usia saja tidak cukup untuk menentukan tahun lahir "
                    "dengan pasti; gunakan saringan usia."
                ),
            )
        where["birth_date__gte"] = datetime.date(birth_year, 1, 1)
        where["birth_date__lt"] = datetime.date(birth_year + 1, 1, 1)
    if age is not None:
        if not snapshot.has_field("age"):
            raise SearchUnavailable(
                code="age_missing",
                field="age",
                message=_("Daftar pemilih ini tidak memuat usia."),
            )
        where["age"] = age
    return where


def _name_filter(terms: list[tuple[str, ...]]) -> Q:
    every = Q()
    for alternatives in terms:
        any_of = Q()
        for alternative in alternatives:
            any_of |= Q(name_key__contains=alternative)
        every &= any_of
    return every


# The order for rows picked by `name_key IN (...)`: the same order as ("name_key", "id")
# (name keys are upper case already), written so that PostgreSQL cannot walk the
# (snapshot, name_key) index in order and test the IN list row by row. PostgreSQL 15
# misjudges how many rows such a list matches and then prefers that walk over the whole
# snapshot (measured: 290 ms instead of 5 ms for a 1,000-key list).
_ORDER_BY_KEYS = (Upper("name_key"), "id")


def _page_by_key_positions(*, snapshot: Snapshot, name: Q, offset: int, limit: int) -> list[Voter]:
    """A page of a name-only search, found in the name index before any table row is read.

    Step 1 reads only name_key (an index-only scan of (snapshot, name_key); PostgreSQL
    tests LIKE on the index entries without visiting the table). The keys at positions
    offset … offset+limit are those of the wanted rows. Step 2 reads the rows with those
    keys, skipping the ones with the first key that belong to earlier pages.
    """
    keys = list(
        Voter.objects.filter(name, snapshot=snapshot)
        .order_by("name_key")
        .values_list("name_key", flat=True)[: offset + limit]
    )
    wanted = keys[offset:]
    if not wanted:
        return []
    skip = keys[:offset].count(wanted[0])
    rows = (
        Voter.objects.filter(snapshot=snapshot, name_key__in=set(wanted))
        .select_related("tps__village__parent")
        .order_by(*_ORDER_BY_KEYS)
    )
    return list(rows[skip : skip + limit])


def voter_search(
    *,
    snapshot: Snapshot,
    query: str = "",
    kecamatan: Region | None = None,
    village: Region | None = None,
    tps_number: int | None = None,
    sex: str = "",
    birth_year: int | None = None,
    age: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    tps_allowed: list[int] | None = None,
) -> VoterPage:
    """One page of the snapshot's voters that match, in (name_key, id) order.

    tps_allowed narrows the search to the user's jurisdiction (dpt/rules.py:
    search_tps_allowed); None means every TPS of the election.

    Reads page_size + 1 rows to know whether a next page exists; never counts the list.
    Raises SearchUnavailable when a filter needs a column the list does not have.
    """
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page must be between 1 and {MAX_PAGE}")
    offset, limit = (page - 1) * page_size, page_size + 1
    terms = name_query_terms(query[:QUERY_MAX_LENGTH])
    row_filters = _row_filters(snapshot=snapshot, sex=sex, birth_year=birth_year, age=age)
    tps_ids = _tps_ids(
        snapshot=snapshot, kecamatan=kecamatan, village=village, tps_number=tps_number
    )
    if tps_allowed is not None:
        allowed = set(tps_allowed)
        tps_ids = sorted(allowed) if tps_ids is None else [t for t in tps_ids if t in allowed]
    voters = Voter.objects.filter(snapshot=snapshot, **row_filters)
    order_by: tuple[str | Upper, ...] = ("name_key", "id")
    if tps_ids is not None:
        # A desa, kecamatan or TPS: at most tens of thousands of rows, found by TPS. The
        # order is written so that PostgreSQL cannot instead walk the whole name index in
        # order (measured: 1.1 s for a name that the kecamatan does not have, 30 ms by TPS).
        voters = voters.filter(_name_filter(terms), tps_id__in=tps_ids)
        order_by = _ORDER_BY_KEYS
    elif terms and not row_filters:
        rows = _page_by_key_positions(
            snapshot=snapshot, name=_name_filter(terms), offset=offset, limit=limit
        )
        return VoterPage(
            voters=rows[:page_size], number=page, page_size=page_size, has_next=len(rows) == limit
        )
    elif terms:
        # Name plus sex/birth year/age: when the name is selective, take its keys from the
        # index first and read only the rows with those keys.
        keys = list(
            Voter.objects.filter(_name_filter(terms), snapshot=snapshot)
            .order_by("name_key")
            .values_list("name_key", flat=True)[: SELECTIVE_KEYS + 1]
        )
        if len(keys) <= SELECTIVE_KEYS:
            voters = voters.filter(name_key__in=set(keys))
            order_by = _ORDER_BY_KEYS
        else:
            voters = voters.filter(_name_filter(terms))
    rows = list(
        voters.select_related("tps__village__parent").order_by(*order_by)[offset : offset + limit]
    )
    return VoterPage(
        voters=rows[:page_size], number=page, page_size=page_size, has_next=len(rows) == limit
    )


def voter_find_by_nik(
    *, snapshot: Snapshot, nik: str, limit: int = PAGE_SIZE, tps_allowed: list[int] | None = None
) -> list[Voter]:
    """The snapshot's voters with this exact NIK (more than one is a duplicate, "ganda"),
    within tps_allowed when given (the user's jurisdiction).

    Found through the (nik, snapshot) index. The NIK arrives by POST, never in a URL.
    """
    if not snapshot.has_field("nik"):
        raise SearchUnavailable(
            code="nik_missing",
            field="nik",
            message=_("Daftar pemilih ini tidak memuat NIK, jadi tidak dapat dicari dengan NIK."),
        )
    voters = Voter.objects.filter(nik=nik, snapshot=snapshot).select_related("tps__village__parent")
    if tps_allowed is not None:
        voters = voters.filter(tps_id__in=tps_allowed)
    return list(voters.order_by("name_key", "id")[:limit])


@dataclass(frozen=True)
class RosterRow:
    number: int  # 1, 2, 3 … in file order
    voter: Voter
    nik_masked: str


@dataclass(frozen=True)
class TpsRoster:
    """The voters of one TPS in one snapshot, in file order, with the header counts."""

    tps: Tps
    snapshot: Snapshot
    rows: list[RosterRow]
    male: int
    female: int

    @property
    def total(self) -> int:
        return len(self.rows)


def tps_roster_build(*, tps: Tps, snapshot: Snapshot) -> TpsRoster:
    """All voters of the TPS (a few hundred), read through the (tps, snapshot, line) index.

    A printed list leaves the office: its NIKs are masked ("3505********0001").
    """
    if snapshot.election_id != tps.election_id:
        raise ValueError("the snapshot belongs to another election than the TPS")
    voters = list(Voter.objects.filter(tps=tps, snapshot=snapshot).order_by("source_line", "id"))
    return TpsRoster(
        tps=tps,
        snapshot=snapshot,
        rows=[
            RosterRow(number=number, voter=voter, nik_masked=nik_mask(voter.nik))
            for number, voter in enumerate(voters, start=1)
        ],
        male=sum(voter.sex == Sex.L for voter in voters),
        female=sum(voter.sex == Sex.P for voter in voters),
    )


def nik_mask(nik: str) -> str:
    """A NIK for a printed list: the region and serial kept, the birth date hidden.

    "3505014107800001" → "3505********0001"; a malformed one shorter than 12 characters is
    hidden except its last 2.
    """
    if not nik:
        return ""
    if len(nik) >= 12:
        return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
    return "*" * max(0, len(nik) - 2) + nik[-2:]
