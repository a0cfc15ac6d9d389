"""The audit's group rules, found with SQL: rows that are wrong only next to other rows.

- DUPLICATE_NIK: GROUP BY nik over the whole snapshot (a row of a kecamatan that shares its
  NIK with a row elsewhere is a finding of that kecamatan too); every row of a group is a
  finding, the group numbered "DUPLICATE_NIK:<n>" in the order of its first line.
- TPS_OVER_CAPACITY: voters per TPS against the election's maximum; one finding per TPS.
- FAMILY_SPLIT: an NKK in more than one TPS of one desa; one finding per NKK and desa.
- DUPLICATE_IDENTITY: blocks of rows of one desa born the same day (GROUP BY desa, birth
  date), then their names compared pairwise (rules.names_similar) among rows with
  different well-formed NIKs; similar pairs are joined into groups. A second pass does the
  same for one family (one well-formed NKK) listed in more than one desa, comparing only rows
  of different desa (the first pass found the others).
"""

from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any

from django.db import connection

from pengawas.dpt.services.search import nik_mask
from pengawas.dpt_audit import rules
from pengawas.dpt_audit.engine import Context, as_date
from pengawas.dpt_audit.models import Category

# Rows of one group listed in an explanation, at most.
_LISTED = 10


def group_rules(context: Context, *, start: int) -> None:
    steps = [
        (Category.DUPLICATE_NIK, duplicate_nik, "Mencari NIK ganda"),
        (Category.DUPLICATE_IDENTITY, duplicate_identity, "Mencari identitas ganda"),
        (Category.TPS_OVER_CAPACITY, tps_over_capacity, "Menghitung pemilih per TPS"),
        (Category.FAMILY_SPLIT, family_split, "Mencari keluarga yang terpisah"),
    ]
    share = (100 - start) // len(steps)
    for index, (category, step, note) in enumerate(steps):
        if category in context.active:
            context.report(start + index * share, note)
            step(context)


