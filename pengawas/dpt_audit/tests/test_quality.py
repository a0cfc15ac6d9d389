"""The audit's quality, measured: precision and recall per category on a generated list.

The synthetic generator plants every category (and decoys that look like problems but are
not) and writes the truth beside the list; the list is imported as KPU's file would be,
audited, and the findings compared with the truth (tests/scoring.py). The election here
allows 40 voters per TPS, so that a list of 20,000 voters has villages with several TPS,
hence over-full TPS and split families, not only in lists of a million.
"""

import csv
import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from pengawas.dpt.generator import dpt_generate
from pengawas.dpt.services.importing import dpt_import
from pengawas.dpt_audit.engine import audit_execute
from pengawas.dpt_audit.models import AuditRun, Category, Finding
from pengawas.dpt_audit.tests.scoring import misses, run_score
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Region

VOTERS = 20_000
SEED = 11
# Five times the default rate: every category gets dozens of cases in 20,000 rows.
PROBLEMS_RATE = 0.05


@dataclass
class Audited:
    run: AuditRun
    truth: Path


@pytest.fixture
def audited(blitar: Region, tmp_path: Path) -> Audited:
    election: Election = election_create(
        code="pilbup-uji-mutu",
        name="Pemilihan uji mutu audit",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2020, 12, 9),
        max_voters_per_tps=40,
    )
    out = tmp_path / "dpt.csv"
    generated = dpt_generate(
        election=election, voters=VOTERS, out=out, seed=SEED, problems_rate=PROBLEMS_RATE
    )
    imported = dpt_import(election=election, path=out, parallel=False)
    assert imported.rows_imported == generated.rows
    assert imported.rows_rejected == 0
    run = AuditRun.objects.create(snapshot=imported.snapshot, requested_by_name="uji")
    audit_execute(run=run)
    return Audited(run, generated.truth)


def _truth_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_precision_and_recall_per_category(audited: Audited) -> None:
    scores = run_score(audited.run, audited.truth)
    for category, score in scores.items():
        # Enough cases for a 0.99 bar to mean something.
        assert score.truth >= 20, (category, score.truth)
        wanted = 0.95 if category == Category.DUPLICATE_IDENTITY else 0.99
        assert score.precision >= wanted and score.recall >= wanted, (
            category,
            score,
            misses(audited.run, audited.truth, category),
        )


def test_hard_cases_are_planted_and_judged_right(audited: Audited) -> None:
    truth = _truth_rows(audited.truth)
    planted = Counter(row["category"] for row in truth)
    found: dict[str, set[str]] = {}
    for category, line in Finding.objects.filter(run=audited.run).values_list(
        "category", "source_line"
    ):
        found.setdefault(category, set()).add(str(line))
    flagged = set().union(*found.values())

    # Turning 17 exactly on voting day, and married under 17: eligible, never flagged.
    for decoy in ("DECOY_TURNS_17_ON_VOTING_DAY", "DECOY_MARRIED_UNDER_17"):
        assert planted[decoy] >= 3, decoy
        lines = {row["source_line"] for row in truth if row["category"] == decoy}
        assert not lines & flagged, decoy
    # Twins (one family, one birth date) and namesakes in another kecamatan: two people.
    for decoy in ("DECOY_TWINS", "DECOY_SAME_NAME_BIRTHDATE"):
        assert planted[decoy] >= 2, decoy
        lines = {row["source_line"] for row in truth if row["category"] == decoy}
        assert not lines & found.get(Category.DUPLICATE_IDENTITY, set()), decoy

    # Name variants (a spelling, an abbreviation, a title) and typos, all found.
    voters = dict(audited.run.snapshot.voters.values_list("source_line", "name"))
    groups: dict[str, list[str]] = {}
    for row in truth:
        if row["category"] == Category.DUPLICATE_IDENTITY:
            groups.setdefault(row["group"], []).append(row["source_line"])
    kinds: Counter[str] = Counter()
    for members in groups.values():
        names = [voters[int(line)] for line in members]
        kinds["abbreviation" if any("." in n.split(",")[0] for n in names) else "other"] += 1
        assert set(members) <= found[Category.DUPLICATE_IDENTITY], names
    assert len(groups) >= 20 and kinds["abbreviation"] >= 3, kinds

    # Exact duplicates listed in two TPS: every row of each group found.
    tps_of = dict(audited.run.snapshot.voters.values_list("source_line", "tps_id"))
    across = 0
    nik_groups: dict[str, list[str]] = {}
    for row in truth:
        if row["category"] == Category.DUPLICATE_NIK:
            nik_groups.setdefault(row["group"], []).append(row["source_line"])
    for members in nik_groups.values():
        assert set(members) <= found[Category.DUPLICATE_NIK]
        across += len({tps_of[int(line)] for line in members}) > 1
    assert across >= 5
