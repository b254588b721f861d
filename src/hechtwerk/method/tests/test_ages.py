"""The one way ages and pregnancy weeks are counted (domain.md §4: a child before birth has an
expected due date; the method is driven by age).

Rule: a pregnancy week is a number of *completed* weeks, 40 on the due date. So a date 1 to 7
days before the due date is week 39 ("39 weken en 6 dagen" is still week 39), 8 days before is
week 38, and 7 days after the due date is week 41. The same rule words a catalogue window and
puts a child on the catalogue's axis, so the child's page and the catalogue agree.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from hechtwerk.method.ages import (
    age_in_days,
    days_to_pregnancy_week,
    format_age,
    pregnancy_week,
    pregnancy_week_to_days,
)

DUE = date(2026, 6, 1)


def test_it_counts_age_in_days_from_the_day_of_birth():
    birth = date(2026, 1, 10)
    assert age_in_days(birth, birth) == 0
    assert age_in_days(birth, date(2026, 2, 10)) == 31
    assert age_in_days(birth, date(2026, 1, 9)) == -1


@pytest.mark.parametrize(
    ("days_before_due", "week"),
    [
        (0, 40),  # 40 weeks at the due date
        (1, 39),  # 39 weeks and 6 days is week 39, not (rounded) 40
        (3, 39),  # 39 weeks and 4 days: the catalogue's rounding said 40
        (7, 39),
        (8, 38),
        (140, 20),  # 20 weeks before the due date
        (146, 19),  # 19 weeks and 1 day
        (-3, 40),  # a few days past the due date
        (-7, 41),
    ],
)
def test_it_counts_completed_pregnancy_weeks_from_the_due_date(days_before_due, week):
    assert pregnancy_week(DUE, DUE - timedelta(days=days_before_due)) == week


@pytest.mark.parametrize("days_before_due", range(0, 281))
def test_it_puts_a_pregnancy_on_the_same_week_from_the_due_date_and_from_the_axis(days_before_due):
    on = DUE - timedelta(days=days_before_due)
    assert pregnancy_week(DUE, on) == days_to_pregnancy_week(-days_before_due)


@pytest.mark.parametrize("week", range(0, 43))
def test_it_turns_a_pregnancy_week_into_its_first_day_and_back(week):
    day = pregnancy_week_to_days(week)
    assert days_to_pregnancy_week(day) == week
    assert days_to_pregnancy_week(day + 6) == week  # the whole week counts as that week
    assert days_to_pregnancy_week(day - 1) == week - 1


def test_it_words_the_days_before_birth_as_completed_pregnancy_weeks():
    with translation.override("nl"):
        assert format_age(pregnancy_week_to_days(20)) == "20 weken zwangerschap"
        assert format_age(pregnancy_week_to_days(20) + 6) == "20 weken zwangerschap"
        assert format_age(-1) == "39 weken zwangerschap"
        assert format_age(-3) == "39 weken zwangerschap"  # rounding said 40, the week of birth