def _query(sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            yield from batch


def _lines(context: Context, rows: list[tuple[int, int]], skip: int | None = None) -> str:
    """ "baris 12 (TPS 003 Jaten), baris 40 (TPS 001 Salam)" for (source_line, tps_id)."""
    shown = [f"baris {line} ({context.place(tps)})" for line, tps in rows if line != skip]
    more = len(shown) - _LISTED
    text = ", ".join(shown[:_LISTED])
    return text + (f", dan {more} baris lain" if more > 0 else "")


def duplicate_nik(context: Context) -> None:
    snapshot = context.snapshot.pk
    rows = _query(
        "SELECT nik, id, source_line, tps_id FROM dpt_voter"  # noqa: S608
        " WHERE snapshot_id = %s AND nik IN (SELECT nik FROM dpt_voter"
        f" WHERE {context.snapshot_filter()} AND nik <> '' GROUP BY nik HAVING COUNT(*) > 1)",
        [snapshot, snapshot],
    )
    groups: dict[str, list[tuple[int, int, int]]] = {}
    for nik, voter_id, line, tps_id in rows:
        if rules.well_formed(nik):
            groups.setdefault(nik, []).append((line, voter_id, tps_id))
    region = context.region_code
    ordered = sorted((sorted(members), nik) for nik, members in groups.items())
    for number, (members, nik) in enumerate(ordered, start=1):
        listed = [(line, tps_id) for line, _, tps_id in members]
        for line, voter_id, tps_id in members:
            village = context.tps[tps_id][0]
            if region is not None and not village.startswith(region + "."):
                continue
            detail = (
                f"NIK {nik_mask(nik)} tercatat di {len(members)} baris; baris lain: "
                f"{_lines(context, listed, skip=line)}"
            )
            context.findings.add(
                Category.DUPLICATE_NIK,
                detail,
                voter_id=voter_id,
                source_line=line,
                tps_id=tps_id,
                village_id=village,
                group=f"DUPLICATE_NIK:{number}",
            )


def tps_over_capacity(context: Context) -> None:
    maximum = context.election.max_voters_per_tps
    region_sql, params = context.region_filter()
    rows = _query(
        "SELECT tps_id, COUNT(*) FROM dpt_voter"  # noqa: S608
        f" WHERE {context.snapshot_filter()}{region_sql} GROUP BY tps_id HAVING COUNT(*) > %s",
        [context.snapshot.pk, *params, maximum],
    )
    found = sorted(rows, key=lambda row: context.tps[row[0]])
    for tps_id, count in found:
        village = context.tps[tps_id][0]
        detail = (
            f"{context.place(tps_id)} memuat {count} pemilih, melebihi batas {maximum} "
            f"pemilih per TPS ({count - maximum} lebih)"
        )
        context.findings.add(
            Category.TPS_OVER_CAPACITY,
            detail,
            tps_id=tps_id,
            village_id=village,
            group=f"TPS_OVER_CAPACITY:{village}/{context.tps[tps_id][1]}",
        )


def family_split(context: Context) -> None:
    region_sql, params = context.region_filter("v")
    # Voters per family and TPS, then the families (NKK, desa) found in more than one TPS.
    rows = _query(
        "SELECT nkk, village_id, tps_id, voters FROM (SELECT nkk, village_id, tps_id, voters,"  # noqa: S608
        " COUNT(*) OVER (PARTITION BY nkk, village_id) AS stations FROM"
        " (SELECT v.nkk, t.village_id, v.tps_id, COUNT(*) AS voters FROM dpt_voter v"
        " JOIN elections_tps t ON t.id = v.tps_id"
        f" WHERE {context.snapshot_filter('v')} AND v.nkk <> ''{region_sql}"
        " GROUP BY v.nkk, t.village_id, v.tps_id) per_tps) per_family WHERE stations > 1",
        [context.snapshot.pk, *params],
    )
    families: dict[tuple[str, str], dict[int, int]] = {}
    for nkk, village, tps_id, voters in rows:
        families.setdefault((nkk, village), {})[tps_id] = voters
    ordered = sorted(families.items(), key=lambda item: (item[0][1], item[0][0]))
    for number, ((nkk, village), counts) in enumerate(ordered, start=1):
        parts = [
            f"{context.tps_label(tps_id)} ({count} orang)"
            for tps_id, count in sorted(counts.items(), key=lambda item: context.tps[item[0]])
        ]
        name = context.village_names.get(village, village)
        detail = (
            f"Anggota keluarga NKK {nik_mask(nkk)} di desa/kelurahan {name} tercatat di "
            f"{len(parts)} TPS: {', '.join(parts)}"
        )
        context.findings.add(
            Category.FAMILY_SPLIT,
            detail,
            village_id=village,
            group=f"FAMILY_SPLIT:{number}",
            nkk=nkk,
        )


class _Row:
    __slots__ = ("birth", "key", "line", "name", "nik", "tps_id", "village", "voter_id")

    def __init__(self, row: tuple[Any, ...]) -> None:
        (self.voter_id, self.line, self.tps_id, self.village, born, self.nik, self.name,
         self.key) = row  # fmt: skip
        self.birth = as_date(born)


def _similar_groups(block: list[_Row], *, across_desa: bool = False) -> list[list[_Row]]:
    """The rows of one block (a desa, a birth date) joined into groups of similar names;
    `across_desa`: only pairs from different desa (a family's block)."""
    parent = list(range(len(block)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(block):
        if not rules.well_formed(a.nik):
            continue
        for j in range(i + 1, len(block)):
            b = block[j]
            if across_desa and a.village == b.village:
                continue
            if b.nik != a.nik and rules.well_formed(b.nik) and rules.names_similar(a.key, b.key):
                parent[root(j)] = root(i)
    members: dict[int, list[_Row]] = {}
    for i, row in enumerate(block):
        members.setdefault(root(i), []).append(row)
    return [group for group in members.values() if len(group) > 1]


def duplicate_identity(context: Context) -> None:
    region_sql, params = context.region_filter("v")
    inner_region, inner_params = context.region_filter("v2")
    snapshot = context.snapshot.pk
    # Rows whose desa and birth date they share with another row, block by block.
    rows = _query(
        "SELECT v.id, v.source_line, v.tps_id, t.village_id, v.birth_date, v.nik, v.name,"  # noqa: S608
        " v.name_key FROM dpt_voter v JOIN elections_tps t ON t.id = v.tps_id"
        f" WHERE {context.snapshot_filter('v')}{region_sql}"
        " AND (t.village_id, v.birth_date) IN (SELECT t2.village_id, v2.birth_date"
        " FROM dpt_voter v2 JOIN elections_tps t2 ON t2.id = v2.tps_id"
        f" WHERE {context.snapshot_filter('v2')} AND v2.birth_date IS NOT NULL{inner_region}"
        " GROUP BY t2.village_id, v2.birth_date HAVING COUNT(*) > 1)"
        " ORDER BY t.village_id, v.birth_date, v.source_line",
        [snapshot, *params, snapshot, *inner_params],
    )
    number = _identity_findings(
        context, rows, key=lambda row: (row[3], row[4]), place="di desa/kelurahan yang sama"
    )
    # One family (a well-formed NKK) listed in more than one desa: the same, across desa.
    family_rows = _query(
        "SELECT v.id, v.source_line, v.tps_id, t.village_id, v.birth_date, v.nik, v.name,"  # noqa: S608
        " v.name_key, v.nkk FROM dpt_voter v JOIN elections_tps t ON t.id = v.tps_id"
        f" WHERE {context.snapshot_filter('v')}{region_sql} AND v.birth_date IS NOT NULL"
        " AND (v.nkk, v.birth_date) IN (SELECT v2.nkk, v2.birth_date"
        " FROM dpt_voter v2 JOIN elections_tps t2 ON t2.id = v2.tps_id"
        f" WHERE {context.snapshot_filter('v2')} AND v2.birth_date IS NOT NULL"
        f" AND LENGTH(v2.nkk) = 16{inner_region}"
        " GROUP BY v2.nkk, v2.birth_date HAVING COUNT(DISTINCT t2.village_id) > 1)"
        " ORDER BY v.nkk, v.birth_date, v.source_line",
        [snapshot, *params, snapshot, *inner_params],
    )
    _identity_findings(
        context,
        family_rows,
        key=lambda row: (row[8], row[4]),
        place="dalam satu keluarga (NKK sama) di desa/kelurahan lain",
        across_desa=True,
        first_number=number,
    )


def _identity_findings(
    context: Context,
    rows: Iterator[tuple[Any, ...]],
    *,
    key: Callable[[tuple[Any, ...]], Any],
    place: str,
    across_desa: bool = False,
    first_number: int = 0,
) -> int:
    """Findings for the similar-name groups of each block; returns the last group number."""
    number = first_number
    for _, block_rows in groupby(rows, key=key):
        block = [_Row(row[:8]) for row in block_rows]
        if len(block) < 2:
            continue
        for group in _similar_groups(block, across_desa=across_desa):
            number += 1
            for row in group:
                others = [other for other in group if other is not row]
                notes = "; ".join(
                    f"baris {other.line} ({context.place(other.tps_id)}, NIK "
                    f"{nik_mask(other.nik)}): "
                    f"{rules.similarity_note(row.name, other.name, row.key, other.key)}"
                    for other in others[:_LISTED]
                )
                birth = row.birth
                born = f"{birth:%d-%m-%Y}" if birth else "-"
                detail = f"Diduga orang yang sama dengan NIK lain: lahir {born}, {place}; {notes}"
                context.findings.add(
                    Category.DUPLICATE_IDENTITY,
                    detail,
                    voter_id=row.voter_id,
                    source_line=row.line,
                    tps_id=row.tps_id,
                    village_id=row.village,
                    group=f"DUPLICATE_IDENTITY:{number}",
                )
    return number
