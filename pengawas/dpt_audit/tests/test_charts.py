"""The statistics charts: self-contained SVG without inline styles, labels escaped."""

import xml.etree.ElementTree as ET

import pytest

from pengawas.dpt_audit.charts import LoadBin, SexBar, load_bins, sex_bars_svg, tps_load_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _assert_no_style(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag != f"{SVG}style"
        assert "style" not in element.attrib


def test_sex_bars_are_valid_svg_with_title_desc_and_no_style() -> None:
    svg = sex_bars_svg(
        bars=[SexBar("Wonodadi", 1234, 1300), SexBar("Udanawu", 900, 950, 3)],
        title="Pemilih per kecamatan",
        description="Batang bertumpuk",
        element_id="grafik-a",
    )
    root = _parse(svg)
    _assert_no_style(root)
    assert root.find(f"{SVG}title").text == "Pemilih per kecamatan"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Batang bertumpuk"  # type: ignore[union-attr]
    assert root.get("aria-labelledby") == "grafik-a-title grafik-a-desc"
    assert root.get("viewBox", "").startswith("0 0 360 ")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2.534" in texts  # totals the Indonesian way
    assert "1.853" in texts
    assert "Tanpa keterangan" in texts  # the legend shows the unknown sex only when present


def test_labels_are_escaped_never_markup() -> None:
    label = '<script>alert("x")</script> & "Desa"'
    svg = sex_bars_svg(bars=[SexBar(label, 5, 6)], title="a < b", description="&", element_id="g")
    root = _parse(svg)
    _assert_no_style(root)
    assert not list(root.iter(f"{SVG}script"))
    assert "<script>" not in svg
    assert label in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}title").text == "a < b"  # type: ignore[union-attr]


def test_long_labels_are_cut() -> None:
    root = _parse(sex_bars_svg(bars=[SexBar("X" * 80, 1, 1)], title="t", description="d",
                               element_id="g"))  # fmt: skip
    assert "X" * 41 + "…" in [t.text for t in root.iter(f"{SVG}text")]


def test_an_unusable_element_id_is_refused() -> None:
    with pytest.raises(ValueError):
        sex_bars_svg(bars=[], title="t", description="d", element_id='x" onload="y')


def test_no_bars_still_draw_a_valid_svg() -> None:
    _parse(sex_bars_svg(bars=[], title="t", description="d", element_id="g"))
    _parse(tps_load_svg(loads=[], maximum=500, title="t", description="d", element_id="h"))


def test_load_bins_put_the_maximum_on_a_bin_edge() -> None:
    bins = load_bins(loads=[500, 501, 451, 120, 1000], maximum=500)
    assert bins[0] == LoadBin(101, 150, 1, over=False)
    by_label = {b.label: b for b in bins}
    assert by_label["451\u2013500"] == LoadBin(451, 500, 2, over=False)
    assert by_label["501\u2013550"] == LoadBin(501, 550, 1, over=True)
    assert by_label["951\u20131.000"] == LoadBin(951, 1000, 1, over=True)
    assert sum(b.count for b in bins) == 5
    # Bins run at least up to the maximum, even when every TPS is small.
    assert load_bins(loads=[10], maximum=300)[-1].high == 300
    assert load_bins(loads=[], maximum=300) == []
    with pytest.raises(ValueError):
        load_bins(loads=[1], maximum=0)


def test_tps_load_chart_marks_the_maximum_and_the_tps_above_it() -> None:
    svg = tps_load_svg(
        loads=[480, 490, 510, 300], maximum=500, title="Beban TPS", description="d",
        element_id="beban", maximum_label="maks. {maximum}",
    )  # fmt: skip
    root = _parse(svg)
    _assert_no_style(root)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "maks. 500" in texts
    assert "451\u2013500" in texts and "501\u2013550" in texts
    red = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#a11d1d"]
    assert len(red) == 2  # the legend's swatch and the one bin above the maximum
    assert [line.get("stroke-dasharray") for line in root.iter(f"{SVG}line")] == ["5 3"]
