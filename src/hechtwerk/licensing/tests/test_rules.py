"""Licence standing on dates around every boundary (seed 000, domain.md §6; trust.md T5.7c)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hechtwerk.licensing import rules
from hechtwerk.licensing.constants import Standing

D = datetime.date
TERMS = rules.Terms(period_months=12, cutoff_days=30, grace_days=30)
ONE_RETURN_DAY = (datetime.date(2026, 3, 1),)
YEAR = rules.Period(D(2026, 1, 1), D(2026, 12, 31), paid=True)


def standing(day, periods=(YEAR,), cancelled_on=None, trainings=(), return_days=ONE_RETURN_DAY):
    return rules.licence_standing(
        day,
        periods=periods,
        cancelled_on=cancelled_on,
        terms=TERMS,
        trainings=trainings,
        return_days=return_days,
    )


def test_it_ends_a_period_the_day_before_the_same_date_a_year_later():
    assert rules.period_from(D(2026, 1, 1), TERMS).end == D(2026, 12, 31)
    # 29 February: the next year has no 29th, so the period runs to 27 February.
    assert rules.period_from(D(2024, 2, 29), TERMS).end == D(2025, 2, 27)
    assert rules.period_from(D(2027, 3, 1), TERMS).end == D(2028, 2, 29)


def test_it_is_current_on_the_first_and_last_day_and_renewed_the_day_after():
    assert standing(D(2026, 1, 1)).standing == Standing.CURRENT
    assert standing(D(2026, 12, 31)).standing == Standing.CURRENT
    # Renewal day without a written row: derived, unpaid, so in grace until 30 days later.
    result = standing(D(2027, 1, 1), return_days=(D(2026, 3, 1), D(2027, 1, 1)))
    assert result.standing == Standing.GRACE
    assert result.period == rules.Period(D(2027, 1, 1), D(2027, 12, 31), explicit=False)
    assert result.reasons[0].code == "unpaid"
    assert result.reasons[0].deadline == D(2027, 1, 31)


def test_it_lapses_the_day_after_grace_ends_when_unpaid():
    unpaid = (YEAR, rules.Period(D(2027, 1, 1), D(2027, 12, 31), paid=False))
    days = (D(2026, 3, 1), D(2027, 1, 10))
    assert standing(D(2027, 1, 31), unpaid, return_days=days).standing == Standing.GRACE
    lapsed = standing(D(2027, 2, 1), unpaid, return_days=days)
    assert lapsed.standing == Standing.LAPSED
    assert not lapsed.good
    assert "niet betaald" in lapsed.reasons[0].message


def test_it_keeps_renewing_when_cancelled_after_the_cut_off():
    cutoff = rules.cancellation_cutoff(YEAR, TERMS)
    assert cutoff == D(2026, 12, 1)
    on_cutoff = standing(D(2027, 1, 1), cancelled_on=cutoff)
    assert on_cutoff.standing == Standing.CANCELLED
    # One day after the cut-off: the next year still runs, then it stops.
    late = D(2026, 12, 2)
    assert standing(D(2027, 1, 1), cancelled_on=late).standing != Standing.CANCELLED
    assert standing(D(2028, 1, 1), cancelled_on=late).standing == Standing.CANCELLED


def test_it_says_when_a_cancelled_licence_ends_while_still_current():
    result = standing(D(2026, 6, 1), cancelled_on=D(2026, 5, 1))
    assert result.standing == Standing.CURRENT
    assert not result.renews
    assert any(
        item.code == "ends" and item.deadline == D(2026, 12, 31) for item in result.open_obligations
    )


def test_it_offers_cancelling_until_the_cut_off_with_the_date():
    before = standing(D(2026, 12, 1))
    renews = [i for i in before.open_obligations if i.code == "renews"]
    assert renews
    assert "01-12-2026" in renews[0].message
    assert not [i for i in standing(D(2026, 12, 2)).open_obligations if i.code == "renews"]


def test_it_keeps_gaps_in_the_history():
    gap = (YEAR, rules.Period(D(2028, 1, 1), D(2028, 12, 31), paid=True))
    result = standing(D(2027, 6, 1), gap, cancelled_on=D(2026, 6, 1))
    assert result.standing == Standing.CANCELLED
    assert (
        standing(
            D(2028, 6, 1), gap, cancelled_on=D(2026, 6, 1), return_days=(D(2028, 2, 1),)
        ).standing
        == Standing.CURRENT
    )


def training(last, submitted=None, nulmeting=True):
    return rules.TrainingGiven(
        "Basistraining mei", last - datetime.timedelta(days=21), last, nulmeting, submitted
    )


def test_it_counts_day_28_after_the_last_session_as_on_time_and_day_29_as_late():
    last = D(2026, 5, 4)
    assert rules.evaluation_deadline(last) == D(2026, 6, 1)
    assert rules.evaluation_on_time(last, D(2026, 6, 1))
    assert not rules.evaluation_on_time(last, D(2026, 6, 2))
    on_28 = standing(D(2026, 6, 1), trainings=(training(last),))
    assert on_28.standing == Standing.CURRENT
    assert any(
        i.code == "evaluation_due" and i.deadline == D(2026, 6, 1) for i in on_28.open_obligations
    )
    on_29 = standing(D(2026, 6, 2), trainings=(training(last),))
    assert on_29.standing == Standing.GRACE
    assert on_29.reasons[0].code == "evaluation_late"
    assert on_29.reasons[0].deadline == D(2026, 7, 1)
    assert standing(D(2026, 7, 2), trainings=(training(last),)).standing == Standing.LAPSED
    # Submitted late, it stops counting against the trainer from that day.
    assert (
        standing(D(2026, 7, 2), trainings=(training(last, D(2026, 6, 20)),)).standing
        == Standing.CURRENT
    )


def test_it_puts_a_missing_nulmeting_in_grace_and_ignores_an_unknown_one():
    last = D(2026, 5, 4)
    missing = standing(D(2026, 4, 20), trainings=(training(last, nulmeting=False),))
    assert missing.standing == Standing.GRACE
    assert "nulmeting" in missing.reasons[0].message
    assert (
        standing(D(2026, 4, 20), trainings=(training(last, nulmeting=None),)).standing
        == Standing.CURRENT
    )


def test_it_asks_for_a_return_day_each_licence_year():
    periods = (YEAR, rules.Period(D(2027, 1, 1), D(2027, 12, 31), paid=True))
    none = standing(D(2026, 6, 1), return_days=())
    assert none.standing == Standing.CURRENT
    assert any(
        i.code == "return_day_due" and i.deadline == D(2026, 12, 31) for i in none.open_obligations
    )
    missed = standing(D(2027, 1, 31), periods, return_days=())
    assert missed.standing == Standing.GRACE
    assert missed.reasons[0].code == "return_day_missed"
    assert standing(D(2027, 2, 1), periods, return_days=()).standing == Standing.LAPSED
    made_up = standing(D(2027, 2, 1), periods, return_days=(D(2027, 1, 20),))
    assert made_up.standing == Standing.CURRENT


def test_it_has_no_standing_before_the_first_period():
    result = standing(D(2025, 12, 31))
    assert result.standing == Standing.NONE
    assert result.reasons[0].action


def test_it_writes_the_renewal_only_after_the_cut_off_and_not_when_cancelled_in_time():
    assert rules.renewal_due([YEAR], D(2026, 12, 1), cancelled_on=None, terms=TERMS) is None
    due = rules.renewal_due([YEAR], D(2026, 12, 2), cancelled_on=None, terms=TERMS)
    assert due == rules.Period(D(2027, 1, 1), D(2027, 12, 31), paid=False)
    assert (
        rules.renewal_due([YEAR], D(2026, 12, 2), cancelled_on=D(2026, 11, 1), terms=TERMS) is None
    )


def test_it_checks_membership_on_payment_only():
    result = rules.licence_standing(
        D(2026, 6, 1), periods=(YEAR,), cancelled_on=None, terms=TERMS, obligations=False
    )
    assert result.standing == Standing.CURRENT
    assert not [i for i in result.open_obligations if i.code == "return_day_due"]


@given(
    start=st.dates(min_value=D(1996, 1, 1), max_value=D(2096, 12, 31)),
    day=st.dates(min_value=D(1995, 1, 1), max_value=D(2099, 12, 31)),
)
def test_it_is_valid_on_a_date_iff_start_le_date_le_end_across_leap_years(start, day):
    """T5.7(c)."""
    period = rules.period_from(start, TERMS)
    assert rules.is_valid_on(period, day) == (period.start <= day <= period.end)
    result = rules.licence_standing(
        day,
        periods=(rules.Period(period.start, period.end, paid=True),),
        cancelled_on=period.start,
        terms=TERMS,
        obligations=False,
    )
    assert (result.standing == Standing.CURRENT) == (start <= day <= period.end)
    # Consecutive periods leave no gap and no overlap, 29 February included.
    following = rules.period_from(rules.next_start(period), TERMS)
    assert following.start - period.end == datetime.timedelta(days=1)
