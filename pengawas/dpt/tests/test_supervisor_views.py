"""The supervisors' search page, its htmx fragments and the printable TPS list."""

import datetime
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.dpt.models import Snapshot, Voter
from pengawas.elections.models import Election, Tps

JATEN = "35.05.01.2001"  # desa in kecamatan Wonodadi (35.05.01)
JATI = "35.05.02.2001"  # desa in kecamatan Udanawu (35.05.02)
NIK = "3505014107500001"
SEARCH = reverse("dpt-search")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
_sha = itertools.count(2000)
# 26 second names, in alphabetical order of their search keys (YANTI last).
SECOND_NAMES = (
    "ADI ANGGUN BAYU BUNGA CANDRA CITRA DEWI DIAN EKA ELOK FAJAR FITRI GITA INDAH JAYA "
    "KARTIKA LESTARI NINGSIH OKTA PUTRI RATNA SARI TUTI UTAMI WATI YANTI"
).split()

MakeVoter = Callable[..., Voter]


@pytest.fixture
def logged_in(client: Client, supervisor: User, login: Callable[..., None]) -> Client:
    login(client, supervisor)
    return client


@pytest.fixture
def voters(make_voter: MakeVoter) -> dict[str, Voter]:
    return {
        "siti": make_voter(
            name="Hj. SITI AMINAH", nik=NIK, nkk="3505010101500001", sex="P",
            birth_place="BLITAR", birth_date=datetime.date(1950, 7, 1), age=70,
            marital_status="S", address="DUSUN KRAJAN", rt="001", rw="002",
            disability="2", remark="B",
        ),
        "moch": make_voter(name="MOCH. HIDAYAT", sex="L", birth_date=datetime.date(1980, 1, 2)),
        "jati": make_voter(name="SITI JATI", village=JATI, sex="P",
                           birth_date=datetime.date(1950, 2, 2)),
    }  # fmt: skip


def seven_column_snapshot(election: Election) -> Snapshot:
    return Snapshot.objects.create(
        election=election,
        stage="DPT",
        source_name="softcopy-kpu.xlsx",
        source_sha256=f"{next(_sha):064x}",
        source_size=1,
        fields_present=["name", "sex", "age", "address", "rt", "rw", "remark"],
    )


def results_html(html: str) -> str:
    match = re.search(r'<section id="results".*?</section>', html, re.S)
    assert match, "no results section"
    return match.group(0)


# --- the denied path ------------------------------------------------------------------


class TestLoginRequired:
    def test_search_page_redirects_to_login(self, client: Client, voters: object) -> None:
        response = client.get(SEARCH, {"q": "siti", "desa": JATEN})
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("login")
        # Back to the page afterwards, without its query: it could carry a name.
        assert parse_qs(location.query)["next"] == [SEARCH]

    def test_htmx_fragment_sends_the_whole_page_to_login(
        self, client: Client, voters: object
    ) -> None:
        response = client.post(
            SEARCH,
            {"q": "siti"},
            **HTMX,
            HTTP_HX_CURRENT_URL=f"http://testserver{SEARCH}?desa={JATEN}",
        )
        assert response.status_code == 200
        assert "SITI" not in response.content.decode()
        location = urlsplit(response["HX-Redirect"])
        assert location.path == reverse("login")
        assert parse_qs(location.query)["next"] == [SEARCH]

    def test_nik_search_redirects_to_login(self, client: Client, voters: object) -> None:
        response = client.post(SEARCH, {"nik": NIK})
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("login")
        assert NIK not in response["Location"]

    def test_tps_list_redirects_to_login(self, client: Client, voters: dict[str, Voter]) -> None:
        url = reverse("dpt-tps-list", args=[voters["siti"].tps_id])
        response = client.get(url)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("login")
        assert "AMINAH" not in response.content.decode()


# --- the search page ------------------------------------------------------------------


