"""The ballot drawings: ids, verdicts by the law's rules, safe SVG, printable reportlab drawings."""

import dataclasses
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from reportlab.graphics import renderPDF

from pengawas.guide.ballot_drawing import ballot_drawing, ballot_svg
from pengawas.guide.ballots import (
    BALLOTS,
    BOXES,
    FOLD_Y,
    Ballot,
    ballot_get,
    ballot_judge,
    ballot_punches,
    box_at,
    mirror,
)
from pengawas.guide.citations import citation_parse
from pengawas.guide.content import instruments_read

SVG = "{http://www.w3.org/2000/svg}"

EXPECTED_IDS = {
    "sah-coblos-foto",
    "sah-coblos-nomor",
    "sah-coblos-nama",
    "sah-coblos-berulang-satu-kotak",
    "sah-coblos-garis-kotak",
    "sah-coblos-tembus-simetris",
    "tidak-sah-dua-paslon",
    "tidak-sah-luar-kotak",
    "tidak-sah-tanpa-tanda-tangan",
    "tidak-sah-coretan",
    "tidak-sah-rusak",
    "tidak-sah-tembus-tidak-simetris",
    "tidak-sah-tidak-dicoblos",
}

# A plain, valid example to vary one fact at a time.
FOTO_1 = (BOXES[0][0] + 58, BOXES[0][1] + 52)
FOTO_2 = (BOXES[1][0] + 58, BOXES[1][1] + 52)


def _valid(**changes: object) -> Ballot:
    base = Ballot(
        id="uji",
        sah=True,
        title="Uji",
        explanation="Uji.",
        basis=("UU 8/2015 Pasal 94 huruf b",),
        punches=(FOTO_1,),
    )
    return dataclasses.replace(base, **changes)


def test_every_id_is_present_exactly_once() -> None:
    ids = [ballot.id for ballot in BALLOTS]
    assert sorted(ids) == sorted(EXPECTED_IDS)
    assert len(ids) == len(set(ids))


def test_the_verdict_matches_the_id() -> None:
    for ballot in BALLOTS:
        assert ballot.sah == ballot.id.startswith("sah-"), ballot.id


@pytest.mark.parametrize("ballot", BALLOTS, ids=lambda ballot: ballot.id)
def test_the_declared_verdict_is_what_the_drawing_shows(ballot: Ballot) -> None:
    assert ballot_judge(ballot=ballot) is ballot.sah


@pytest.mark.parametrize("ballot", BALLOTS, ids=lambda ballot: ballot.id)
def test_captions_and_citations_are_well_formed(ballot: Ballot) -> None:
    instruments = instruments_read()
    assert ballot.title and ballot.explanation.endswith(".")
    assert ballot.basis
    for text in ballot.basis:
        assert citation_parse(text).instrument in instruments


def test_ballot_get_finds_a_ballot_and_refuses_an_unknown_id() -> None:
    assert ballot_get(ballot_id="tidak-sah-coretan").marks
    with pytest.raises(KeyError, match="no ballot drawing 'sah-coblos-kaki'"):
        ballot_get(ballot_id="sah-coblos-kaki")


# --- one test per rule family -----------------------------------------------------------


def test_one_punch_on_foto_nomor_or_nama_of_one_paslon_is_sah() -> None:
    for part in ("sah-coblos-foto", "sah-coblos-nomor", "sah-coblos-nama"):
        ballot = ballot_get(ballot_id=part)
        assert len(ballot.punches) == 1 and box_at(ballot.punches[0]) is not None
        assert ballot_judge(ballot=ballot)


def test_punches_on_two_paslon_are_tidak_sah() -> None:
    assert not ballot_judge(ballot=_valid(punches=(FOTO_1, FOTO_2)))


def test_several_punches_inside_one_box_are_sah() -> None:
    x, y, _, _ = BOXES[1]
    assert ballot_judge(ballot=_valid(punches=((x + 10, y + 10), (x + 100, y + 90), FOTO_2)))


def test_a_punch_on_the_box_border_is_sah_and_just_outside_it_is_not() -> None:
    x, y, _, _ = BOXES[0]
    assert ballot_judge(ballot=_valid(punches=((x, y + 40),)))
    assert not ballot_judge(ballot=_valid(punches=((x - 9, y + 40),)))


