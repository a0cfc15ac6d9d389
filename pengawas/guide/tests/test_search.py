"""Search in the Panduan, without a database: the rules, and real questions a PTPS asks."""

import dataclasses
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pengawas.guide.content import series_read
from pengawas.guide.render import search_parts
from pengawas.guide.search import (
    Part,
    SearchDocument,
    edit_distance_within,
    index_build,
    index_search,
    snippet,
    stems,
    words,
)

QUESTIONS_DIR = Path(__file__).parent / "data"


def _questions() -> list[tuple[str, str]]:
    found = []
    for file in sorted(QUESTIONS_DIR.glob("questions-*.toml")):
        for item in tomllib.loads(file.read_text(encoding="utf-8"))["questions"]:
            found.append((item["q"], item["expect"]))
    return found


@cache
def _real_index() -> dict[str, Any]:
    source = series_read("pilkada-2020")
    documents = [
        SearchDocument(
            page.id,
            page.title,
            page.book,
            f"/panduan/pilkada-2020/{page.id}/",
            page.summary,
            page.tags,
            search_parts(
                title=page.title,
                summary=page.summary,
                body=page.body,
                checks=[check.text for check in page.checks],
                nodes=[dataclasses.asdict(node) for node in page.nodes],
            ),
        )
        for page in source.pages
    ]
    return index_build(documents)


def test_there_are_at_least_thirty_real_questions() -> None:
    questions = _questions()
    assert len(questions) >= 30
    assert len({question for question, _ in questions}) == len(questions)


@pytest.mark.parametrize(("question", "expected"), _questions())
def test_a_real_question_finds_its_section_first(question: str, expected: str) -> None:
    results = index_search(_real_index(), question)
    assert results, f"nothing found for {question!r}"
    assert results[0]["id"] == expected, [hit["id"] for hit in results[:3]]


def test_words_fold_case_accents_numbers_and_sms_spelling() -> None:
    assert words("Suhu 37,3 °C — BLH nyoblos? Yg KTP-el") == ["suhu", "373", "coblos", "ktp", "el"]
    assert words("Pémilih") == ["pemilih"]


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("mencoblos", "coblos"),
        ("dicoblos", "coblos"),
        ("pencoblosan", "coblos"),
        ("memilih", "pilih"),
        ("pemilih", "pilih"),
        ("menyerahkan", "serah"),
        ("keberatan", "berat"),
        ("penghitungan", "hitung"),
        ("nyoblos", "coblos"),
        ("milih", "pilih"),
    ],
)
def test_stems_find_the_root_behind_affixes(word: str, root: str) -> None:
    assert root in stems(word)
    assert word in stems(word)


def test_edit_distance_counts_swaps_as_one_edit() -> None:
    assert edit_distance_within("keberatan", "kebratan", 1)
    assert edit_distance_within("pemungutan", "pemugnutan", 1)
    assert not edit_distance_within("suara", "surat", 1)
    assert edit_distance_within("suara", "surat", 2)


def _tiny_index() -> dict[str, Any]:
    return index_build(
        [
            SearchDocument(
                "dptb", "Pemilih DPTb", "putung", "/p/dptb/", "Pemilih tambahan.", ("ktp",),
                (Part("", "Pemilih DPTb", "Pemilih tambahan memakai KTP-el."),
                 Part("waktu", "Waktu", "Mulai pukul 12.00 sampai 13.00.")),
            ),
            SearchDocument(
                "suhu", "Suhu tubuh tinggi", "putung", "/p/suhu/", "Bilik khusus.", (),
                (Part("", "Suhu tubuh tinggi", "Pemilih bersuhu 37,3 derajat memilih di bilik khusus."),),
            ),
        ]
    )  # fmt: skip


def test_typos_and_prefixes_still_find_the_page() -> None:
    index = _tiny_index()
    assert index_search(index, "biik khusus")[0]["id"] == "suhu"  # a letter missing
    assert index_search(index, "tambah")[0]["id"] == "dptb"  # the last word, typed halfway
    assert index_search(index, "zzzz qqqq") == []


def test_a_result_links_to_the_part_where_the_words_are() -> None:
    hit = index_search(_tiny_index(), "dptb sampai pukul 13.00")[0]
    assert hit["url"] == "/p/dptb/#waktu"
    assert hit["snippet"] == "Mulai pukul 12.00 sampai 13.00."


def test_snippet_is_the_best_sentence_cut_short() -> None:
    text = "Kalimat pertama. " + "Pemilih tambahan " * 30 + "selesai."
    cut = snippet(text, {"tambah"})
    assert cut.startswith("Pemilih tambahan") and cut.endswith(" …") and len(cut) <= 182
