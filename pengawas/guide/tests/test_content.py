"""The content check: what publication refuses, with file and line. No database needed."""

import shutil
from pathlib import Path

import pytest

from pengawas.guide.citations import CitationError, citation_parse
from pengawas.guide.content import (
    CONTENT_ROOT,
    ContentInvalid,
    SeriesSource,
    series_available,
    series_read,
)

CHAPTER = """+++
id = "bab-satu"
title = "Bab satu"
type = "bab"
order = 10
summary = "Ringkasan."
basis = ["UU 1/2015 Pasal 27 ayat (2)"]
kinds = ["pilkada"]
+++

## Bagian

Lihat [langkah](panduan:langkah-satu#yang-sering-keliru).
"""

STEP = """+++
id = "langkah-satu"
title = "Langkah satu"
type = "langkah"
order = 10
summary = "Ringkasan."
basis = ["PKPU 8/2018 Pasal 29"]
kinds = ["pilkada"]
time = "07.00"

[[checks]]
id = "butir-satu"
text = "TPS dibuka."
basis = ["PKPU 8/2018 Pasal 29"]
form_a = "Di {tps} pada {waktu}: {catatan}"
+++

## Tugas KPPS

Teks.

## Yang diperiksa PTPS

Teks.

## Yang sering keliru

Teks.

## Yang dilakukan PTPS

Kembali ke [bab](panduan:bab-satu).
"""

GUIDE = """+++
id = "kasus-satu"
title = "Kasus satu"
type = "keputusan"
order = 10
summary = "Ringkasan."
basis = ["UU 10/2016 Pasal 112 ayat (2) huruf e"]
kinds = ["pilkada", "pemilu"]
start = "tanya"

[[nodes]]
id = "tanya"
question = "Lebih dari satu orang?"
options = [{ label = "Ya", next = "ya" }, { label = "Tidak", next = "tidak" }]

[[nodes]]
id = "ya"
answer = "Alasan PSU terpenuhi."
action = "Catat."
basis = ["UU 10/2016 Pasal 112 ayat (2) huruf e"]

[[nodes]]
id = "tidak"
answer = "Belum."
action = "Catat."
basis = ["UU 10/2016 Pasal 112 ayat (2) huruf e"]
+++

Pengantar.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small valid series "uji-2020" beside the real legal instruments."""
    shutil.copy(CONTENT_ROOT / "hukum.toml", tmp_path / "hukum.toml")
    series = tmp_path / "uji-2020"
    (series / "buku-saku").mkdir(parents=True)
    (series / "putung" / "kasus").mkdir(parents=True)
    (series / "edition.toml").write_text(
        'series = "uji-2020"\ntitle = "Uji"\nkinds = ["pilkada"]\nvoting_day = 2020-12-09\n'
    )
    (series / "buku-saku" / "01-bab-satu.md").write_text(CHAPTER)
    (series / "putung" / "01-langkah-satu.md").write_text(STEP)
    (series / "putung" / "kasus" / "kasus-satu.md").write_text(GUIDE)
    return tmp_path


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        series_read("uji-2020", root=root)
    return [str(problem) for problem in raised.value.problems]


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "uji-2020" / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_every_series_in_the_repository_passes_the_check() -> None:
    assert "pilkada-2020" in series_available()
    for series in series_available():
        source = series_read(series)
        assert isinstance(source, SeriesSource)


def test_every_page_of_pilkada_2020_names_its_legal_basis() -> None:
    source = series_read("pilkada-2020")
    books = {page.book for page in source.pages}
    assert books == {"buku-saku", "putung"}
    types = {page.type for page in source.pages}
    assert types == {"bab", "langkah", "keputusan"}
    for page in source.pages:
        assert page.basis, page.id
        assert all(check.basis for check in page.checks), page.id
        assert all(node.basis for node in page.nodes if node.is_answer), page.id


def test_the_small_series_is_valid(root: Path) -> None:
    source = series_read("uji-2020", root=root)
    assert [page.id for page in source.pages] == ["bab-satu", "kasus-satu", "langkah-satu"]
    assert source.pages[2].checks[0].basis[0].article == "Pasal 29"


def test_a_page_without_legal_basis_is_refused(root: Path) -> None:
    _edit(root, "buku-saku/01-bab-satu.md", 'basis = ["UU 1/2015 Pasal 27 ayat (2)"]\n', "")
    assert "uji-2020/buku-saku/01-bab-satu.md:1: kunci wajib 'basis' tidak ada" in _problems(root)


def test_a_broken_internal_link_is_refused_with_its_line(root: Path) -> None:
    _edit(root, "buku-saku/01-bab-satu.md", "panduan:langkah-satu#", "panduan:langkah-dua#")
    assert (
        "uji-2020/buku-saku/01-bab-satu.md:13: tautan ke halaman yang tidak ada: panduan:langkah-dua"
        in _problems(root)
    )


def test_a_link_to_a_missing_section_is_refused(root: Path) -> None:
    _edit(root, "buku-saku/01-bab-satu.md", "#yang-sering-keliru", "#tidak-ada")
    assert any("tautan ke bagian yang tidak ada: #tidak-ada" in p for p in _problems(root))


