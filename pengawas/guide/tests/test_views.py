"""Reading the Panduan over the web: books, pages, decision guides, editions, search."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.guide.content import CONTENT_ROOT
from pengawas.guide.models import Edition
from pengawas.guide.services import edition_publish
from pengawas.guide.tests.test_services import series_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(make_user: Callable[..., User], login: Callable[..., None], client: Client) -> Client:
    login(client, make_user(Role.PKD))
    return client


def test_home_sends_a_ptps_to_the_series_of_their_election(
    edition: Edition, ptps: User, login: Callable[..., None], client: Client
) -> None:
    login(client, ptps)
    response = client.get(reverse("guide-home"))
    assert response["Location"] == reverse("guide-series", args=["pilkada-2020"])


def test_home_without_any_edition_says_how_to_publish(reader: Client) -> None:
    response = reader.get(reverse("guide-home"))
    assert response.status_code == 200
    assert "guide_publish" in response.content.decode()


def test_series_lists_both_books_with_steps_and_decision_guides(
    edition: Edition, reader: Client
) -> None:
    html = reader.get(reverse("guide-series", args=["pilkada-2020"])).content.decode()
    assert "Buku Saku PTPS" in html and "Putung" in html
    assert reverse("guide-page", args=["pilkada-2020", "pemilih-dptb"]) in html
    assert "Kasus sulit" in html
    # Only a PTPS keeps a checklist.
    assert reverse("guide-checklist", args=["pilkada-2020"]) not in html


def test_page_shows_its_legal_basis_and_links_within_the_edition(
    edition: Edition, reader: Client
) -> None:
    response = reader.get(reverse("guide-page", args=["pilkada-2020", "mengenal-ptps"]))
    html = response.content.decode()
    assert "Dasar hukum" in html
    assert "UU 1/2015 Pasal 27 ayat (2)" in html
    assert 'title="Undang-Undang Nomor 1 Tahun 2015' in html
    assert 'href="../' in html  # links to other pages stay inside the edition


def test_a_step_lists_its_checklist_with_basis(edition: Edition, reader: Client) -> None:
    html = reader.get(reverse("guide-page", args=["pilkada-2020", "pembukaan"])).content.decode()
    assert 'id="daftar-periksa"' in html
    section = edition.sections.get(page_id="pembukaan")
    for check in section.data["checks"]:
        assert f'id="c-{check["id"]}"' in html


def test_a_decision_guide_renders_every_node_as_a_link_target(
    edition: Edition, reader: Client
) -> None:
    section = edition.sections.get(page_id="kasus-pemungutan-ulang")
    html = reader.get(
        reverse("guide-page", args=["pilkada-2020", section.page_id])
    ).content.decode()
    for node in section.data["nodes"]:
        assert f'id="n-{node["id"]}"' in html
        for option in node.get("options", []):
            assert f'href="#n-{option["next"]}"' in html
    assert "guide-node-start" in html


def test_ballot_drawings_are_inline_svg_without_script(edition: Edition, reader: Client) -> None:
    html = reader.get(
        reverse("guide-page", args=["pilkada-2020", "surat-suara-sah"])
    ).content.decode()
    assert html.count("<svg") == 13
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_unknown_page_or_series_is_404(edition: Edition, reader: Client) -> None:
    assert reader.get(reverse("guide-page", args=["pilkada-2020", "tidak-ada"])).status_code == 404
    assert reader.get(reverse("guide-series", args=["pemilu-1999"])).status_code == 404


def test_earlier_editions_stay_readable_and_changes_are_shown(
    edition: Edition, reader: Client, tmp_path: Path
) -> None:
    root = series_copy(tmp_path)
    page = root / "pilkada-2020" / "buku-saku" / "01-mengenal-ptps.md"
    page.write_text(
        page.read_text().replace("## ", "## Catatan edisi dua\n\nKalimat baru.\n\n## ", 1)
    )
    second, created = edition_publish(series="pilkada-2020", root=root, note="Perbaikan bab 1")
    assert created and second.number == 2

    old = reader.get(reverse("guide-edition-page", args=["pilkada-2020", 1, "mengenal-ptps"]))
    assert "Kalimat baru" not in old.content.decode()
    assert "Anda membaca edisi 1" in old.content.decode()
    new = reader.get(reverse("guide-page", args=["pilkada-2020", "mengenal-ptps"]))
    assert "Kalimat baru" in new.content.decode()

    changes = reader.get(reverse("guide-changes", args=["pilkada-2020"]), {"dari": 1, "ke": 2})
    html = changes.content.decode()
    assert changes.status_code == 200
    assert "Mengenal" in html or "mengenal" in html
    assert "+ Kalimat baru." in html
    assert "1 halaman berubah" in html
    assert (
        "Perbaikan bab 1"
        in reader.get(reverse("guide-editions", args=["pilkada-2020"])).content.decode()
    )


def test_changes_refuse_an_edition_that_does_not_exist(edition: Edition, reader: Client) -> None:
    response = reader.get(reverse("guide-changes", args=["pilkada-2020"]), {"dari": 7, "ke": 1})
    assert response.status_code == 400
    assert "Pilih dua edisi" in response.content.decode()


def test_search_page_links_to_the_section(edition: Edition, reader: Client) -> None:
    response = reader.get("/panduan/cari", {"q": "jam brp pemilih dptb boleh nyoblos"})
    html = response.content.decode()
    assert response.status_code == 200
    first = html.split('class="guide-results"', 1)[1]
    assert (
        reverse("guide-page", args=["pilkada-2020", "pemilih-dptb"]) in first.split("</li>", 1)[0]
    )


def test_search_api_answers_json_best_first(edition: Edition, reader: Client) -> None:
    response = reader.get("/api/v1/panduan/cari", {"q": "suhu 38 derajat boleh milih"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["id"] == "kasus-suhu-tinggi"
    assert set(results[0]) == {"id", "title", "book", "snippet", "url"}
    assert results[0]["url"].startswith("/panduan/pilkada-2020/kasus-suhu-tinggi/")
    assert reader.get("/api/v1/panduan/cari", {"q": ""}).json() == {"results": []}


def test_search_api_refuses_the_public_and_users_without_a_role(
    edition: Edition, client: Client, login: Callable[..., None]
) -> None:
    assert client.get("/api/v1/panduan/cari", {"q": "dptb"}).status_code == 401
    login(client, User.objects.create_user("tanpa-peran"))
    assert client.get("/api/v1/panduan/cari", {"q": "dptb"}).status_code == 403


def test_search_index_is_the_editions_and_carries_its_hash(
    edition: Edition, reader: Client
) -> None:
    response = reader.get(reverse("guide-search-index", args=["pilkada-2020"]))
    assert response.json()["pages"][0]["id"]
    assert response["ETag"] == f'"{edition.content_hash}"'


def test_offline_list_names_every_page_and_the_worker_is_scoped(
    edition: Edition, reader: Client
) -> None:
    listing = reader.get(reverse("guide-offline-list", args=["pilkada-2020"])).json()
    pages = {url for url in listing["urls"] if url.startswith("/panduan/pilkada-2020/")}
    assert len(pages) >= edition.sections.count()
    worker = reader.get(reverse("guide-service-worker"))
    assert worker["Service-Worker-Allowed"] == "/panduan/"
    assert listing["version"] in worker.content.decode()
    manifest = reader.get(reverse("guide-manifest")).json()
    assert manifest["scope"] == "/panduan/" and manifest["start_url"] == "/panduan/"


def test_content_root_is_the_repository_folder() -> None:
    assert (CONTENT_ROOT / "pilkada-2020" / "edition.toml").is_file()


def test_every_file_the_phone_keeps_exists() -> None:
    from django.contrib.staticfiles import finders

    from pengawas.guide.views_offline import OFFLINE_STATIC

    for name in OFFLINE_STATIC:
        assert finders.find(name), name