class TestSearchPage:
    def test_bare_page_shows_the_form_and_nobody(
        self, logged_in: Client, voters: object, election: Election
    ) -> None:
        response = logged_in.get(SEARCH)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="search-form"' in html and 'name="q"' in html
        assert election.name in html
        assert "AMINAH" not in html
        assert 'class="voter"' not in html
        assert "no-store" in response["Cache-Control"]

    def test_name_search_shows_a_masked_card(
        self, logged_in: Client, voters: dict[str, Voter], snapshot: Snapshot
    ) -> None:
        response = logged_in.post(SEARCH, {"q": "siti amin"})
        results = results_html(response.content.decode())
        assert "Hj. SITI AMINAH" in results
        assert "MOCH" not in results and "SITI JATI" not in results
        siti = voters["siti"]
        for text in ["3505********0001", "70 th", "001/002", "Jaten", "Wonodadi", "TPS 001",
                     f"<dd>{siti.source_line}</dd>"]:  # fmt: skip
            assert text in results, text
        for text in [NIK, "3505010101500001", "1 Juli 1950", "DUSUN KRAJAN"]:
            assert text not in results, text
        tps_link = reverse("dpt-tps-list", args=[siti.tps_id]) + f"?snapshot={snapshot.pk}"
        assert f'href="{tps_link}"' in results
        assert reverse("dpt-voter-detail", args=[siti.pk]) in results
        assert "1 pemilih ditemukan" in results

    def test_the_full_record_has_its_own_page(
        self, logged_in: Client, voters: dict[str, Voter]
    ) -> None:
        siti = voters["siti"]
        page = logged_in.get(reverse("dpt-voter-detail", args=[siti.pk])).content.decode()
        for text in [NIK, "3505010101500001", "BLITAR, 1 Juli 1950", "70 tahun", "Perempuan",
                     "Sudah kawin", "DUSUN KRAJAN", "001/002", "Jaten", "Wonodadi", "TPS 001",
                     f"<dd>{siti.source_line}</dd>", "jejak audit"]:  # fmt: skip
            assert text in page, text

    def test_variant_spelling_through_the_page(self, logged_in: Client, voters: object) -> None:
        results = results_html(logged_in.post(SEARCH, {"q": "Muhammad Hidayat"}).content.decode())
        assert "MOCH. HIDAYAT" in results

    def test_htmx_request_returns_only_the_results_fragment(
        self, logged_in: Client, voters: object
    ) -> None:
        response = logged_in.post(SEARCH, {"q": "siti"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<section id="results"')
        assert "<html" not in html and 'id="search-form"' not in html
        assert "Hj. SITI AMINAH" in html and "SITI JATI" in html
        assert "HX-Request" in response["Vary"]

    def test_history_restore_gets_the_whole_page(self, logged_in: Client, voters: object) -> None:
        response = logged_in.post(
            SEARCH, {"q": "siti"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
        )
        html = response.content.decode()
        assert "<html" in html and 'id="search-form"' in html and "SITI JATI" in html

    def test_filters_without_a_name(self, logged_in: Client, voters: object) -> None:
        results = results_html(
            logged_in.get(SEARCH, {"desa": JATEN, "birth_year": "1950"}).content.decode()
        )
        assert "Hj. SITI AMINAH" in results
        assert "SITI JATI" not in results and "MOCH" not in results

    def test_kecamatan_sex_and_tps_filters(self, logged_in: Client, voters: object) -> None:
        by_kecamatan = results_html(
            logged_in.post(SEARCH, {"q": "siti", "kecamatan": "35.05.02"}).content.decode()
        )
        assert "SITI JATI" in by_kecamatan and "AMINAH" not in by_kecamatan
        by_sex = results_html(logged_in.get(SEARCH, {"sex": "L"}).content.decode())
        assert "MOCH. HIDAYAT" in by_sex and "SITI" not in by_sex
        by_tps = results_html(logged_in.post(SEARCH, {"q": "siti", "tps": "2"}).content.decode())
        assert "Tidak ada pemilih yang cocok" in by_tps

    def test_desa_of_another_kecamatan_is_dropped(self, logged_in: Client, voters: object) -> None:
        """A desa left over after the kecamatan changed does not silently empty the list."""
        response = logged_in.post(SEARCH, {"q": "siti", "kecamatan": "35.05.02", "desa": JATEN})
        results = results_html(response.content.decode())
        assert "SITI JATI" in results and "AMINAH" not in results
        assert response.context["form"].chosen_village is None

    def test_desa_choices_follow_the_kecamatan(self, logged_in: Client, voters: object) -> None:
        response = logged_in.get(
            SEARCH,
            {"kecamatan": "35.05.02"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="desa-field",
        )
        html = response.content.decode()
        assert html.lstrip().startswith('<label id="desa-field"')
        assert 'value="35.05.02.2001"' in html  # Jati, in Udanawu
        assert f'value="{JATEN}"' not in html  # Jaten is in Wonodadi
        assert 'id="results"' not in html

    def test_region_fields_follow_the_election(
        self, logged_in: Client, voters: object, snapshot: Snapshot
    ) -> None:
        response = logged_in.get(
            SEARCH,
            {"election": snapshot.election.code},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="region-fields",
        )
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="region-fields"')
        assert f'<option value="{snapshot.pk}" selected>' in html
        assert 'value="35.05.22"' in html  # kecamatan Selopuro
        assert 'id="results"' not in html

    def test_pager_buttons_post_the_page(self, logged_in: Client, make_voter: MakeVoter) -> None:
        for name in SECOND_NAMES:
            make_voter(name=f"SRI {name}")
        response = logged_in.post(SEARCH, {"q": "sri"})
        results = results_html(response.content.decode())
        assert results.count('class="voter"') == 25
        assert "Halaman 1" in results and "SRI YANTI" not in results
        # The pager submits the search form (POST) with the page: the name stays out of URLs.
        assert re.search(r'form="search-form" name="page" value="2"[^>]*rel="next"', results)
        assert 'rel="prev"' not in results and "href=" not in results.split('class="pager"')[1]
        second = results_html(logged_in.post(SEARCH, {"q": "sri", "page": "2"}).content.decode())
        assert "SRI YANTI" in second and "SRI ADI" not in second
        assert 'value="1"' in second and 'rel="prev"' in second and 'rel="next"' not in second
        assert "pemilih ke-26 sampai 26" in second

    def test_digits_in_the_name_box_are_refused(self, logged_in: Client, voters: object) -> None:
        response = logged_in.post(SEARCH, {"q": NIK}, **HTMX)
        html = response.content.decode()
        assert "Kotak ini untuk nama" in html
        assert "AMINAH" not in html

    def test_a_name_in_a_url_is_ignored(self, logged_in: Client, voters: object) -> None:
        """Names come by POST only: one typed into a URL is not searched for."""
        response = logged_in.get(SEARCH, {"q": "siti", "desa": JATEN})
        results = results_html(response.content.decode())
        assert response.context["form"].cleaned_data["q"] == ""
        assert "Hj. SITI AMINAH" in results  # the desa filter alone still applies
        assert "HX-Replace-Url" not in response and "HX-Push-Url" not in response

    def test_the_search_form_posts(self, logged_in: Client, voters: object) -> None:
        html = logged_in.get(SEARCH).content.decode()
        form = re.search(r'<form id="search-form"[^>]*>', html)
        assert form and 'method="post"' in form.group(0) and "hx-post=" in form.group(0)
        assert "hx-get=" not in html

    def test_other_snapshot_is_searchable_and_separate(
        self, logged_in: Client, voters: object, election: Election, make_voter: MakeVoter
    ) -> None:
        soft_copy = seven_column_snapshot(election)
        make_voter(name="SITI LAMA", snapshot=soft_copy, sex="P", age=55)
        results = results_html(
            logged_in.post(SEARCH, {"q": "siti", "snapshot": soft_copy.pk}).content.decode()
        )
        assert "SITI LAMA" in results and "AMINAH" not in results and "SITI JATI" not in results
        # The 7-column list has no NIK or birth date to show.
        assert ">NIK<" not in results and "Tempat, tgl lahir" not in results
        assert "55 th" in results

    def test_birth_year_on_a_seven_column_list_says_it_is_unavailable(
        self, logged_in: Client, election: Election, make_voter: MakeVoter
    ) -> None:
        soft_copy = seven_column_snapshot(election)
        make_voter(name="SITI LAMA", snapshot=soft_copy, sex="P", age=70)
        response = logged_in.post(
            SEARCH, {"q": "siti", "snapshot": soft_copy.pk, "birth_year": "1950"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        results = results_html(html)
        assert "tidak memuat tanggal lahir" in results
        assert "SITI LAMA" not in results
        assert "Tidak tersedia: daftar ini tanpa tanggal lahir." in html

    def test_election_without_a_list(self, logged_in: Client, election: Election) -> None:
        html = logged_in.post(SEARCH, {"q": "siti"}).content.decode()
        assert "belum punya daftar pemilih" in html

    def test_no_election_at_all(self, logged_in: Client) -> None:
        html = logged_in.get(SEARCH).content.decode()
        assert "Belum ada pemilihan" in html


# --- NIK search (POST) ----------------------------------------------------------------


class TestNikSearch:
    def test_finds_the_voter_without_putting_the_nik_in_a_url(
        self, logged_in: Client, voters: object, snapshot: Snapshot
    ) -> None:
        response = logged_in.post(
            SEARCH,
            {"nik": "3505 0141 0750 0001", "election": snapshot.election.code},
            **HTMX,
        )
        html = response.content.decode()
        assert "Hj. SITI AMINAH" in html and "SITI JATI" not in html
        assert "HX-Push-Url" not in response and "HX-Replace-Url" not in response
        assert NIK not in re.sub(r"<dd[^>]*>" + NIK, "", html)  # only shown as the record

    def test_refuses_a_partial_nik(self, logged_in: Client, voters: object) -> None:
        html = logged_in.post(SEARCH, {"nik": "350501"}, **HTMX).content.decode()
        assert "16 digit" in html and "AMINAH" not in html

    def test_list_without_nik(
        self, logged_in: Client, election: Election, make_voter: MakeVoter
    ) -> None:
        soft_copy = seven_column_snapshot(election)
        html = logged_in.post(
            SEARCH, {"nik": NIK, "snapshot": soft_copy.pk}, **HTMX
        ).content.decode()
        assert "tidak memuat NIK" in html

    def test_needs_the_csrf_token(
        self, supervisor: User, voters: object, login: Callable[..., None]
    ) -> None:
        client = Client(enforce_csrf_checks=True)
        login(client, supervisor)
        assert client.post(SEARCH, {"nik": NIK}).status_code == 403


# --- the list of one TPS --------------------------------------------------------------


class TestTpsList:
    def test_header_and_voters_in_file_order(
        self, logged_in: Client, election: Election, snapshot: Snapshot, make_voter: MakeVoter
    ) -> None:
        tps, _ = Tps.objects.get_or_create(election=election, village_id=JATEN, number=1)
        Tps.objects.filter(pk=tps.pk).update(address="Balai Desa Jaten")
        for line, name, sex in [(40, "ZAINAL", "L"), (10, "BUDI", "L"), (25, "ANI", "P")]:
            voter = make_voter(name=name, sex=sex, nik=f"35050101018000{line}")
            Voter.objects.filter(pk=voter.pk).update(source_line=line)
        make_voter(name="LAIN TPS", tps=2)
        response = logged_in.get(reverse("dpt-tps-list", args=[tps.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        for text in [election.name, "Wonodadi", "Jaten", "TPS 001", "Balai Desa Jaten",
                     "L 2 · P 1 · jumlah 3"]:  # fmt: skip
            assert text in html, text
        body = html[html.index("<tbody>") :]
        assert body.index("BUDI") < body.index("ANI") < body.index("ZAINAL")
        assert "LAIN TPS" not in html
        # The printed list masks NIKs.
        assert "3505********0010" in html and "3505010101800010" not in html
        assert "no-store" in response["Cache-Control"]

    def test_older_snapshot_on_request(
        self, logged_in: Client, election: Election, make_voter: MakeVoter
    ) -> None:
        current = make_voter(name="BARU")
        soft_copy = seven_column_snapshot(election)
        make_voter(name="LAMA", snapshot=soft_copy)
        url = reverse("dpt-tps-list", args=[current.tps_id])
        default = logged_in.get(url).content.decode()
        # The newest import of the same stage is the current one.
        assert "LAMA" in default and "BARU" not in default
        chosen = logged_in.get(url, {"snapshot": current.snapshot_id}).content.decode()
        assert "BARU" in chosen and ">LAMA<" not in chosen
        # The 7-column list has no NIK column to print; the full list has.
        assert "NIK (disamarkan)" not in default and "NIK (disamarkan)" in chosen

    def test_unknown_tps_or_foreign_snapshot_is_404(
        self, logged_in: Client, voters: dict[str, Voter], blitar: object
    ) -> None:
        url = reverse("dpt-tps-list", args=[voters["siti"].tps_id])
        assert logged_in.get(reverse("dpt-tps-list", args=[999999])).status_code == 404
        assert logged_in.get(url, {"snapshot": "999999"}).status_code == 404
        assert logged_in.get(url, {"snapshot": "abc"}).status_code == 404

    def test_post_is_refused(self, logged_in: Client, voters: dict[str, Voter]) -> None:
        url = reverse("dpt-tps-list", args=[voters["siti"].tps_id])
        assert logged_in.post(url).status_code == 405


# --- Content-Security-Policy: nothing inline ------------------------------------------

TEMPLATES = sorted(
    path
    for pattern in ("dpt/search*.html", "dpt/tps_list*.html")
    for path in (Path(settings.BASE_DIR) / "templates").glob(pattern)
)


def test_templates_exist() -> None:
    assert {path.name for path in TEMPLATES} >= {"search.html", "tps_list.html"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_no_inline_script_or_style_in_templates(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "<style" not in source
    assert not re.search(r"\sstyle\s*=", source)
    assert not re.search(r"\son[a-z]+\s*=", source)
    assert "javascript:" not in source
    for tag in re.findall(r"<script\b[^>]*>", source):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", source)


def test_no_inline_script_or_style_in_rendered_pages(
    logged_in: Client, voters: dict[str, Voter]
) -> None:
    pages = [
        logged_in.post(SEARCH, {"q": "siti"}),
        logged_in.get(reverse("dpt-tps-list", args=[voters["siti"].tps_id])),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<style" not in html and not re.search(r"\sstyle\s*=", html)
        assert not re.search(r"\son[a-z]+\s*=", html)
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert "script-src 'self'" in response["Content-Security-Policy"]
