"""Figures shown to people who may not see the records behind them: counts with small-number
suppression, totals, percentages and periods. Every app that shows a count uses this module, so
the threshold and the rule live here once (T4.7: aggregate figures suppress cells with n < 5).

The rule
--------
`T` is the threshold, the setting ``FIGURES_SUPPRESSION_THRESHOLD`` (5).

1. *Primary suppression.* A count of 1 to T-1 is withheld. 0 and counts of T or more are shown.
   A total is a count too: a total of 1 to T-1 is withheld.
2. *Complementary suppression.* A *line* is a row or a column that has a total (one-dimensional
   tables have one line: the column with its total; two-dimensional tables have a line per row
   with a row total, per column with a column total, and the row of column totals and the column
   of row totals with the grand total). For each line whose total is shown, the withheld values
   of the line must either be none, or be at least two *and* include at least one value of T or
   more. Otherwise the total minus the shown values gives away what is withheld: with one
   withheld value it *is* that value; with only small values withheld their sum pins them down
   (two withheld cells with a remainder of 2 are 1 and 1; two with 8 are 4 and 4) or reads as a
   small number itself. While a line breaks this, the smallest shown value of T or more in the
   line (the first of equal ones; in two dimensions preferring one whose other line already
   withholds a value, so that withheld cells form rectangles) is withheld as well; when the line
   has none left, its total is withheld.
3. *No recovery by combining lines.* In two-dimensional tables a withheld value can also follow
   from several lines together (a cell that joins two otherwise separate groups of withheld
   cells). After step 2, every withheld value is checked against the linear equations the shown
   totals give (exact arithmetic); a value that the equations determine makes the algorithm
   withhold one more value in a line through it (as in step 2), and the check repeats. The
   loop ends because every round withholds one more value.

What the rule does not claim: it protects against subtraction along lines and against solving
the lines' equations. A reader who also knows this algorithm can sometimes bound a withheld
value (a complementary value is at most the next shown one), and relations between separate
tables (started referrals ≤ referrals made) are not taken into account.

One label
---------
Every withheld value reads the same, ``WITHHELD_LABEL`` ("niet getoond"), whether it is small
itself or withheld so that a small one stays hidden: a reader cannot tell the two apart.
`withheld_explanation()` gives the one sentence that pages show beside a table with a withheld
value. Percentages are computed from shown counts only: a withheld part or whole gives no
percentage.

Periods
-------
`Period` (from–to, both inclusive) with helpers for a month, a quarter, a year and the last
twelve months, and `Period.bounds()` for date-time fields: midnight in Europe/Amsterdam, right
on the days the clocks change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_THRESHOLD = 5

# The one label of a withheld value, everywhere (page, chart, export).
WITHHELD_LABEL = _("niet getoond")


def threshold() -> int:
    """The suppression threshold T from the settings (counts 1..T-1 are withheld)."""
    return int(getattr(settings, "FIGURES_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def withheld_explanation(limit: int | None = None) -> str:
    """The one sentence that explains a withheld value, for the page beside the table."""
    t = threshold() if limit is None else limit
    return gettext(
        "‘Niet getoond’: aantallen van 1 tot en met %(max)s tonen we niet, en ook geen aantal of "
        "totaal waarmee zo’n klein aantal terug te rekenen is. Zo blijft geen enkel kind "
        "herkenbaar."
    ) % {"max": t - 1}


# -- counts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A count as shown: `value` is None when it is withheld."""

    value: int | None

    @property
    def withheld(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return str(WITHHELD_LABEL) if self.value is None else str(self.value)


WITHHELD = Count(None)


def is_small(n: int, limit: int | None = None) -> bool:
    """1 to T-1: a count that is never shown."""
    t = threshold() if limit is None else limit
    return 0 < n < t


def count(n: int, limit: int | None = None) -> Count:
    """A count on its own (no total beside it): withheld when small, else shown."""
    if n < 0:
        raise ValueError("A count cannot be negative.")
    return WITHHELD if is_small(n, limit) else Count(n)


def percentage(part: Count, whole: Count) -> int | None:
    """`part` as a whole percentage of `whole`: only from shown counts, None when either is
    withheld or `whole` is 0 (a percentage never uses a withheld count)."""
    if part.value is None or whole.value is None or whole.value == 0:
        return None
    return round(100 * part.value / whole.value)


# -- tables with totals --------------------------------------------------------------------------

Key = tuple[str, int, int]  # ("cell", row, col), ("row", row, 0), ("col", col, 0), ("grand", 0, 0)


@dataclass(frozen=True)
class Grid:
    """A suppressed table: `cells[r][c]`, and the totals asked for (None when not asked)."""

    cells: tuple[tuple[Count, ...], ...]
    row_totals: tuple[Count, ...] | None = None
    column_totals: tuple[Count, ...] | None = None
    grand_total: Count | None = None


@dataclass
class _Line:
    members: list[Key]
    total: Key


def _lines(rows: int, cols: int, row_totals: bool, column_totals: bool) -> list[_Line]:
    lines: list[_Line] = []
    if row_totals:
        lines += [_Line([("cell", r, c) for c in range(cols)], ("row", r, 0)) for r in range(rows)]
    if column_totals:
        lines += [_Line([("cell", r, c) for r in range(rows)], ("col", c, 0)) for c in range(cols)]
    if row_totals and column_totals:
        lines.append(_Line([("row", r, 0) for r in range(rows)], ("grand", 0, 0)))
        lines.append(_Line([("col", c, 0) for c in range(cols)], ("grand", 0, 0)))
    return lines


def determined(lines: Sequence[tuple[Sequence[Key], Key]], withheld: Iterable[Key]) -> set[Key]:
    """The withheld values that the lines' equations fix exactly, whatever their size.

    Each line gives Σ members − total = 0, also when its total is withheld (the reader knows the
    relation); shown values move to the right-hand side, which does not matter for *whether* a
    value is fixed. A withheld value is fixed iff its unit vector lies in the row space of the
    coefficient matrix over the withheld values: in reduced row echelon form some row is exactly
    that unit vector."""
    unknown = sorted(set(withheld))
    index = {key: i for i, key in enumerate(unknown)}
    matrix: list[list[Fraction]] = []
    for members, total in lines:
        row = [Fraction(0)] * len(unknown)
        for key in members:
            if key in index:
                row[index[key]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    for col in range(len(unknown)):
        top = len(pivots)
        found = next((r for r in range(top, len(matrix)) if matrix[r][col] != 0), None)
        if found is None:
            continue
        matrix[top], matrix[found] = matrix[found], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [x / lead for x in matrix[top]]
        for r in range(len(matrix)):
            if r != top and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[top], strict=True)]
        pivots.append(col)
    return {
        unknown[col]
        for r, col in enumerate(pivots)
        if all(x == 0 for i, x in enumerate(matrix[r]) if i != col)
    }


