"""Server-rendered charts: the geometry is computed here, the markup is in
`templates/core/_chart.html`, and the chart is always shown together with the table it draws
(`templates/core/_figure_table.html`), so every value is also readable as text.

A chart draws a `FigureTable` (already suppressed by `hechtwerk.core.figures`): a withheld value
gets no bar and no point (the line breaks there) and reads "niet getoond" in its label, so the
drawing never gives away what the table withholds. Colours come from classes in
`static/css/figures.css` (strict CSP: no style attributes); series differ by dash pattern and
marker shape as well as colour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hechtwerk.core.figures import WITHHELD_LABEL, Count, FigureTable

_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
SERIES_CLASSES = 4  # hw-chart__series--1 .. --4 in figures.css


def checked_id(key: str) -> str:
    """An element id must be a plain identifier (it is put into attributes)."""
    if not _ID_PATTERN.match(key):
        raise ValueError(f"A chart id must be a plain identifier, got {key!r}")
    return key


def nice_step(span: float, max_ticks: int = 6) -> float:
    """A round step (1, 2 or 5 × 10^n, at least 1: counts are whole) giving at most
    `max_ticks` steps over `span`."""
    raw = span / max_ticks
    if raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def nice_ticks(maximum: float, max_ticks: int = 6) -> list[float]:
    """0, step, 2·step, ... up to the first tick at or above `maximum` (at least one step)."""
    step = nice_step(max(maximum, 1), max_ticks)
    top = max(step, math.ceil(maximum / step) * step)
    return [i * step for i in range(round(top / step) + 1)]


@dataclass(frozen=True)
class LinearScale:
    """Maps a value in [lo, hi] onto a position in [start, end] (either may be reversed)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return self.start
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str  # the number, or "niet getoond"
    withheld: bool
    label_y: float  # baseline of the row label
    x: float
    y: float
    width: float  # 0 for a withheld value or a 0
    height: float
    value_x: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # hw-chart__series--n
    path: str  # SVG path data; "M" starts a new piece after a withheld value
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    """What `templates/core/_chart.html` draws; `kind` is "bar" or "line"."""

    kind: str
    key: str
    title: str
    description: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    value_ticks: tuple[Tick, ...]
    category_ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...] = ()
    series: tuple[Series, ...] = ()
    axis_label: str = ""
    table: FigureTable | None = None

    @property
    def tick_text_y(self) -> float:
        """Baseline of the labels under the plot."""
        return self.bottom + 18

    @property
    def label_x(self) -> float:
        """Right edge of the labels left of the plot."""
        return self.left - 8


def _value_label(count: Count) -> str:
    return str(WITHHELD_LABEL) if count.value is None else str(count.value)


def _describe(table: FigureTable, counts: Sequence[Count]) -> str:
    shown = [c.value for c in counts if c.value is not None]
    withheld = sum(1 for c in counts if c.value is None)
    parts = [
        ngettext(
            "%(n)d waarde, van %(lo)d tot %(hi)d.",
            "%(n)d waarden, van %(lo)d tot %(hi)d.",
            len(shown),
        )
        % {"n": len(shown), "lo": min(shown), "hi": max(shown)}
        if shown
        else _("Geen getoonde waarden.")
    ]
    if withheld:
        parts.append(
            ngettext("%(n)d waarde is niet getoond.", "%(n)d waarden zijn niet getoond.", withheld)
            % {"n": withheld}
        )
    parts.append(_("De tabel bij de grafiek geeft alle waarden."))
    return " ".join(parts)


BAR_WIDTH = 640
BAR_LEFT = 200  # room for the row labels
BAR_RIGHT = 110  # room for the value label after the longest bar
BAR_ROW = 32
BAR_THICKNESS = 20
BAR_TOP = 8
BAR_AXIS = 32