def test_an_unknown_front_matter_field_is_refused(root: Path) -> None:
    _edit(
        root, "buku-saku/01-bab-satu.md", 'kinds = ["pilkada"]', 'kinds = ["pilkada"]\nauthor = "x"'
    )
    assert any("kunci tidak dikenal 'author'" in p for p in _problems(root))


@pytest.mark.parametrize(
    ("citation", "message"),
    [
        ("UU 1/2015", "tidak sesuai bentuk"),
        ("Pasal 27 UU 1/2015", "tidak sesuai bentuk"),
        ("UU 99/2099 Pasal 1", "belum terdaftar di hukum.toml"),
    ],
)
def test_citations_must_name_a_known_instrument_and_an_article(
    root: Path, citation: str, message: str
) -> None:
    _edit(root, "buku-saku/01-bab-satu.md", "UU 1/2015 Pasal 27 ayat (2)", citation)
    assert any(message in problem for problem in _problems(root))


def test_a_step_needs_its_four_sections_in_order(root: Path) -> None:
    _edit(root, "putung/01-langkah-satu.md", "## Yang sering keliru", "## Catatan")
    assert any("langkah wajib memiliki bagian berurutan" in p for p in _problems(root))


def test_a_step_needs_checks_and_known_form_a_fields(root: Path) -> None:
    _edit(root, "putung/01-langkah-satu.md", "{catatan}", "{nama_kpps}")
    assert any("form_a memakai {nama_kpps}" in p for p in _problems(root))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('next = "tidak"', 'next = "hilang"', "menuju node tak dikenal"),
        ('start = "tanya"', 'start = "ya"', "tidak dapat dicapai dari start"),
        ('{ label = "Tidak", next = "tidak" }', '{ label = "Tidak", next = "tanya" }', "berputar"),
    ],
)
def test_decision_trees_are_closed_reachable_and_acyclic(
    root: Path, old: str, new: str, message: str
) -> None:
    _edit(root, "putung/kasus/kasus-satu.md", old, new)
    assert any(message in problem for problem in _problems(root))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>x()</script>", "HTML mentah tidak diizinkan"),
        ("[situs](https://example.org)", "tautan keluar tidak diizinkan"),
        ("![foto](foto.png)", "gambar tidak diizinkan"),
        ("# Judul kedua", "teks dimulai dari '##'"),
    ],
)
def test_raw_html_external_links_images_and_h1_are_refused(
    root: Path, body: str, message: str
) -> None:
    _edit(root, "buku-saku/01-bab-satu.md", "## Bagian", f"{body}\n\n## Bagian")
    assert any(message in problem for problem in _problems(root))


def test_duplicate_ids_and_reserved_ids_are_refused(root: Path) -> None:
    _edit(root, "putung/kasus/kasus-satu.md", 'id = "kasus-satu"', 'id = "bab-satu"')
    assert any("id 'bab-satu' sudah dipakai" in p for p in _problems(root))
    _edit(root, "putung/kasus/kasus-satu.md", 'id = "bab-satu"', 'id = "edisi"')
    assert any("dipakai oleh aplikasi" in p for p in _problems(root))


def test_unknown_ballot_drawings_are_refused(root: Path) -> None:
    _edit(
        root,
        "buku-saku/01-bab-satu.md",
        'kinds = ["pilkada"]',
        'kinds = ["pilkada"]\nballots = ["sah-kira-kira"]',
    )
    assert any("gambar surat suara tak dikenal" in p for p in _problems(root))


def test_front_matter_must_be_toml_between_markers(root: Path) -> None:
    (root / "uji-2020" / "buku-saku" / "02-rusak.md").write_text("---\nid: x\n---\n")
    assert any("02-rusak.md:1: front matter tidak terbaca" in p for p in _problems(root))


def test_citation_parse_reads_article_ayat_and_huruf() -> None:
    citation = citation_parse("UU 10/2016 Pasal 112 ayat (2) huruf c")
    assert (citation.instrument, citation.article) == ("UU 10/2016", "Pasal 112 ayat (2) huruf c")
    assert str(citation_parse("Peraturan DKPP 2/2017 Pasal 8")) == "Peraturan DKPP 2/2017 Pasal 8"
    with pytest.raises(CitationError):
        citation_parse("PKPU 8/2018 Pasal")


def test_content_hash_ignores_file_names_but_not_text(root: Path) -> None:
    before = series_read("uji-2020", root=root).content_hash
    step = root / "uji-2020" / "putung" / "01-langkah-satu.md"
    step.rename(step.with_name("09-langkah-satu.md"))
    assert series_read("uji-2020", root=root).content_hash == before
    _edit(root, "putung/09-langkah-satu.md", "TPS dibuka.", "TPS dibuka tepat waktu.")
    assert series_read("uji-2020", root=root).content_hash != before


def test_values_longer_than_their_column_are_refused(root: Path) -> None:
    _edit(root, "putung/01-langkah-satu.md", 'time = "07.00"', f'time = "{"x" * 81}"')
    assert any("'time' paling panjang 80 karakter" in p for p in _problems(root))