def suppress_grid(
    values: Sequence[Sequence[int]],
    *,
    row_totals: bool = False,
    column_totals: bool = False,
    limit: int | None = None,
) -> Grid:
    """Apply the module's rule to a table of counts (rows × columns) with the totals asked for.

    Without totals every cell is suppressed on its own (step 1 only)."""
    t = threshold() if limit is None else limit
    rows = len(values)
    cols = len(values[0]) if rows else 0
    if any(len(row) != cols for row in values):
        raise ValueError("Every row needs the same number of columns.")
    value: dict[Key, int] = {}
    for r, row in enumerate(values):
        for c, n in enumerate(row):
            if n < 0:
                raise ValueError("A count cannot be negative.")
            value[("cell", r, c)] = n
    if row_totals:
        for r, row in enumerate(values):
            value[("row", r, 0)] = sum(row)
    if column_totals:
        for c in range(cols):
            value[("col", c, 0)] = sum(values[r][c] for r in range(rows))
    if row_totals and column_totals:
        value[("grand", 0, 0)] = sum(sum(row) for row in values)
    withheld = {key for key, n in value.items() if 0 < n < t}
    lines = _lines(rows, cols, row_totals, column_totals)

    def closes(key: Key, line: _Line) -> bool:
        """Another line through `key` already withholds a value (withholding `key` there too
        closes a rectangle instead of starting a new chain)."""
        return any(
            key in other.members and any(k in withheld for k in other.members)
            for other in lines
            if other is not line
        )

    def withhold_member(line: _Line) -> bool:
        """Withhold the smallest shown member of T or more (in two dimensions one that closes a
        rectangle first; the first of equal ones)."""
        candidates = [k for k in line.members if k not in withheld and value[k] >= t]
        if not candidates:
            return False
        withheld.add(min(candidates, key=lambda k: (not closes(k, line), value[k])))
        return True

    def complement(line: _Line) -> bool:
        """Step 2 for one line: one more member, else the total; False when nothing changed."""
        if withhold_member(line):
            return True
        if line.total not in withheld:
            withheld.add(line.total)
            return True
        return False

    def breaks(line: _Line) -> bool:
        if line.total in withheld:
            return False
        hidden = [k for k in line.members if k in withheld]
        return bool(hidden) and (len(hidden) < 2 or all(value[k] < t for k in hidden))

    equations = [(line.members, line.total) for line in lines]
    while True:
        changed = False
        for line in lines:
            while breaks(line) and complement(line):
                changed = True
        if changed:
            continue
        # Step 3: a value the equations fix gets one more withheld value beside it.
        for key in sorted(determined(equations, withheld)):
            through = [ln for ln in lines if key in ln.members or key == ln.total]
            if any(complement(ln) if key in ln.members else withhold_member(ln) for ln in through):
                changed = True
                break
        if not changed:
            break

    def shown(key: Key) -> Count:
        return WITHHELD if key in withheld else Count(value[key])

    return Grid(
        cells=tuple(tuple(shown(("cell", r, c)) for c in range(cols)) for r in range(rows)),
        row_totals=tuple(shown(("row", r, 0)) for r in range(rows)) if row_totals else None,
        column_totals=tuple(shown(("col", c, 0)) for c in range(cols)) if column_totals else None,
        grand_total=shown(("grand", 0, 0)) if row_totals and column_totals else None,
    )


