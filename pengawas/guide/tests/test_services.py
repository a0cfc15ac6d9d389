"""Publishing editions: checked first, numbered, idempotent, audited."""

import datetime
import shutil
from pathlib import Path

import pytest

from pengawas.audit.models import AuditEntry
from pengawas.guide.content import CONTENT_ROOT, ContentInvalid
from pengawas.guide.models import Edition, Section
from pengawas.guide.services import edition_publish, edition_search_index, series_for_election

pytestmark = pytest.mark.django_db


def series_copy(tmp_path: Path) -> Path:
    """A copy of the repository's content to edit in a test."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def test_publish_loads_every_page_with_its_html_and_search_index() -> None:
    edition, created = edition_publish(series="pilkada-2020")
    assert created and edition.number == 1
    assert edition.sections.count() >= 30
    section = edition.sections.get(page_id="pembukaan")
    assert section.type == "langkah" and section.data["checks"]
    assert "<h2" in section.body_html
    assert {page["id"] for page in edition.search_index["pages"]} == set(
        edition.sections.values_list("page_id", flat=True)
    )
    entry = AuditEntry.objects.get(action="guide.published")
    assert entry.detail["number"] == 1


def test_the_same_content_publishes_once() -> None:
    first, _ = edition_publish(series="pilkada-2020")
    again, created = edition_publish(series="pilkada-2020")
    assert not created and again.pk == first.pk
    assert Edition.objects.count() == 1


def test_invalid_content_publishes_nothing(tmp_path: Path) -> None:
    root = series_copy(tmp_path)
    page = root / "pilkada-2020" / "buku-saku" / "01-mengenal-ptps.md"
    page.write_text(page.read_text().replace("basis = [", "dasar = [", 1))
    with pytest.raises(ContentInvalid) as raised:
        edition_publish(series="pilkada-2020", root=root)
    messages = [problem.message for problem in raised.value.problems]
    assert any("kunci tidak dikenal 'dasar'" in message for message in messages)
    assert not Edition.objects.exists() and not Section.objects.exists()


def test_changed_content_is_the_next_edition(tmp_path: Path) -> None:
    edition_publish(series="pilkada-2020")
    root = series_copy(tmp_path)
    glossary = next((root / "pilkada-2020" / "buku-saku").glob("*-glosarium.md"))
    glossary.write_text(glossary.read_text() + "\nTambahan.\n")
    second, created = edition_publish(series="pilkada-2020", root=root)
    assert created and second.number == 2
    assert Edition.objects.get(number=1).sections.count() == second.sections.count()


def test_an_election_is_served_by_the_series_of_its_kind_and_year(election: object) -> None:
    from pengawas.elections.models import Election

    assert isinstance(election, Election)
    assert series_for_election(election=election) is None
    edition_publish(series="pilkada-2020")
    assert series_for_election(election=election) == "pilkada-2020"


def test_an_index_built_by_older_search_rules_is_rebuilt() -> None:
    edition, _ = edition_publish(series="pilkada-2020")
    fresh = edition.search_index
    Edition.objects.filter(pk=edition.pk).update(search_index={"version": 0})
    stale = Edition.objects.get(pk=edition.pk)
    assert edition_search_index(edition=stale) == fresh
    assert Edition.objects.get(pk=edition.pk).search_index == fresh


def test_each_election_finds_the_series_of_its_kind(tmp_path: Path) -> None:
    """A Pemilu 2024 series beside Pilkada 2020: each election is served by its own."""
    from pengawas.elections.models import Election

    root = series_copy(tmp_path)
    pemilu = root / "pemilu-2024"
    shutil.copytree(root / "pilkada-2020", pemilu)
    (pemilu / "edition.toml").write_text(
        'series = "pemilu-2024"\ntitle = "Pemilu 2024"\nkinds = ["pemilu"]\nvoting_day = 2024-02-14\n'
    )
    edition_publish(series="pilkada-2020")
    edition_publish(series="pemilu-2024", root=root)
    kinds = {"pilkada": "pilkada-2020", "pemilu": "pemilu-2024"}
    for kind, series in kinds.items():
        election = Election(kind=kind, voting_day=datetime.date(2024, 11, 27))
        assert series_for_election(election=election) == series
