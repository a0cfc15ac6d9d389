"""The pocket PDF: read back with pypdf, page by page."""

import io
import re
import shutil
from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5, A6

from pengawas.guide import pocket
from pengawas.guide.content import CONTENT_ROOT
from pengawas.guide.models import Edition, Section
from pengawas.guide.pocket import pocket_pdf
from pengawas.guide.services import edition_publish
from pengawas.guide.views_pocket import pocket_pdf_view

EDITION_TOML = """series = "saku-uji"
title = "Pemilihan Uji 2020"
kinds = ["pilkada"]
voting_day = 2020-12-09
"""

CHAPTER = """+++
id = "satu"
title = "Bab satu & seterusnya"
type = "bab"
order = 10
summary = "Ringkasan bab satu."
basis = ["UU 1/2015 Pasal 23 ayat (1)"]
kinds = ["pilkada"]
+++

## Bagian pertama

Teks dengan **tebal**, *miring*, `kode`, dan tanda A & B 1 < 2 > 0 37,3 °C \u2013 “kutip”.
Lihat [bagian lain](panduan:dua#yang-penting) dan [langkah pembukaan](panduan:pembukaan).

- butir satu
  - butir bersarang
- butir dua

3. nomor tiga
4. nomor empat

| formulir | siapa yang mengisi | fungsinya |
|---|---|---|
| **C.Pemberitahuan-KWK** | Ketua KPPS | memberi tahu pemilih DPT hari, jam, dan TPS-nya |
| A.3-KWK | KPPS | daftar pemilih tambahan yang membawa KTP-el dan tidak ada di DPT |
"""

SECOND = """+++
id = "dua"
title = "Bab dua"
type = "bab"
order = 20
summary = "Ringkasan bab dua."
basis = ["PKPU 6/2020 Pasal 72"]
kinds = ["pilkada"]
+++

## Yang penting

Kembali ke [bab satu](panduan:satu#bagian-pertama).
"""

STEP = """+++
id = "pembukaan"
title = "Pembukaan TPS"
type = "langkah"
order = 10
summary = "KPPS membuka TPS."
basis = ["PKPU 8/2018 Pasal 20 ayat (1)"]
kinds = ["pilkada"]
time = "07.00"
ballots = ["sah-coblos-foto", "tidak-sah-dua-paslon"]

[[checks]]
id = "tps-dibuka"
text = "KPPS membuka TPS pukul 07.00."
basis = ["PKPU 8/2018 Pasal 20 ayat (1)"]
form_a = "TPS {tps} tidak dibuka pukul 07.00."
+++

## Tugas KPPS

Membuka TPS.

## Yang diperiksa PTPS

Jamnya.

## Yang sering keliru

Terlambat.

## Yang dilakukan PTPS

Mencatat.
"""

CASE = """+++
id = "kasus-ktp"
title = "Pemilih tanpa KTP-el"
type = "keputusan"
order = 50
summary = "Pemilih datang tanpa KTP-el."
basis = ["UU 1/2015 Pasal 57 ayat (1)"]
kinds = ["pilkada"]
start = "membawa"

[[nodes]]
id = "membawa"
question = "Apakah orang itu membawa KTP-el?"
options = [
  { label = "Ya", next = "boleh" },
  { label = "Tidak", next = "tidak-boleh" },
]

[[nodes]]
id = "boleh"
answer = "Ia memilih."
action = "Awasi."
basis = ["UU 1/2015 Pasal 57 ayat (1)"]

[[nodes]]
id = "tidak-boleh"
answer = "Ia tidak memilih di TPS ini."
action = "Jelaskan dengan sopan."
basis = ["UU 1/2015 Pasal 57 ayat (1)"]
+++

## Situasi

Seseorang datang tanpa KTP-el.
"""


def _texts(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [_flat(page.extract_text()) for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


def _check_book(data: bytes, size: tuple[float, float], sections: list[Section]) -> list[str]:
    """Page size, a number on every page, a TOC entry per chapter pointing at its page."""
    reader, texts = _texts(data)
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.5)
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"\bhalaman {number}\b", text), (number, text[-80:])
    # Layout mode keeps each entry's dotted leader and page number on the title's line.
    toc = _flat(reader.pages[1].extract_text(extraction_mode="layout"))
    assert "Daftar isi" in toc
    for section in sections:
        match = re.search(re.escape(_flat(section.title)) + r"[\s.]*(\d+)", toc)
        assert match, section.title
        target = int(match[1])
        assert 2 < target <= len(texts)
        assert _flat(section.title) in texts[target - 1]
        assert "Dasar hukum" in texts[target - 1]
    assert any(sections[0].basis[0] in text for text in texts)
    assert not any("panduan:" in text for text in texts)
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize(("page_size", "size"), [("A6", A6), ("A5", A5)])
def test_the_real_buku_saku_prints(page_size: str, size: tuple[float, float]) -> None:
    edition, _created = edition_publish(series="pilkada-2020")
    sections = list(
        Section.objects.filter(edition=edition, book="buku-saku").order_by("order", "page_id")
    )
    assert len(sections) >= 2
    texts = _check_book(pocket_pdf(edition=edition, page_size=page_size), size, sections)
    cover = texts[0]
    assert "Buku Saku Pengawas TPS" in cover
    assert edition.title in cover and f"Edisi {edition.number}" in cover
    assert "Bawaslu" in cover