def test_a_punch_outside_every_box_is_tidak_sah_even_beside_a_good_one() -> None:
    assert not ballot_judge(ballot=_valid(punches=((286.0, 124.0),)))
    assert not ballot_judge(ballot=_valid(punches=(FOTO_1, (286.0, 124.0))))


def test_an_unsigned_ballot_is_tidak_sah() -> None:
    assert not ballot_judge(ballot=_valid(signed=False))


def test_writing_on_the_ballot_makes_it_tidak_sah() -> None:
    assert not ballot_judge(ballot=_valid(marks=True))


def test_a_torn_ballot_is_tidak_sah() -> None:
    assert not ballot_judge(ballot=_valid(torn=True))


def test_an_unpunched_ballot_is_tidak_sah() -> None:
    assert not ballot_judge(ballot=_valid(punches=()))


def test_a_symmetric_punch_through_the_fold_is_one_punch() -> None:
    ballot = _valid(punches=(FOTO_1, mirror(FOTO_1)), fold_through=True)
    assert mirror(FOTO_1)[1] < FOLD_Y < FOTO_1[1]
    assert ballot_punches(ballot=ballot) == (FOTO_1,)
    assert ballot_judge(ballot=ballot)


def test_an_asymmetric_punch_through_the_fold_counts_as_a_second_punch() -> None:
    off = (mirror(FOTO_1)[0] + 20, mirror(FOTO_1)[1])
    ballot = _valid(punches=(FOTO_1, off), fold_through=True)
    assert len(ballot_punches(ballot=ballot)) == 2
    assert not ballot_judge(ballot=ballot)


# --- the SVG ----------------------------------------------------------------------------


@pytest.mark.parametrize("ballot", BALLOTS, ids=lambda ballot: ballot.id)
def test_the_svg_is_safe_self_contained_xml(ballot: Ballot) -> None:
    text = ballot_svg(ballot=ballot)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("viewBox")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and ballot.title in (title.text or "")
    assert desc is not None and desc.text == ballot.explanation
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {
            "script",
            "style",
            "foreignObject",
            "image",
            "a",
        }
        for name, value in element.attrib.items():
            assert name != "style" and not name.startswith("on"), (element.tag, name)
            assert "url(" not in value and "javascript:" not in value
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_svg_escapes_its_captions() -> None:
    ballot = _valid(title="A < B & C", explanation='"kutip" <script>')
    text = ballot_svg(ballot=ballot)
    root = ET.fromstring(text)
    assert "<script>" not in text
    assert root.find(f"{SVG}desc").text == '"kutip" <script>'


def test_the_svg_draws_the_verdict_badge_and_every_hole() -> None:
    sah = ballot_svg(ballot=ballot_get(ballot_id="sah-coblos-berulang-satu-kotak"))
    assert ">SAH</text>" in sah and "TIDAK SAH" not in sah
    assert sah.count('fill="#1d2430"/>') == 3  # the three holes' dark centres
    tidak = ballot_svg(ballot=ballot_get(ballot_id="tidak-sah-tanpa-tanda-tangan"))
    assert ">TIDAK SAH</text>" in tidak and "(kosong)" in tidak


# --- the reportlab drawing --------------------------------------------------------------


@pytest.mark.parametrize("ballot", BALLOTS, ids=lambda ballot: ballot.id)
def test_the_drawing_renders_to_pdf(ballot: Ballot) -> None:
    drawing = ballot_drawing(ballot=ballot, width=160)
    assert drawing.width == 160
    assert drawing.height == pytest.approx(160 * 268 / 320)
    pdf = renderPDF.drawToString(drawing)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


# --- the gallery partial ----------------------------------------------------------------


def test_the_gallery_shows_each_ballot_with_verdict_caption_and_basis() -> None:
    chosen = [ballot_get(ballot_id="sah-coblos-foto"), ballot_get(ballot_id="tidak-sah-coretan")]
    items = [
        SimpleNamespace(ballot=ballot, svg=mark_safe(ballot_svg(ballot=ballot)))
        for ballot in chosen
    ]
    html = render_to_string("guide/_ballots.html", {"ballots": items})
    assert html.count("<figure") == 2 and html.count("<svg") == 2
    assert "<script" not in html and "style=" not in html
    assert ">SAH<" in html and ">TIDAK SAH<" in html
    for ballot in chosen:
        assert ballot.title in html and f'id="surat-suara-{ballot.id}"' in html
        for citation in ballot.basis:
            assert citation in html
    assert render_to_string("guide/_ballots.html", {"ballots": []}).strip() == ""
