"""Scoring an audit run against the generator's truth file (used by test_quality and bench/).

Rows are compared by category and source line; TPS_OVER_CAPACITY by TPS ("<desa>/<number>",
the truth file's tps_key) and FAMILY_SPLIT by NKK. Decoy rows in the truth file are in no
category: an audit that flags them loses precision.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from pengawas.dpt_audit.models import AuditRun, Category, Finding


@dataclass(frozen=True)
class Score:
    category: str
    truth: int
    found: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.truth if self.truth else 1.0


def truth_keys(path: Path) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {category: set() for category in Category.values}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            category = row["category"]
            if category not in keys:
                continue  # a decoy
            if category == Category.TPS_OVER_CAPACITY:
                keys[category].add(row["tps_key"])
            elif category == Category.FAMILY_SPLIT:
                keys[category].add(row["nkk"])
            else:
                keys[category].add(row["source_line"])
    return keys


def found_keys(run: AuditRun) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {category: set() for category in Category.values}
    rows = Finding.objects.filter(run=run).values_list(
        "category", "source_line", "nkk", "village_id", "tps__number"
    )
    for category, line, nkk, village, tps_number in rows.iterator(chunk_size=5000):
        if category == Category.TPS_OVER_CAPACITY:
            keys[category].add(f"{village}/{tps_number}")
        elif category == Category.FAMILY_SPLIT:
            keys[category].add(nkk)
        else:
            keys[category].add(str(line))
    return keys


def run_score(run: AuditRun, truth: Path) -> dict[str, Score]:
    expected = truth_keys(truth)
    found = found_keys(run)
    return {
        category: Score(
            category,
            len(expected[category]),
            len(found[category]),
            len(expected[category] & found[category]),
        )
        for category in Category.values
    }


def misses(run: AuditRun, truth: Path, category: str) -> tuple[set[str], set[str]]:
    """(false negatives, false positives) of one category, for diagnosing a failed score."""
    expected = truth_keys(truth)[category]
    found = found_keys(run)[category]
    return expected - found, found - expected