def bar_chart(table: FigureTable, *, column: int = 0, title: str | None = None) -> Chart:
    """Horizontal bars, one per row of `table`, of the counts in `column`."""
    key = checked_id(f"{table.key}-staaf")
    counts = [row.counts[column] for row in table.rows]
    maximum = max((c.value for c in counts if c.value is not None), default=0)
    ticks = nice_ticks(maximum)
    bottom = BAR_TOP + BAR_ROW * len(table.rows)
    right = BAR_WIDTH - BAR_RIGHT
    scale = LinearScale(0, ticks[-1], BAR_LEFT, right)
    bars = []
    for index, (row, c) in enumerate(zip(table.rows, counts, strict=True)):
        y = BAR_TOP + index * BAR_ROW + (BAR_ROW - BAR_THICKNESS) / 2
        width = 0.0 if c.value is None else scale(c.value) - BAR_LEFT
        bars.append(
            Bar(
                label=row.label,
                value_label=_value_label(c),
                withheld=c.value is None,
                label_y=y + BAR_THICKNESS / 2,
                x=BAR_LEFT,
                y=y,
                width=round(width, 1),
                height=BAR_THICKNESS,
                value_x=round(BAR_LEFT + width + 6, 1),
            )
        )
    return Chart(
        kind="bar",
        key=key,
        title=title or table.caption,
        description=_describe(table, counts),
        width=BAR_WIDTH,
        height=bottom + BAR_AXIS,
        left=BAR_LEFT,
        top=BAR_TOP,
        right=right,
        bottom=bottom,
        value_ticks=tuple(Tick(round(scale(v), 1), f"{v:g}") for v in ticks),
        category_ticks=(),
        bars=tuple(bars),
        axis_label=table.columns[column],
        table=table,
    )


LINE_WIDTH = 640
LINE_LEFT = 56
LINE_RIGHT = 16
LINE_TOP = 16
LINE_PLOT = 220
LINE_AXIS = 56


def line_chart(table: FigureTable, *, title: str | None = None) -> Chart:
    """One line per column of `table` over its rows (in order, e.g. months). A withheld value
    has no point and the line is broken around it."""
    key = checked_id(f"{table.key}-lijn")
    all_counts = [c for row in table.rows for c in row.counts]
    maximum = max((c.value for c in all_counts if c.value is not None), default=0)
    ticks = nice_ticks(maximum)
    bottom = LINE_TOP + LINE_PLOT
    right = LINE_WIDTH - LINE_RIGHT
    y_of = LinearScale(0, ticks[-1], bottom, LINE_TOP)
    n = len(table.rows)
    x_of = LinearScale(0, max(n - 1, 1), LINE_LEFT + 12, right - 12)
    series = []
    for index, name in enumerate(table.columns):
        pieces: list[str] = []
        points: list[Point] = []
        pen_down = False
        for r, row in enumerate(table.rows):
            c = row.counts[index]
            if c.value is None:
                pen_down = False
                continue
            x, y = round(x_of(r), 1), round(y_of(c.value), 1)
            pieces.append(f"{'L' if pen_down else 'M'}{x:g} {y:g}")
            pen_down = True
            points.append(Point(x, y, f"{row.label}, {name}: {c.value}"))
        series.append(
            Series(
                name=name,
                css=f"hw-chart__series--{index % SERIES_CLASSES + 1}",
                path=" ".join(pieces),
                points=tuple(points),
            )
        )
    # At most about ten category labels, so they do not overlap on a phone.
    every = max(1, math.ceil(n / 10))
    category_ticks = tuple(
        Tick(round(x_of(r), 1), row.label) for r, row in enumerate(table.rows) if r % every == 0
    )
    return Chart(
        kind="line",
        key=key,
        title=title or table.caption,
        description=_describe(table, all_counts),
        width=LINE_WIDTH,
        height=bottom + LINE_AXIS,
        left=LINE_LEFT,
        top=LINE_TOP,
        right=right,
        bottom=bottom,
        value_ticks=tuple(Tick(round(y_of(v), 1), f"{v:g}") for v in ticks),
        category_ticks=category_ticks,
        series=tuple(series),
        table=table,
    )
