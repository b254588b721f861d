"""Shared figures: small-number suppression with complementary suppression, percentages, periods.

T4.7: aggregate figures suppress cells with n < 5, and nothing shown gives a withheld one away.
The tables below are counted by hand; the properties check every table hypothesis makes up.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from hechtwerk.core.figures import (
    WITHHELD,
    Count,
    Period,
    count,
    figure_table,
    last_twelve_months,
    month_of,
    percentage,
    quarter_of,
    suppress_grid,
    suppress_line,
    year_of,
)

W = "niet getoond"


def texts(counts):
    return [str(c) for c in counts]


def grid_texts(grid):
    return [texts(row) for row in grid.cells]


# -- hand-counted tables ---------------------------------------------------------------------


def test_it_withholds_counts_of_one_to_four_and_shows_zero_and_five():
    assert texts([count(0), count(1), count(4), count(5), count(120)]) == [
        "0",
        W,
        W,
        "5",
        "120",
    ]


def test_it_withholds_a_second_cell_when_one_hidden_cell_would_follow_from_the_total():
    # [7, 3, 9] = 19: 19 − 7 − 9 gives the 3 away, so the smallest shown cell (7) goes too.
    cells, total = suppress_line([7, 3, 9])
    assert texts(cells) == [W, W, "9"]
    assert str(total) == "19"


def test_it_shows_the_total_of_eight_beside_its_hidden_cells_instead_of_hiding_it():
    # The catalogue's old table: a column of 3 and 5 showed its total 8 as "minder dan 5".
    cells, total = suppress_line([3, 5])
    assert texts(cells) == [W, W]
    assert str(total) == "8"


def test_it_withholds_more_when_the_hidden_cells_together_are_a_small_number():
    # 1 + 1 = 2 and 4 + 4 = 8 each pin both cells down (counts of 1 to 4): a cell of 5 or
    # more must be withheld beside them.
    cells, total = suppress_line([1, 1, 9])
    assert texts(cells) == [W, W, W]
    assert str(total) == "11"
    cells, total = suppress_line([4, 4, 12, 6])
    assert texts(cells) == [W, W, "12", W]
    assert str(total) == "26"


def test_it_withholds_the_total_when_no_cell_is_left_to_withhold():
    cells, total = suppress_line([3, 0, 0])
    assert texts(cells) == [W, "0", "0"]
    assert total.withheld  # 3 itself
    cells, total = suppress_line([4, 4, 0])
    assert texts(cells) == [W, W, "0"]
    assert total.withheld  # 8 would pin both 4s; nothing of 5 or more to withhold


def test_it_shows_every_cell_and_the_total_when_nothing_is_small():
    cells, total = suppress_line([0, 5, 12])
    assert texts(cells) == ["0", "5", "12"]
    assert str(total) == "17"


def test_it_suppresses_columns_with_totals_each_on_their_own():
    # Referrals per organisation: made / started / completed; only columns have totals.
    grid = suppress_grid([[12, 9, 3], [6, 6, 5]], column_totals=True)
    assert grid_texts(grid) == [["12", "9", W], ["6", "6", W]]
    assert texts(grid.column_totals) == ["18", "15", "8"]


def test_it_withholds_a_rectangle_in_a_table_with_row_and_column_totals():
    grid = suppress_grid([[10, 3, 12], [8, 9, 20], [15, 6, 7]], row_totals=True, column_totals=True)
    assert grid_texts(grid) == [[W, W, "12"], [W, W, "20"], ["15", "6", "7"]]
    assert texts(grid.row_totals) == ["25", "37", "28"]
    assert texts(grid.column_totals) == ["33", "18", "39"]
    assert str(grid.grand_total) == "90"


def test_it_withholds_a_cell_that_several_lines_together_would_give_away():
    # [[0, 0, 1], [1, 5, 5]] with all totals. Steps 1-2 withhold the 1s, the 5 of column 3,
    # the row totals (1 and 11) and the column totals 1 and 5 (grand-total line). Column 2's
    # total is then fixed by its shown cells (0 + 5), so the 5 in it is withheld as well.
    values = [[0, 0, 1], [1, 5, 5]]
    grid = suppress_grid(values, row_totals=True, column_totals=True)
    assert grid_texts(grid) == [["0", "0", W], [W, W, W]]
    assert texts(grid.row_totals) == [W, W]
    assert texts(grid.column_totals) == [W, W, "6"]
    assert str(grid.grand_total) == "12"
    assert not _fixed(values, grid, _hidden(grid))


@override_settings(FIGURES_SUPPRESSION_THRESHOLD=11)
def test_it_takes_the_threshold_from_the_settings():
    assert count(10).withheld
    assert str(count(11)) == "11"


def test_it_reads_every_withheld_value_the_same():
    cells, total = suppress_line([2, 3])
    assert {str(c) for c in cells} | {str(total)} == {W}
    table = figure_table(
        key="t",
        caption="c",
        heading="h",
        labels=[("a", "A"), ("b", "B")],
        columns=[("n", {"a": 2, "b": 30})],
    )
    assert table.body() == [["A", W], ["B", W], ["Totaal", 32]]
    assert table.has_withheld
    assert "tonen we niet" in table.explanation


def test_it_computes_a_percentage_from_shown_counts_only():
    assert percentage(Count(10), Count(40)) == 25
    assert percentage(WITHHELD, Count(40)) is None
    assert percentage(Count(10), WITHHELD) is None
    assert percentage(Count(0), Count(0)) is None


# -- properties ------------------------------------------------------------------------------

counts_strategy = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(1, 4))
    return [[draw(counts_strategy) for _c in range(cols)] for _r in range(rows)]


def _lines(values, grid):
    """(members, total) as (value, Count) pairs for every line with a total."""
    rows, cols = len(values), len(values[0])
    found = []
    if grid.row_totals is not None:
        for r in range(rows):
            found.append(
                (
                    [(values[r][c], grid.cells[r][c]) for c in range(cols)],
                    (sum(values[r]), grid.row_totals[r]),
                )
            )
    if grid.column_totals is not None:
        for c in range(cols):
            found.append(
                (
                    [(values[r][c], grid.cells[r][c]) for r in range(rows)],
                    (sum(values[r][c] for r in range(rows)), grid.column_totals[c]),
                )
            )
    if grid.row_totals is not None and grid.column_totals is not None:
        grand = (sum(map(sum, values)), grid.grand_total)
        found.append(([(sum(values[r]), grid.row_totals[r]) for r in range(rows)], grand))
        col_sums = [sum(values[r][c] for r in range(rows)) for c in range(cols)]
        found.append(([(col_sums[c], grid.column_totals[c]) for c in range(cols)], grand))
    return found


def _hidden(grid):
    keys = []
    for r, row in enumerate(grid.cells):
        keys += [("cell", r, c) for c, v in enumerate(row) if v.withheld]
    for r, v in enumerate(grid.row_totals or ()):
        keys += [("row", r)] if v.withheld else []
    for c, v in enumerate(grid.column_totals or ()):
        keys += [("col", c)] if v.withheld else []
    if grid.grand_total is not None and grid.grand_total.withheld:
        keys.append(("grand",))
    return keys


def _rank(matrix):
    """Rank by fraction elimination (an implementation apart from the module's)."""
    m = [row[:] for row in matrix]
    rank = 0
    for col in range(len(m[0]) if m else 0):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def _fixed(values, grid, hidden):
    """Withheld values that the equations of all lines fix: e_j is in the row space iff adding
    it does not raise the rank."""
    rows, cols = len(values), len(values[0])
    index = {key: i for i, key in enumerate(hidden)}
    equations = []

    def equation(members, total):
        row = [Fraction(0)] * len(hidden)
        for key in members:
            if key in index:
                row[index[key]] += 1
        if total in index:
            row[index[total]] -= 1
        equations.append(row)

    if grid.row_totals is not None:
        for r in range(rows):
            equation([("cell", r, c) for c in range(cols)], ("row", r))
    if grid.column_totals is not None:
        for c in range(cols):
            equation([("cell", r, c) for r in range(rows)], ("col", c))
    if grid.row_totals is not None and grid.column_totals is not None:
        equation([("row", r) for r in range(rows)], ("grand",))
        equation([("col", c) for c in range(cols)], ("grand",))
    if not hidden or not equations:
        return []
    base = _rank(equations)
    fixed = []
    for key, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            fixed.append(key)
    return fixed


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from([(False, True), (True, False), (True, True)]))
def test_it_never_lets_a_withheld_value_be_recovered_from_what_is_shown(values, totals):
    row_totals, column_totals = totals
    grid = suppress_grid(values, row_totals=row_totals, column_totals=column_totals)
    # Shown values are the true values; every small count is withheld.
    for r, row in enumerate(values):
        for c, n in enumerate(row):
            shown = grid.cells[r][c]
            assert shown.value in (None, n)
            if 0 < n < 5:
                assert shown.withheld
    for members, (total, total_shown) in _lines(values, grid):
        assert total_shown.value in (None, total)
        if 0 < total < 5:
            assert total_shown.withheld
        if total_shown.withheld:
            continue
        hidden = [n for n, c in members if c.withheld]
        # Subtraction along the line gives the sum of what is withheld: never one value, and
        # never only small values (whose sum would pin them down or be small itself).
        assert len(hidden) != 1
        if hidden:
            assert max(hidden) >= 5
            assert total - sum(c.value for _n, c in members if not c.withheld) >= 5
    # No combination of lines fixes a withheld value either.
    assert _fixed(values, grid, _hidden(grid)) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(counts_strategy, min_size=1, max_size=8))
