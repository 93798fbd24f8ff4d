"""The SVG charts: accessible, readable without colour, and safe with any label."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

from game.debrief import charts
from game.debrief.charts import Lane, Mark, Series

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> str:
    return "".join("".join(t.itertext()) for t in root.iter(SVG + "text"))


def test_a_line_chart_has_a_title_a_description_and_labels_every_line() -> None:
    svg = charts.line_chart(
        "c1",
        "Offense of every state",
        "Line chart of offense.",
        ["Start", "1", "2"],
        [Series("Aldmark", [4, 5, 6], 0, "ALD"), Series("Brennia", [3, 3, 5], 1, "BRN")],
        "units",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(SVG + "title").text == "Offense of every state"
    assert root.find(SVG + "desc").text == "Line chart of offense."
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    lines = root.findall(f".//{SVG}polyline")
    assert [line.get("data-series") for line in lines] == ["Aldmark", "Brennia"]
    # Not colour alone: each line has its own marker shape and dash pattern, and an end label.
    markers = {
        m.get("data-series"): m.get("d")
        for m in root.iter(SVG + "path")
        if m.get("class") == "markers"
    }
    assert set(markers) == {"Aldmark", "Brennia"}
    assert markers["Aldmark"].count("a") == 2 * 4  # circles: three points and the label's
    assert "a" not in markers["Brennia"]  # squares
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert "ALD" in texts(root) and "BRN" in texts(root)


def test_a_line_chart_uses_the_okabe_ito_palette() -> None:
    svg = charts.line_chart(
        "c2", "t", "d", ["1", "2"], [Series(str(n), [n, n + 1], n) for n in range(8)], "units"
    )
    strokes = {line.get("stroke") for line in parse(svg).iter(SVG + "polyline")}
    assert strokes == set(charts.PALETTE)


def test_a_heatmap_prints_every_value_and_marks_crises_and_wars_without_colour() -> None:
    svg = charts.heatmap(
        "h1",
        "Tension",
        "Heatmap.",
        ["ALD-BRN", "ALD-COR"],
        ["1", "2"],
        [[0.2, 0.61], [0.05, 0.9]],
        marks={(0, 1): "crisis", (1, 1): "war"},
        legend="outlined: crisis",
    )
    root = parse(svg)
    words = texts(root)
    for value in (".20", ".61", ".05"):
        assert value in words
    assert "WAR" in words
    assert root.find(f".//{SVG}pattern") is not None
    outlined = [p for p in root.iter(SVG + "path") if p.get("stroke-width") == "2.2"]
    assert outlined and outlined[0].get("d").count("z") == 2


def test_a_bar_chart_prints_its_values_and_patterns_its_groups() -> None:
    svg = charts.bar_chart(
        "b1",
        "Bars",
        "Bars.",
        ["War", "Spiral"],
        [Series("As played", [1.0, 0.5], 0), Series("Noise off", [0.25, 0.0], 1)],
        "share",
        y_max=1.0,
        value_format=lambda v: f"{v:.2f}",
    )
    root = parse(svg)
    assert "0.25" in texts(root) and "0.50" in texts(root)
    fills = {r.get("fill") for r in root.iter(SVG + "rect")}
    assert any(f and f.startswith("url(#b1-") for f in fills)


def test_a_timeline_draws_each_kind_with_its_own_shape_and_label() -> None:
    svg = charts.timeline(
        "t1",
        "Timeline",
        "Timeline.",
        4,
        [
            Lane("Crises", [Mark(2, "ALD-BRN", "crisis")]),
            Lane("Wars", [Mark(3, "ALD-BRN", "war")]),
            Lane("Pacts", [Mark(1, "COR-DUN", "pact")]),
        ],
    )
    root = parse(svg)
    words = texts(root)
    assert "ALD-BRN" in words and "COR-DUN" in words and "T4" in words
    shapes = [p for p in root.iter(SVG + "path") if p.get("fill") not in (None, "none")]
    assert len({p.get("fill") for p in shapes}) >= 2


def test_labels_are_escaped() -> None:
    svg = charts.line_chart(
        "x<1>", "<script>", "a & b", ["1"], [Series("<b>&", [1], 0, "<i>")], "u"
    )
    root = parse(svg)
    assert "<script>" in root.find(SVG + "title").text
    assert "<script>" not in svg


def test_axis_tops_and_steps_are_round_numbers() -> None:
    assert charts.nice_max(7.2) == 8
    assert charts.nice_max(0.83) == 1.0
    assert charts.nice_step(5) == 2


def test_a_chart_for_print_is_an_image_of_the_same_svg() -> None:
    svg = charts.line_chart("p1", "Offense & defence", "d", ["1", "2"], [Series("A", [1, 2])], "u")
    img = charts.as_image(svg)
    found = re.fullmatch(
        r'<img class="chart" alt="([^"]*)" width="460" height="230" '
        r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">',
        img,
    )
    assert found
    assert found.group(1) == "Offense &amp; defence"
    assert base64.b64decode(found.group(2)).decode() == svg
    assert charts.as_image("") == ""