def suppress_line(
    values: Sequence[int], limit: int | None = None
) -> tuple[tuple[Count, ...], Count]:
    """A one-dimensional table (one column) and its total, suppressed by the module's rule."""
    grid = suppress_grid([[n] for n in values], column_totals=True, limit=limit)
    assert grid.column_totals is not None
    total = grid.column_totals[0] if values else Count(0)
    return tuple(row[0] for row in grid.cells), total


# -- what a page shows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One row of a table: a stable code, its label, one count per column, and its row total."""

    code: str
    label: str
    counts: tuple[Count, ...]
    total: Count | None = None


@dataclass(frozen=True)
class FigureTable:
    """A table of counts as `templates/core/_figure_table.html` shows it and the exports write it.

    `key` is a plain identifier, unique on the page (element ids derive from it)."""

    key: str
    caption: str
    heading: str  # heads the column of row labels
    columns: tuple[str, ...]
    rows: tuple[FigureRow, ...]
    totals: tuple[Count, ...] | None = None  # the total row; None: the rows are no partition
    grand_total: Count | None = None
    row_total_title: str = ""  # the heading of the row-total column, when rows have totals
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_row_totals(self) -> bool:
        return any(row.total is not None for row in self.rows)

    @property
    def has_withheld(self) -> bool:
        counts = [c for row in self.rows for c in (*row.counts, row.total) if c is not None]
        counts += list(self.totals or ()) + ([self.grand_total] if self.grand_total else [])
        return any(c.withheld for c in counts)

    @property
    def explanation(self) -> str:
        return withheld_explanation()

    def header(self) -> list[str]:
        """The header row as text, for exports."""
        extra = [self.row_total_title or gettext("Totaal")] if self.has_row_totals else []
        return [self.heading, *self.columns, *extra]

    def body(self) -> list[list[str | int]]:
        """The rows (and the total row) as values, a withheld one as the label, for exports."""

        def cell(c: Count | None) -> str | int:
            if c is None:
                return ""
            return str(WITHHELD_LABEL) if c.value is None else c.value

        out: list[list[str | int]] = []
        for row in self.rows:
            extra = [cell(row.total)] if self.has_row_totals else []
            out.append([row.label, *(cell(c) for c in row.counts), *extra])
        if self.totals is not None:
            extra = [cell(self.grand_total)] if self.has_row_totals else []
            out.append([gettext("Totaal"), *(cell(c) for c in self.totals), *extra])
        return out