def test_it_keeps_the_percentage_free_of_withheld_counts(values):
    cells, total = suppress_line(values)
    for cell in cells:
        p = percentage(cell, total)
        if cell.withheld or total.withheld:
            assert p is None


# -- periods ---------------------------------------------------------------------------------


def test_it_gives_the_month_quarter_and_year_of_a_day():
    day = dt.date(2024, 2, 29)
    assert month_of(day) == Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert quarter_of(day) == Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert quarter_of(dt.date(2025, 11, 3)) == Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert year_of(day) == Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert last_twelve_months(day) == Period(dt.date(2023, 3, 1), day)


def test_it_labels_periods_in_dutch():
    assert month_of(dt.date(2025, 3, 7)).label() == "maart 2025"
    assert quarter_of(dt.date(2025, 3, 7)).label() == "1e kwartaal 2025"
    assert year_of(dt.date(2025, 3, 7)).label() == "2025"
    assert Period(dt.date(2025, 3, 1), dt.date(2025, 3, 15)).label() == "01-03-2025 t/m 15-03-2025"


def test_it_splits_a_period_into_the_months_it_touches():
    months = Period(dt.date(2025, 1, 20), dt.date(2025, 3, 5)).months()
    assert [(m.start.day, m.end.day) for m in months] == [(20, 31), (1, 28), (1, 5)]


def test_it_bounds_a_month_at_midnight_in_amsterdam_across_the_clock_change():
    start, until = month_of(dt.date(2025, 3, 1)).bounds()
    utc = dt.UTC
    assert start.astimezone(utc) == dt.datetime(2025, 2, 28, 23, 0, tzinfo=utc)  # winter time
    assert until.astimezone(utc) == dt.datetime(2025, 3, 31, 22, 0, tzinfo=utc)  # summer time
    start, until = month_of(dt.date(2025, 10, 1)).bounds()
    assert until.astimezone(utc) == dt.datetime(2025, 10, 31, 23, 0, tzinfo=utc)


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(dt.date(2025, 2, 1), dt.date(2025, 1, 31))
