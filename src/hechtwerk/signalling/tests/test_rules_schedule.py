"""Contact moments and worklist. Source: /work/shared/domain.md §3 (classic schedule) and §2."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hechtwerk.signalling.rules import (
    CLASSIC_SCHEDULE,
    ContactMomentSpec,
    Policy,
    first_half_year_moments,
    months_to_days,
    worklist_moments,
)

BIRTH = date(2026, 1, 10)
FOUR_WEEKS = ContactMomentSpec("4w", "4 weken", 28)
DUE = BIRTH + timedelta(days=28)


def test_it_ships_the_classic_schedule_in_age_order():
    # domain.md §3: 2 weeks home visit, 4 wk, 8 wk, 3, 4, 6, 7½, 9, 11, 14, 18 months, 2, 3, 3.9 y.
    ages = [moment.age_days for moment in CLASSIC_SCHEDULE]
    assert ages[:3] == [14, 28, 56]
    assert ages == sorted(ages)
    assert len(CLASSIC_SCHEDULE) == 14
    assert len({moment.code for moment in CLASSIC_SCHEDULE}) == 14
    by_code = {moment.code: moment.age_days for moment in CLASSIC_SCHEDULE}
    assert by_code["3m"] == round(3 * 30.44)
    assert by_code["6m"] == 183
    assert by_code["7_5m"] == round(7.5 * 30.44)
    assert by_code["2j"] == months_to_days(24) == 731
    # "3,9 jaar" is 3 years and 9 months in JGZ usage.
    assert by_code["3j9m"] == months_to_days(45)


def test_it_lists_only_the_moments_of_the_first_half_year():
    # domain.md §2: the Signalenlijst belongs to every consult up to 183 days.
    moments = first_half_year_moments(BIRTH, CLASSIC_SCHEDULE, set(), BIRTH)
    assert [m.moment.code for m in moments] == ["huisbezoek_2w", "4w", "8w", "3m", "4m", "6m"]
    assert moments[0].due_on == BIRTH + timedelta(days=14)


def test_it_orders_moments_by_age_whatever_the_schedule_order():
    schedule = list(reversed(CLASSIC_SCHEDULE))
    moments = first_half_year_moments(BIRTH, schedule, set(), BIRTH)
    assert [m.moment.age_days for m in moments] == sorted(m.moment.age_days for m in moments)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (DUE - timedelta(days=8), "upcoming"),
        (DUE - timedelta(days=7), "due"),  # due from its age minus due_soon_days (7)
        (DUE, "due"),
        (DUE + timedelta(days=13), "due"),
        (DUE + timedelta(days=14), "overdue"),  # overdue from overdue_after_days (14) after
    ],
)
def test_it_derives_the_worklist_state_at_the_day_boundaries(today, state):
    (moment,) = first_half_year_moments(BIRTH, [FOUR_WEEKS], set(), today)
    assert moment.state == state


def test_it_marks_a_recorded_moment_done_even_when_late():
    (moment,) = first_half_year_moments(BIRTH, [FOUR_WEEKS], {"4w"}, DUE + timedelta(days=60))
    assert moment.state == "done"


def test_it_uses_the_configured_worklist_windows():
    policy = Policy(due_soon_days=0, overdue_after_days=1)
    (before,) = first_half_year_moments(BIRTH, [FOUR_WEEKS], set(), DUE - timedelta(days=1), policy)
    (after,) = first_half_year_moments(BIRTH, [FOUR_WEEKS], set(), DUE + timedelta(days=1), policy)
    assert (before.state, after.state) == ("upcoming", "overdue")


@pytest.mark.parametrize(
    ("age_days", "codes"),
    [
        (200, ["6m"]),  # past the half year, the missed 6-month consult is still listed ...
        (365, ["6m"]),  # ... up to the Signalenlijst's age limit (domain.md §2: 12 months) ...
        (366, []),  # ... and not after it, when the list may no longer be recorded
    ],
)
def test_it_keeps_a_missed_moment_on_the_worklist_until_the_age_limit(age_days, codes):
    recorded = {"huisbezoek_2w", "4w", "8w", "3m", "4m"}
    today = BIRTH + timedelta(days=age_days)
    moments = worklist_moments(BIRTH, CLASSIC_SCHEDULE, recorded, today)
    assert [m.moment.code for m in moments] == codes


def test_it_lists_only_due_and_overdue_moments_on_the_worklist():
    (moment,) = worklist_moments(BIRTH, [FOUR_WEEKS], set(), DUE)
    assert moment.state == "due"
    assert worklist_moments(BIRTH, [FOUR_WEEKS], set(), DUE - timedelta(days=8)) == ()
    assert worklist_moments(BIRTH, [FOUR_WEEKS], {"4w"}, DUE) == ()


def test_it_translates_labels_when_displayed():
    assert CLASSIC_SCHEDULE[0].display_label == "Huisbezoek 2 weken"