def figure_table(
    *,
    key: str,
    caption: Any,
    heading: Any,
    labels: Sequence[tuple[str, Any]],
    columns: Sequence[tuple[Any, Mapping[str, int]]],
    column_totals: bool = True,
    row_totals: bool = False,
    row_total_title: Any = "",
    notes: Sequence[Any] = (),
) -> FigureTable:
    """Every label as a row (also those counted 0, so a missing row reveals nothing), one column
    per (title, counts by code), suppressed by the module's rule.

    Ask for totals only where they are sums: column totals when the rows partition what is
    counted, row totals when the columns do."""
    values = [[counts.get(code, 0) for _title, counts in columns] for code, _label in labels]
    grid = suppress_grid(values, row_totals=row_totals, column_totals=column_totals)
    rows = tuple(
        FigureRow(
            code=code,
            label=str(label),
            counts=grid.cells[r],
            total=grid.row_totals[r] if grid.row_totals is not None else None,
        )
        for r, (code, label) in enumerate(labels)
    )
    return FigureTable(
        key=key,
        caption=str(caption),
        heading=str(heading),
        columns=tuple(str(title) for title, _counts in columns),
        rows=rows,
        totals=grid.column_totals,
        grand_total=grid.grand_total,
        row_total_title=str(row_total_title),
        notes=tuple(str(note) for note in notes),
    )


def single_table(
    *, key: str, caption: Any, heading: Any, title: Any, lines: Sequence[tuple[str, Any, Count]]
) -> FigureTable:
    """A one-column table of counts that are no partition (no total), each already suppressed."""
    return FigureTable(
        key=key,
        caption=str(caption),
        heading=str(heading),
        columns=(str(title),),
        rows=tuple(FigureRow(code, str(label), (c,)) for code, label, c in lines),
    )


# -- periods -------------------------------------------------------------------------------------


def today() -> dt.date:
    """Today in Europe/Amsterdam."""
    return timezone.now().astimezone(AMSTERDAM).date()


@dataclass(frozen=True)
class Period:
    """From `start` up to and including `end` (dates in Europe/Amsterdam)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    def as_detail(self) -> str:
        """The period for the access log, as an ISO 8601 interval."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[from, until) as aware date-times: midnight in Amsterdam at the start, midnight after
        the last day; for filtering date-time fields (`__gte` from, `__lt` until)."""
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=AMSTERDAM)
        until = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=AMSTERDAM)
        return start, until

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        """The calendar months the period touches, each clipped to the period."""
        return _split(self, month_of)

    def quarters(self) -> list[Period]:
        return _split(self, quarter_of)

    def label(self) -> str:
        """ "maart 2025", "1e kwartaal 2025", "2025", or "01-03-2025 t/m 15-03-2025"."""
        if self == month_of(self.start):
            return date_format(self.start, "F Y")
        if self == quarter_of(self.start):
            return gettext("%(q)se kwartaal %(y)s") % {
                "q": (self.start.month - 1) // 3 + 1,
                "y": self.start.year,
            }
        if self == year_of(self.start):
            return str(self.start.year)
        return gettext("%(start)s t/m %(end)s") % {
            "start": self.start.strftime("%d-%m-%Y"),
            "end": self.end.strftime("%d-%m-%Y"),
        }


def month_of(day: dt.date) -> Period:
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return Period(start, following - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    end = month_of(dt.date(day.year, first_month + 2, 1)).end
    return Period(start, end)


def year_of(day: dt.date) -> Period:
    return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


def last_twelve_months(on: dt.date) -> Period:
    """From the day after the same date a year ago, up to and including `on`."""
    try:
        year_ago = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_ago = on.replace(year=on.year - 1, day=28)
    return Period(start=year_ago + dt.timedelta(days=1), end=on)


def _split(period: Period, unit: Any) -> list[Period]:
    parts: list[Period] = []
    day = period.start
    while day <= period.end:
        whole: Period = unit(day)
        parts.append(Period(max(whole.start, period.start), min(whole.end, period.end)))
        day = whole.end + dt.timedelta(days=1)
    return parts
