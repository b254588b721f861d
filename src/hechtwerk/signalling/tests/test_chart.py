"""Dimension chart: accessible SVG and table rows.

Sources: /tmp/helper-brief.md and conventions (accessible: nothing by colour alone, CSP without
style attributes) and domain.md §2 (five dimensions, statuses per consult).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from hechtwerk.method.codes import Dimension, DimensionStatus
from hechtwerk.signalling.chart import (
    MARKERS,
    ChartPoint,
    age_label,
    chart_table_headers,
    chart_table_rows,
    render_dimension_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
BIRTH = date(2026, 1, 10)
SHAPE_TAGS = {"circle", "polygon", "rect"}


def point(age_days, **statuses):
    mapping = {Dimension[name]: status for name, status in statuses.items()}
    return ChartPoint(BIRTH + timedelta(days=age_days), age_days, mapping)


def all_dimensions(age_days, status=DimensionStatus.POSITIVE, **overrides):
    statuses = {dimension.name: status for dimension in Dimension} | overrides
    return point(age_days, **statuses)


POINTS = [
    all_dimensions(14, BALANCE=DimensionStatus.SEARCHING),
    all_dimensions(57, ATTUNEMENT=DimensionStatus.NOT_ASSESSED),
    point(30, ATTUNEMENT=DimensionStatus.SEARCHING),
]


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own markup, parsed to inspect it


def markers(root):
    """(tooltip, shape element) of every marker group (legend included)."""
    found = []
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        shapes = [child for child in group if child.tag.removeprefix(SVG) in SHAPE_TAGS]
        if title is not None and len(shapes) == 1:
            found.append((title.text, shapes[0]))
    return found


def test_it_renders_an_accessible_image_with_title_and_description():
    root = parse(render_dimension_chart(POINTS))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "3 consulten" in desc.text
    assert "Balans op 2 weken" in desc.text
    assert "Aansluiten op 4 weken en 2 dagen" in desc.text


def test_it_draws_one_labelled_row_per_dimension():
    texts = [t.text for t in parse(render_dimension_chart(POINTS)).iter(f"{SVG}text")]
    for dimension in Dimension:
        assert texts.count(str(dimension.label)) == 1
    assert "Leeftijd in weken" in texts


def test_it_draws_one_marker_per_recorded_status_and_none_for_unrecorded_ones():
    consult_markers = [m for m in markers(parse(render_dimension_chart(POINTS))) if "," in m[0]]
    # Two full consults (5 + 5) and one consult with a single dimension recorded.
    assert len(consult_markers) == 11
    assert any(
        tooltip.startswith("Aansluiten, 4 weken en 2 dagen") and tooltip.endswith("Zoekend")
        for tooltip, _ in consult_markers
    )


def test_it_shows_statuses_by_shape_and_colour_with_a_legend():
    # Nothing conveyed by colour alone: each status has its own shape and its own colour.
    shapes = {style.shape for style in MARKERS.values()}
    fills = {(style.fill, style.stroke) for style in MARKERS.values()}
    assert len(shapes) == len(fills) == len(DimensionStatus)
    root = parse(render_dimension_chart(POINTS))
    legend = {tooltip: shape.tag.removeprefix(SVG) for tooltip, shape in markers(root)}
    assert legend["Positief"] == "circle"
    assert legend["Zoekend"] == "polygon"
    assert legend["Niet beoordeeld"] == "rect"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Positief", "Zoekend", "Niet beoordeeld"} <= set(texts)


def test_it_places_consults_left_to_right_by_age():
    root = parse(render_dimension_chart(POINTS))
    xs = {}
    for tooltip, shape in markers(root):
        if tooltip.startswith("Aansluiten,"):
            x = shape.get("cx") or shape.get("x") or shape.get("points").split(",")[0]
            xs[tooltip.split(",")[1].split("(")[0].strip()] = float(x)
    assert xs["2 weken"] < xs["4 weken en 2 dagen"] < xs["8 weken en 1 dag"]


def test_it_uses_no_style_attributes_or_elements():
    # The CSP forbids inline style; presentation attributes (fill=, stroke=) are allowed.
    root = parse(render_dimension_chart(POINTS))
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag.removeprefix(SVG) not in {"style", "script"}


def test_it_escapes_every_text():
    svg = render_dimension_chart(POINTS, title='<script>alert("x")</script>')
    assert "<script>" not in svg
    assert parse(svg).find(f"{SVG}title").text == '<script>alert("x")</script>'


def test_it_refuses_a_chart_id_that_would_break_the_markup():
    with pytest.raises(ValueError, match="plain identifier"):
        render_dimension_chart(POINTS, chart_id='x" onload="alert(1)')


def test_it_renders_an_empty_chart_that_says_so():
    root = parse(render_dimension_chart([]))
    assert "nog geen consulten" in root.find(f"{SVG}desc").text
    assert "Nog geen consulten vastgelegd" in [t.text for t in root.iter(f"{SVG}text")]


def test_it_stretches_the_axis_beyond_the_first_half_year_when_needed():
    texts = [
        t.text for t in parse(render_dimension_chart([all_dimensions(300)])).iter(f"{SVG}text")
    ]
    assert "44" in texts  # 300 days is almost 43 weeks; the axis ends on a tick after it


def test_it_gives_table_rows_by_age_with_a_label_and_symbol_per_dimension():
    rows = chart_table_rows(POINTS)
    assert [row.age_days for row in rows] == [14, 30, 57]
    assert [row.age_label for row in rows] == ["2 weken", "4 weken en 2 dagen", "8 weken en 1 dag"]
    middle = rows[1]
    assert [cell.dimension for cell in middle.cells] == list(Dimension)
    assert middle.cells[0].status == DimensionStatus.SEARCHING
    assert (middle.cells[0].label, middle.cells[0].symbol) == ("Zoekend", "▲")
    assert (middle.cells[1].status, middle.cells[1].label) == (None, "Niet vastgelegd")
    assert chart_table_headers() == tuple(str(d.label) for d in Dimension)


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (0, "0 dagen"),
        (1, "1 dag"),
        (7, "1 week"),
        (8, "1 week en 1 dag"),
        (183, "26 weken en 1 dag"),
    ],
)
def test_it_writes_ages_as_weeks_and_days(days, label):
    assert age_label(days) == label
