"""record_search and the index, on the engine at hand (SQLite FTS5 or PostgreSQL)."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pengawas.accounts.roles import Role
from pengawas.archive.models import AccessLevel, Record, StoredFile, TextStatus
from pengawas.archive.search_index import (
    fts5_query,
    query_parse,
    search_index_update,
    search_index_update_many,
)
from pengawas.archive.services_search import record_search, search_explain
from pengawas.archive.tests.search_factories import record_make, tps_make
from pengawas.elections.models import Election

JATEN, SALAM, UDANAWU_JATI = "35.05.01.2001", "35.05.01.2002", "35.05.02.2001"


def titles(user: User, query: str = "", **filters: object) -> list[str]:
    return [record.title for record in record_search(user=user, query=query, **filters).records]


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="penulis")


def test_ranking_title_before_metadata_before_text(author: User) -> None:
    record_make(author, title="Surat biasa", description="ada kampanye di sini")
    record_make(author, title="Laporan", tags=["kampanye"])
    record_make(author, title="Pengawasan kampanye akbar")
    record_make(author, title="Tidak terkait", description="rapat pleno")
    assert titles(author, "kampanye ") == ["Pengawasan kampanye akbar", "Laporan", "Surat biasa"]


def test_case_accents_prefix_and_numbers(author: User) -> None:
    record_make(
        author,
        title="Pemilu Dàerah",
        description="Pengawasan distribusi logistik",
        number="001/LHP/PM.01.03/16.12/XI/2020",
    )
    assert titles(author, "DAERAH ") == ["Pemilu Dàerah"]
    assert titles(author, "pemilú") == ["Pemilu Dàerah"]
    assert titles(author, "logis") == ["Pemilu Dàerah"]  # typing: a prefix
    assert titles(author, "PM.01.03 ") == ["Pemilu Dàerah"]
    assert titles(author, "001/LHP/PM.01.03/16.12/XI/2020") == ["Pemilu Dàerah"]
    assert titles(author, "logis ") == []  # a finished word is a word


def test_metadata_places_classification_and_tags_are_searched(
    author: User, election: Election
) -> None:
    record_make(
        author,
        title="Form A",
        region=SALAM,
        classification="PM.01.03",
        tags=["netralitas"],
        election=election,
    )
    for query in ("salam", "wonodadi", "blitar", "netralitas", "PM.01.03", "pilbup"):
        assert titles(author, query + " ") == ["Form A"], query


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "kampanye\"'",
        "NEAR(a b)",
        "title:kampanye",
        "a OR b AND NOT c",
        "*",
        "(kampanye",
        "kampanye)*",
        "^kampanye",
        "-kampanye",
        "!!! & | <-> :*",
        "'; DROP TABLE archive_record; --",
        "\x00\ue000",
    ],
)
def test_query_syntax_in_input_never_breaks_the_search(author: User, query: str) -> None:
    record_make(author, title="Kampanye akbar")
    page = record_search(user=author, query=query)
    assert all(record.title == "Kampanye akbar" for record in page.records)
    assert Record.objects.count() == 1


def test_query_words_become_quoted_phrases() -> None:
    assert fts5_query(query_parse('kampanye "hitam" OR')) == '"kampanye" "hitam" "or"*'
    assert fts5_query(query_parse("PM.01.03 netral ")) == '"pm 01 03" "netral"'
    assert query_parse("  ").groups == ()


def test_filters(author: User, election: Election) -> None:
    record_make(
        author,
        title="A kampanye",
        function="pengawasan",
        election=election,
        stage="Kampanye",
        date=datetime.date(2020, 10, 1),
        classification="PM.01.03",
        tags=["apk"],
    )
    record_make(
        author,
        title="B kampanye",
        function="pencegahan",
        region=UDANAWU_JATI,
        date=datetime.date(2020, 12, 1),
        classification="PP.01",
    )
    q = "kampanye "
    assert titles(author, q, function="pencegahan") == ["B kampanye"]
    assert titles(author, q, election=election) == ["A kampanye"]
    assert titles(author, q, stage="Kampanye") == ["A kampanye"]
    assert titles(author, q, region_code="35.05.02") == ["B kampanye"]
    assert titles(author, q, region_code="35.05.01") == ["A kampanye"]
    assert titles(author, q, date_from=datetime.date(2020, 11, 1)) == ["B kampanye"]
    assert titles(author, q, date_to=datetime.date(2020, 11, 1)) == ["A kampanye"]
    assert titles(author, q, classification="PM") == ["A kampanye"]
    assert titles(author, q, tag="apk") == ["A kampanye"]
    # Without a query: filters alone, newest first.
    assert titles(author) == ["B kampanye", "A kampanye"]
    assert titles(author, function="pengawasan") == ["A kampanye"]


def test_pages_without_count(author: User) -> None:
    for n in range(7):
        record_make(author, title=f"Laporan {n}", date=datetime.date(2020, 11, 1 + n))
    with CaptureQueriesContext(connection) as queries:
        first = record_search(user=author, query="laporan ", page_size=3)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert len(first.hits) == 3 and first.has_next and not first.has_previous
    last = record_search(user=author, query="laporan ", page_size=3, page=3)
    assert len(last.hits) == 1 and not last.has_next and last.start_index == 7
    seen = [
        r.pk
        for p in (1, 2, 3)
        for r in record_search(user=author, query="laporan ", page_size=3, page=p).records
    ]
    assert len(set(seen)) == 7


def test_snippets_mark_the_words_and_escape_the_rest(author: User) -> None:
    record_make(
        author,
        title="Temuan",
        description="Ada <script>alert(1)</script> politik uang di dusun Krajan menjelang pemungutan suara.",
    )
    (hit,) = record_search(user=author, query="uang ").hits
    assert "<mark>uang</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


# --- Jurisdiction and access levels (rules.records_visible, inside the query) -------------


@pytest.fixture
def spread(author: User, election: Election) -> dict[str, Record]:
    """The same word in records all over Kabupaten Blitar."""
    tps_1 = tps_make(election, JATEN, 1)
    tps_2 = tps_make(election, JATEN, 2)
    return {
        "kab": record_make(author, title="pelanggaran kabupaten", region="35.05"),
        "wonodadi": record_make(author, title="pelanggaran kecamatan", region="35.05.01"),
        "jaten": record_make(author, title="pelanggaran jaten", region=JATEN),
        "salam": record_make(author, title="pelanggaran salam", region=SALAM),
        "udanawu": record_make(author, title="pelanggaran udanawu", region=UDANAWU_JATI),
        "tps1": record_make(author, title="pelanggaran tps1", region=JATEN, tps=tps_1),
        "tps2": record_make(author, title="pelanggaran tps2", region=JATEN, tps=tps_2),
        "terbatas": record_make(
            author, title="pelanggaran terbatas", region=JATEN, access_level=AccessLevel.TERBATAS
        ),
        "rahasia": record_make(
            author, title="pelanggaran rahasia", region=JATEN, access_level=AccessLevel.RAHASIA
        ),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.ADMINISTRATOR,
            {"kab", "wonodadi", "jaten", "salam", "udanawu", "tps1", "tps2", "terbatas"},
        ),
        (
            Role.KOMISIONER,
            {"kab", "wonodadi", "jaten", "salam", "udanawu", "tps1", "tps2", "terbatas", "rahasia"},
        ),
        (
            Role.SEKRETARIAT,
            {"kab", "wonodadi", "jaten", "salam", "udanawu", "tps1", "tps2", "terbatas"},
        ),
        (Role.PANWASCAM, {"wonodadi", "jaten", "salam", "tps1", "tps2", "terbatas"}),
        (Role.PKD, {"jaten", "tps1", "tps2"}),
        (Role.PTPS, {"tps1"}),
    ],
)
def test_each_role_finds_only_its_area_and_levels(
    spread: dict[str, Record], make_user: Callable[..., User], role: str, expected: set[str]
) -> None:
    user = make_user(role)
    by_title = {record.title: key for key, record in spread.items()}
    for query in ("pelanggaran", "pelanggaran "):
        found = {by_title[title] for title in titles(user, query)}
        assert found == expected, query
    assert {by_title[t] for t in titles(user)} == expected  # no query: the same rules


def test_the_author_finds_their_own_record_whatever_its_level(
    make_user: Callable[..., User],
) -> None:
    pkd = make_user(Role.PKD)
    record_make(pkd, title="catatan terbatas saya", access_level=AccessLevel.TERBATAS)
    assert titles(pkd, "catatan") == ["catatan terbatas saya"]


def test_nobody_finds_a_rahasia_records_file_text(
    author: User, make_user: Callable[..., User]
) -> None:
    komisioner = make_user(Role.KOMISIONER)
    secret = record_make(
        komisioner,
        title="Kajian dugaan suap",
        access_level=AccessLevel.RAHASIA,
        description="ringkasan tanpa isi berkas",
    )
    StoredFile.objects.create(
        record=secret,
        original_name="bukti.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_name="s-1",
        wrapped_key=b"k",
        key_id="k",
        created_by=komisioner,
        text="saksi melihat amplop berisi uang",
        text_status="extracted",
    )
    search_index_update(record=secret)
    assert titles(komisioner, "amplop") == []
    assert titles(komisioner, "suap ") == ["Kajian dugaan suap"]
    assert titles(komisioner, "ringkasan") == ["Kajian dugaan suap"]
    assert titles(author, "suap ") == []  # the sekretariat does not read rahasia
    stored = secret.files.get()
    assert stored.text == "" and stored.text_status == TextStatus.WITHHELD


def test_identity_numbers_in_file_text_are_indexed_masked(author: User) -> None:
    letter = record_make(author, title="Saran perbaikan DPT")
    StoredFile.objects.create(
        record=letter,
        original_name="lampiran.pdf",
        content_type="application/pdf",
        size=1,
        sha256="1" * 64,
        storage_name="s-2",
        wrapped_key=b"k",
        key_id="k",
        created_by=author,
        text="1 3505014107800001 SITI AMINAH TPS 001 NIK ganda",
        text_status="extracted",
    )
    search_index_update(record=letter)
    assert titles(author, "aminah") == ["Saran perbaikan DPT"]
    assert titles(author, "3505014107800001") == []
    assert "3505014107800001" not in record_search(user=author, query="aminah").hits[0].snippet
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM archive_search WHERE rowid = %s", [letter.pk])
        (body,) = cursor.fetchone()
    assert "3505014107800001" not in body and "3505********0001" in body


def test_a_record_made_rahasia_loses_its_text(author: User, make_user: Callable[..., User]) -> None:
    komisioner = make_user(Role.KOMISIONER)
    record = record_make(komisioner, title="Kajian")
    StoredFile.objects.create(
        record=record,
        original_name="a.txt",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        storage_name="s-2",
        wrapped_key=b"k",
        key_id="k",
        created_by=komisioner,
        text="amplop",
        text_status="extracted",
    )
    search_index_update(record=record)
    assert titles(komisioner, "amplop") == ["Kajian"]
    record.access_level = AccessLevel.RAHASIA
    record.save()  # the receiver re-indexes
    assert titles(komisioner, "amplop") == []
    assert record.files.get().text == ""


def test_index_follows_changes_of_title_and_tags(author: User) -> None:
    record = record_make(author, title="Judul lama")
    record.title = "Judul baru"
    record.save()
    assert titles(author, "lama ") == []
    assert titles(author, "baru ") == ["Judul baru"]
    record.tags.create(name="sengketa")
    assert titles(author, "sengketa ") == ["Judul baru"]


def test_bulk_indexing(author: User) -> None:
    records = Record.objects.bulk_create(
        [
            Record(
                author=author,
                title=f"Massal {n}",
                region_id=JATEN,
                function="umum",
                date=datetime.date(2020, 1, 1),
                description="dokumen massal",
            )
            for n in range(30)
        ]
    )
    assert titles(author, "massal ") == []  # bulk_create sends no signals
    assert search_index_update_many(records=records) == 30
    assert len(record_search(user=author, query="massal ", page_size=50).hits) == 30


def test_a_user_without_assignment_is_refused(db: None) -> None:
    nobody = User.objects.create_user("tanpa-peran")
    with pytest.raises(PermissionDenied):
        record_search(user=nobody, query="apa")


def test_the_plan_joins_the_match_and_the_rules_in_one_query(
    spread: dict[str, Record], make_user: Callable[..., User]
) -> None:
    plan = search_explain(user=make_user(Role.PKD), query="pelanggaran")
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE INDEX" in plan  # the FTS5 match drives the query
        assert "archive_record" in plan
    else:
        assert "archive_search" in plan and "archive_record" in plan
        assert "@@" in plan and "35.05.01.2001" in plan


def test_a_very_common_word_still_gives_a_page_inside_the_rules(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL ranks only the newest matches when a word is everywhere (BROAD_MATCHES);
    # made small here so that the path runs. SQLite ranks all matches either way.
    from pengawas.archive import services_search

    monkeypatch.setattr(services_search, "BROAD_MATCHES", 0)  # the planner says 1 at least
    monkeypatch.setattr(services_search, "RECENT_MATCHES", 5)
    komisioner, pkd = make_user(Role.KOMISIONER), make_user(Role.PKD)
    for n in range(12):
        region = JATEN if n % 2 else UDANAWU_JATI
        record_make(
            komisioner, title=f"kampanye {n}", region=region, date=datetime.date(2020, 1, 1 + n)
        )
    recent = []
    original = services_search._ranked_recent_ids
    monkeypatch.setattr(
        services_search,
        "_ranked_recent_ids",
        lambda *args, **kwargs: recent.append(1) or original(*args, **kwargs),
    )
    page = record_search(user=komisioner, query="kampanye", page_size=4)
    assert len(page.hits) == 4 and page.has_next
    assert bool(recent) == (connection.vendor == "postgresql")
    seen = [
        r.title
        for p in (1, 2, 3, 4)
        for r in record_search(user=pkd, query="kampanye", page_size=4, page=p).records
    ]
    assert sorted(seen) == sorted(f"kampanye {n}" for n in range(1, 12, 2))
