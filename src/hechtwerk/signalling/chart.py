"""Server-rendered chart of the five dimensions over the consults of one child.

An accessible SVG (role="img" with <title> and <desc>) plus rows for the table beside it. Statuses
differ by shape AND colour, never by colour alone. Only SVG presentation attributes are used (the
strict CSP forbids style attributes), and every text is escaped.

It stays apart from the shared bar and line charts of `hechtwerk.core.charts` because it is a
different kind of chart: a dot plot of categories (five dimensions) × age, with a marker shape
per status and a legend, not a quantity on a value axis. It reuses the shared linear scale and
id check; its colours are SVG presentation attributes (allowed under the CSP, unlike style
attributes), fixed per status.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hechtwerk.core.charts import LinearScale, checked_id
from hechtwerk.method.codes import Dimension, DimensionStatus


@dataclass(frozen=True)
class ChartPoint:
    consult_date: date
    age_days: int
    statuses: Mapping[Dimension, DimensionStatus]  # a dimension left out was not recorded


@dataclass(frozen=True)
class MarkerStyle:
    shape: str  # circle, triangle, square
    fill: str
    stroke: str
    symbol: str  # the same shape as text, for the table and legend


# Colours keep ≥ 3:1 contrast against white (WCAG 1.4.11); shapes carry the meaning on their own.
MARKERS: Mapping[DimensionStatus, MarkerStyle] = {
    DimensionStatus.POSITIVE: MarkerStyle("circle", "#1a7f37", "#1a7f37", "●"),
    DimensionStatus.SEARCHING: MarkerStyle("triangle", "#b93a0b", "#b93a0b", "▲"),
    DimensionStatus.NOT_ASSESSED: MarkerStyle("square", "#ffffff", "#595959", "□"),
}
NOT_RECORDED_SYMBOL = "–"

WIDTH = 720
LEFT = 150  # room for the dimension labels
RIGHT = 24
TOP = 16
ROW_HEIGHT = 36
AXIS_HEIGHT = 48
LEGEND_HEIGHT = 32
MARKER_RADIUS = 7
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#d4d4d4"
MIN_WEEKS = 26  # the first half year, so a single early consult is not stretched over the axis


@dataclass(frozen=True)
class ChartTableCell:
    dimension: Dimension
    status: DimensionStatus | None  # None when not recorded
    label: str
    symbol: str


@dataclass(frozen=True)
class ChartTableRow:
    consult_date: date
    age_days: int
    age_label: str
    cells: tuple[ChartTableCell, ...]  # in Dimension order


def age_label(age_days: int) -> str:
    """Age as weeks and days, e.g. "8 weken en 3 dagen"."""
    weeks, days = divmod(age_days, 7)
    weeks_text = ngettext("%(weeks)d week", "%(weeks)d weken", weeks) % {"weeks": weeks}
    days_text = ngettext("%(days)d dag", "%(days)d dagen", days) % {"days": days}
    if age_days < 0 or weeks == 0:
        return ngettext("%(days)d dag", "%(days)d dagen", age_days) % {"days": age_days}
    if days == 0:
        return weeks_text
    return _("%(weeks)s en %(days)s") % {"weeks": weeks_text, "days": days_text}


def _sorted(points: Sequence[ChartPoint]) -> list[ChartPoint]:
    return sorted(points, key=lambda point: (point.age_days, point.consult_date))


def chart_table_headers() -> tuple[str, ...]:
    """Column headers of the dimension columns, in Dimension order."""
    return tuple(str(dimension.label) for dimension in Dimension)


def chart_table_rows(points: Sequence[ChartPoint]) -> tuple[ChartTableRow, ...]:
    """One row per consult (by age) for the accessible table beside the chart."""
    rows = []
    for point in _sorted(points):
        cells = []
        for dimension in Dimension:
            raw = point.statuses.get(dimension)
            if raw is None:
                cells.append(
                    ChartTableCell(dimension, None, _("Niet vastgelegd"), NOT_RECORDED_SYMBOL)
                )
                continue
            status = DimensionStatus(raw)
            cells.append(
                ChartTableCell(dimension, status, str(status.label), MARKERS[status].symbol)
            )
        rows.append(
            ChartTableRow(
                consult_date=point.consult_date,
                age_days=point.age_days,
                age_label=age_label(point.age_days),
                cells=tuple(cells),
            )
        )
    return tuple(rows)


def _tick_step(span_weeks: int) -> int:
    for step in (2, 4, 8, 13, 26, 52):
        if span_weeks / step <= 14:
            return step
    return 104


def _marker(style: MarkerStyle, x: float, y: float, tooltip: str) -> str:
    r = MARKER_RADIUS
    paint = f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="2"'
    if style.shape == "circle":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {paint}/>'
    elif style.shape == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        shape = f'<polygon points="{points}" {paint}/>'
    else:
        shape = (
            f'<rect x="{x - r + 1:.1f}" y="{y - r + 1:.1f}" width="{2 * r - 2}" '
            f'height="{2 * r - 2}" {paint}/>'
        )
    return f"<g><title>{escape(tooltip)}</title>{shape}</g>"


def _description(points: list[ChartPoint]) -> str:
    if not points:
        return _("Er zijn nog geen consulten met een Signalenlijst vastgelegd.")
    parts = [
        ngettext(
            "Status van de vijf dimensies bij %(count)d consult, op %(first)s.",
            "Status van de vijf dimensies bij %(count)d consulten, van %(first)s tot %(last)s.",
            len(points),
        )
        % {
            "count": len(points),
            "first": age_label(points[0].age_days),
            "last": age_label(points[-1].age_days),
        }
    ]
    searching = [
        _("%(dimension)s op %(age)s")
        % {"dimension": dimension.label, "age": age_label(point.age_days)}
        for dimension in Dimension
        for point in points
        if point.statuses.get(dimension) == DimensionStatus.SEARCHING
    ]
    if searching:
        parts.append(_("Zoekend: %(list)s.") % {"list": "; ".join(searching)})
    else:
        parts.append(_("Geen enkele dimensie was zoekend."))
    parts.append(_("De tabel bij de grafiek geeft alle waarden."))
    return " ".join(parts)


def render_dimension_chart(
    points: Sequence[ChartPoint], *, chart_id: str = "dimensiegrafiek", title: str | None = None
) -> SafeString:
    """An accessible SVG: five rows (one per dimension) × consults on an age axis in weeks."""
    checked_id(chart_id)  # the shared check: the id goes into attributes
    ordered = _sorted(points)
    title_text = title if title is not None else _("Verloop van de vijf dimensies per consult")
    rows = list(Dimension)
    plot_bottom = TOP + ROW_HEIGHT * len(rows)
    height = plot_bottom + AXIS_HEIGHT + LEGEND_HEIGHT
    plot_right = WIDTH - RIGHT

    ages = [point.age_days for point in ordered] or [0]
    first_week = min(0, math.floor(min(ages) / 7))
    last_week = max(MIN_WEEKS, math.ceil(max(ages) / 7))
    step = _tick_step(last_week - first_week)
    first_week = math.floor(first_week / step) * step
    last_week = math.ceil(last_week / step) * step
    x_for = LinearScale(first_week * 7, last_week * 7, LEFT, plot_right)

    def y_for(index: int) -> float:
        return TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="hw-dimension-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title_text)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_description(ordered))}</desc>',
        f'<g font-family="sans-serif" font-size="13" fill="{TEXT_COLOUR}">',
    ]
    # Grid and week ticks.
    for week in range(first_week, last_week + 1, step):
        x = x_for(week * 7)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{plot_bottom + 18}" text-anchor="middle">{week}</text>')
    axis_label = escape(_("Leeftijd in weken"))
    out.append(
        f'<text x="{(LEFT + plot_right) / 2:.1f}" y="{plot_bottom + 38}" text-anchor="middle">'
        f"{axis_label}</text>"
    )
    # One row per dimension.
    for index, dimension in enumerate(rows):
        y = y_for(index)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{plot_right}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 12}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle">'
            f"{escape(dimension.label)}</text>"
        )
        for point in ordered:
            raw = point.statuses.get(dimension)
            if raw is None:
                continue
            status = DimensionStatus(raw)
            tooltip = _("%(dimension)s, %(age)s (%(date)s): %(status)s") % {
                "dimension": dimension.label,
                "age": age_label(point.age_days),
                "date": point.consult_date.strftime("%d-%m-%Y"),
                "status": status.label,
            }
            out.append(_marker(MARKERS[status], x_for(point.age_days), y, tooltip))
    if not ordered:
        middle_x, middle_y = (LEFT + plot_right) / 2, TOP + ROW_HEIGHT * 2.5
        out.append(
            f'<rect x="{middle_x - 130:.1f}" y="{middle_y - 14:.1f}" width="260" height="28" '
            f'fill="#ffffff"/>'
        )
        empty_label = escape(_("Nog geen consulten vastgelegd"))
        out.append(
            f'<text x="{middle_x:.1f}" y="{middle_y:.1f}" '
            f'text-anchor="middle" dominant-baseline="middle">'
            f"{empty_label}</text>"
        )
    # Legend: shape, colour and word together.
    legend_y = plot_bottom + AXIS_HEIGHT + LEGEND_HEIGHT / 2
    legend_x = float(LEFT)
    for status, style in MARKERS.items():
        out.append(_marker(style, legend_x + MARKER_RADIUS, legend_y, str(status.label)))
        out.append(
            f'<text x="{legend_x + 2 * MARKER_RADIUS + 8:.1f}" y="{legend_y:.1f}" '
            f'dominant-baseline="middle">{escape(status.label)}</text>'
        )
        legend_x += 170
    out.append("</g></svg>")
    # Every text above went through escape(); attribute values are numbers, fixed colours or
    # the validated chart_id.
    return mark_safe("".join(out))  # noqa: S308
