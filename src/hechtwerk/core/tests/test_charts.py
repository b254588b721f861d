"""Shared charts: geometry computed in Python, markup from a template, always with the table;
a withheld value is never drawn. T6.1: no style attribute (strict CSP)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from hechtwerk.core.charts import bar_chart, checked_id, line_chart, nice_ticks
from hechtwerk.core.figures import figure_table

SVG = "{http://www.w3.org/2000/svg}"


def dimensions_table():
    return figure_table(
        key="dimensies",
        caption="Zoekende dimensies",
        heading="Dimensie",
        labels=[("a", "Aansluiten"), ("b", "Balans"), ("c", "Comfortzone")],
        columns=[("Consulten", {"a": 3, "b": 20, "c": 0})],
        column_totals=False,
    )


def months_table():
    return figure_table(
        key="maanden",
        caption="Consulten per maand",
        heading="Maand",
        labels=[("1", "jan"), ("2", "feb"), ("3", "mrt"), ("4", "apr")],
        columns=[("Consulten", {"1": 12, "2": 2, "3": 30, "4": 8})],
        column_totals=False,
    )


def svg_of(html):
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own markup


def test_it_draws_a_bar_per_shown_count_scaled_to_round_ticks():
    chart = bar_chart(dimensions_table())
    assert [t.label for t in chart.value_ticks] == ["0", "5", "10", "15", "20"]
    aansluiten, balans, comfortzone = chart.bars
    assert aansluiten.withheld
    assert aansluiten.width == 0
    assert aansluiten.value_label == "niet getoond"
    assert balans.width == pytest.approx(chart.right - chart.left)
    assert comfortzone.width == 0
    assert comfortzone.value_label == "0"


def test_it_renders_the_bar_chart_with_its_table_and_no_style_attribute():
    html = render_to_string("core/_chart.html", {"chart": bar_chart(dimensions_table())})
    root = svg_of(html)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Zoekende dimensies"
    assert "1 waarde is niet getoond" in root.find(f"{SVG}desc").text
    bars = root.findall(f".//{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == ["Balans: 20", "Comfortzone: 0"]
    assert "style=" not in html
    assert "<table" in html
    assert "Aansluiten" in html.split("<table", 1)[1]


def test_it_breaks_a_line_where_a_value_is_withheld():
    chart = line_chart(months_table())
    [series] = chart.series
    assert [p.title for p in series.points] == [
        "jan, Consulten: 12",
        "mrt, Consulten: 30",
        "apr, Consulten: 8",
    ]
    assert series.path.count("M") == 2  # a new piece after the withheld February
    html = render_to_string("core/_chart.html", {"chart": chart})
    assert len(svg_of(html).findall(f".//{SVG}circle")) == 3
    assert "style=" not in html


def test_it_refuses_a_chart_id_that_would_break_the_markup():
    with pytest.raises(ValueError, match="plain identifier"):
        checked_id('x" onload="alert(1)')


def test_it_chooses_round_ticks():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(230)[-1] == 250


def test_it_draws_with_a_decimal_point_on_a_dutch_page():
    """Dutch formats 200.0 as "200,0"; SVG coordinates must keep the point or the chart breaks."""
    from django.utils import translation

    table = figure_table(
        key="t",
        caption="Aantallen",
        heading="Soort",
        labels=[("a", "A"), ("b", "B")],
        columns=[("Aantal", {"a": 12, "b": 7})],
    )
    with translation.override("nl"):
        html = render_to_string("core/_chart.html", {"chart": bar_chart(table, title="T")})
    svg = html.split("</svg>")[0]
    assert not re.search(r'="\d+,\d+"', svg)
    assert re.search(r'="\d+\.\d+"', svg)