@pytest.fixture
def small_edition(tmp_path: Path) -> Edition:
    shutil.copy(CONTENT_ROOT / "hukum.toml", tmp_path / "hukum.toml")
    folder = tmp_path / "saku-uji"
    files = {
        "edition.toml": EDITION_TOML,
        "buku-saku/01-satu.md": CHAPTER,
        "buku-saku/02-dua.md": SECOND,
        "putung/01-pembukaan.md": STEP,
        "putung/kasus/kasus-ktp.md": CASE,
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    edition, _created = edition_publish(series="saku-uji", root=tmp_path)
    return edition


def _sections(edition: Edition, book: str) -> list[Section]:
    return list(Section.objects.filter(edition=edition, book=book).order_by("order", "page_id"))


@pytest.mark.django_db
def test_markdown_links_and_symbols_print_as_text(small_edition: Edition) -> None:
    texts = _check_book(
        pocket_pdf(edition=small_edition), A6, _sections(small_edition, "buku-saku")
    )
    body = " ".join(texts)
    assert "Bab satu & seterusnya" in body
    assert "A & B 1 < 2 > 0 37,3 °C \u2013 “kutip”" in body
    assert "bagian lain (lihat “Bab dua”)" in body
    assert "langkah pembukaan (lihat “Pembukaan TPS”, Putung)" in body
    assert "butir bersarang" in body and "3. nomor tiga" in body and "4. nomor empat" in body
    assert "C.Pemberitahuan-KWK" in body and "yang membawa KTP-el" in body


@pytest.mark.django_db
def test_putung_prints_checklist_tree_and_ballots(small_edition: Edition) -> None:
    sections = _sections(small_edition, "putung")
    texts = _check_book(pocket_pdf(edition=small_edition, book="putung"), A6, sections)
    body = " ".join(texts)
    assert "Putung" in texts[0]
    assert "☐ KPPS membuka TPS pukul 07.00. (PKPU 8/2018 Pasal 20 ayat (1))" in body
    assert "1. Apakah orang itu membawa KTP-el?" in body
    assert "Ya → lanjut ke 2" in body and "Tidak → lanjut ke 3" in body
    assert "3. Ia tidak memilih di TPS ini." in body
    assert "Dasar hukum: UU 1/2015 Pasal 57 ayat (1)" in body
    assert "SAH · Dicoblos pada foto" in body or "SAH ·" in body
    assert "TIDAK SAH ·" in body


@pytest.mark.django_db
def test_without_dejavu_it_prints_in_helvetica_with_ascii_symbols(
    small_edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pocket, "_FONT_DIR", tmp_path / "no-fonts")
    pocket._fonts.cache_clear()
    try:
        data = pocket_pdf(edition=small_edition, book="putung")
    finally:
        monkeypatch.undo()
        pocket._fonts.cache_clear()
    body = " ".join(_texts(data)[1])
    assert "[ ] KPPS membuka TPS" in body and "Ya -> lanjut ke 2" in body
    assert "☐" not in body and "→" not in body


@pytest.mark.django_db
def test_unknown_size_or_book_is_refused(small_edition: Edition) -> None:
    with pytest.raises(ValueError):
        pocket_pdf(edition=small_edition, page_size="A4")
    with pytest.raises(ValueError):
        pocket_pdf(edition=small_edition, book="lain")


@pytest.mark.django_db
def test_view_gives_the_latest_edition_as_attachment(small_edition: Edition) -> None:
    request = RequestFactory().get("/", {"ukuran": "a5"})
    response = pocket_pdf_view(request, "saku-uji")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="buku-saku-saku-uji-edisi-{small_edition.number}.pdf"'
    )
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(A5[0], abs=0.5)


@pytest.mark.django_db
def test_view_refuses_a_bad_size_and_a_missing_series(small_edition: Edition) -> None:
    response = pocket_pdf_view(RequestFactory().get("/", {"ukuran": "A4"}), "saku-uji")
    assert response.status_code == 400
    assert "A6 atau A5" in response.content.decode()
    with pytest.raises(Http404):
        pocket_pdf_view(RequestFactory().get("/"), "belum-ada")
