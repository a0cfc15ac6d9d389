"""Search in the Panduan: quality on real PTPS questions, speed, and the weight of the index.

Quality: the share of the questions in pengawas/guide/tests/data/questions-*.toml whose
expected page comes first (top 1) and among the first three (top 3). Baseline in the same run:
what one writes without the rules of guide/search.py — pages ranked by how many of the
query's words occur in their text as plain lower-case substrings.
Speed: every question searched 20 times with each; the index's size as served to the phone.
No database is needed: the pages come straight from the repository's content.

    .venv/bin/python bench/guide_search.py
"""

import dataclasses
import gzip
import itertools
import json
import os
import statistics
import sys
import time
import tomllib
from typing import Any

from common import ROOT, machine

ROUNDS = 20


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pengawas.settings")
    os.environ.setdefault("PENGAWAS_DEMO", "true")
    import django

    django.setup()
    from pengawas.guide.content import series_read
    from pengawas.guide.render import search_parts
    from pengawas.guide.search import SearchDocument, index_build, index_search

    pages = series_read("pilkada-2020").pages
    started = time.perf_counter()
    documents = [
        SearchDocument(
            page.id, page.title, page.book, f"/panduan/pilkada-2020/{page.id}/", page.summary,
            page.tags,
            search_parts(
                title=page.title, summary=page.summary, body=page.body,
                checks=[check.text for check in page.checks],
                nodes=[dataclasses.asdict(node) for node in page.nodes],
            ),
        )
        for page in pages
    ]  # fmt: skip
    index = index_build(documents)
    build_seconds = time.perf_counter() - started
    texts = {
        document.id: " ".join(
            [document.title, document.summary, *document.tags]
            + [part.title + " " + part.text for part in document.parts]
        ).lower()
        for document in documents
    }

    def naive(query: str) -> list[str]:
        query_words = query.lower().split()
        scored = {
            page_id: sum(text.count(word) > 0 for word in query_words)
            for page_id, text in texts.items()
        }
        return [p for p, s in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])) if s][:10]

    def ours(query: str) -> list[str]:
        return [hit["id"] for hit in index_search(index, query)]

    def read(*files: Any) -> list[tuple[str, str]]:
        found = []
        for file in files:
            found += [(q["q"], q["expect"]) for q in tomllib.loads(file.read_text())["questions"]]
        return found

    sets = {
        "test questions": read(
            *sorted((ROOT / "pengawas/guide/tests/data").glob("questions-*.toml"))
        ),
        "held-out questions": read(ROOT / "bench/data/guide-questions-heldout.toml"),
    }
    results: dict[str, dict[str, Any]] = {}
    for (label, questions), (name, search) in itertools.product(
        sets.items(), (("baseline (substring count)", naive), ("Pengawas", ours))
    ):
        top1 = sum(search(q)[:1] == [expected] for q, expected in questions)
        top3 = sum(expected in search(q)[:3] for q, expected in questions)
        timings = []
        for _ in range(ROUNDS):
            for question, _expected in questions:
                begun = time.perf_counter()
                search(question)
                timings.append((time.perf_counter() - begun) * 1000)
        timings.sort()
        results[f"{name}, {label}"] = {
            "n": len(questions),
            "top1": top1,
            "top3": top3,
            "p50": statistics.median(timings),
            "p95": timings[int(len(timings) * 0.95) - 1],
        }
    raw = json.dumps(index, separators=(",", ":")).encode()
    print(f"Machine: {machine()}")
    print(f"{len(pages)} pages, {ROUNDS} rounds of every question")
    print(f"index built in {build_seconds * 1000:.0f} ms; {len(raw) / 1024:.0f} KiB JSON, "
          f"{len(gzip.compress(raw)) / 1024:.0f} KiB gzip")  # fmt: skip
    print("| search | top 1 | top 3 | p50 | p95 |")
    print("|---|---|---|---|---|")
    for name, figures in results.items():
        print(
            f"| {name} | {figures['top1']}/{figures['n']} | {figures['top3']}/{figures['n']} "
            f"| {figures['p50']:.2f} ms | {figures['p95']:.2f} ms |"
        )


if __name__ == "__main__":
    main()
