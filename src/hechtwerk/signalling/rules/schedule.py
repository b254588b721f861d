"""Contact moments: the classic schedule and the worklist of the first half year.

Schedules are data per organisation (domain.md §3); CLASSIC_SCHEDULE is the default to seed them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .base import DEFAULT_POLICY, Policy

# Average month length used to turn "n months" into days (365.25 / 12, rounded to 30.44).
DAYS_PER_MONTH = 30.44

DueState = Literal["upcoming", "due", "overdue", "done"]


@dataclass(frozen=True)
class ContactMomentSpec:
    code: str
    label: str  # Dutch source text (the msgid); show it through display_label
    age_days: int

    @property
    def display_label(self) -> str:
        """The label in the active language."""
        return _(self.label)


def months_to_days(months: float) -> int:
    """Age in days of an age in months, rounded half up."""
    return int(months * DAYS_PER_MONTH + 0.5)


# domain.md §3: 2 weeks home visit, 4 wk, 8 wk, 3, 4, 6, 7½, 9, 11, 14, 18 months, 2, 3, 3.9 years.
# "3,9 jaar" is the JGZ way of writing 3 years and 9 months (45 months), not 3.9 × 12 months.
# Labels are marked with gettext_noop so they are collected; display_label translates them.
CLASSIC_SCHEDULE: tuple[ContactMomentSpec, ...] = (
    ContactMomentSpec("huisbezoek_2w", gettext_noop("Huisbezoek 2 weken"), 14),
    ContactMomentSpec("4w", gettext_noop("4 weken"), 28),
    ContactMomentSpec("8w", gettext_noop("8 weken"), 56),
    ContactMomentSpec("3m", gettext_noop("3 maanden"), months_to_days(3)),
    ContactMomentSpec("4m", gettext_noop("4 maanden"), months_to_days(4)),
    ContactMomentSpec("6m", gettext_noop("6 maanden"), months_to_days(6)),
    ContactMomentSpec("7_5m", gettext_noop("7½ maand"), months_to_days(7.5)),
    ContactMomentSpec("9m", gettext_noop("9 maanden"), months_to_days(9)),
    ContactMomentSpec("11m", gettext_noop("11 maanden"), months_to_days(11)),
    ContactMomentSpec("14m", gettext_noop("14 maanden"), months_to_days(14)),
    ContactMomentSpec("18m", gettext_noop("18 maanden"), months_to_days(18)),
    ContactMomentSpec("2j", gettext_noop("2 jaar"), months_to_days(24)),
    ContactMomentSpec("3j", gettext_noop("3 jaar"), months_to_days(36)),
    ContactMomentSpec("3j9m", gettext_noop("3 jaar en 9 maanden"), months_to_days(45)),
)


@dataclass(frozen=True)
class DueMoment:
    moment: ContactMomentSpec
    due_on: date
    state: DueState


def moment_state(
    due_on: date, *, done: bool, today: date, policy: Policy = DEFAULT_POLICY
) -> DueState:
    """State of one contact moment on a day.

    done when recorded; otherwise overdue from due_on + overdue_after_days (inclusive), due from
    due_on - due_soon_days (inclusive), upcoming before that.
    """
    if done:
        return "done"
    if today >= due_on + timedelta(days=policy.overdue_after_days):
        return "overdue"
    if today >= due_on - timedelta(days=policy.due_soon_days):
        return "due"
    return "upcoming"


def first_half_year_moments(
    birth_date: date,
    schedule: Sequence[ContactMomentSpec],
    recorded_codes: Collection[str],
    today: date,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[DueMoment, ...]:
    """The worklist of one child: contact moments up to first_half_year_days, by age."""
    moments = sorted(
        (spec for spec in schedule if spec.age_days <= policy.first_half_year_days),
        key=lambda spec: (spec.age_days, spec.code),
    )
    result = []
    for spec in moments:
        due_on = birth_date + timedelta(days=spec.age_days)
        state = moment_state(due_on, done=spec.code in recorded_codes, today=today, policy=policy)
        result.append(DueMoment(moment=spec, due_on=due_on, state=state))
    return tuple(result)


def worklist_moments(
    birth_date: date,
    schedule: Sequence[ContactMomentSpec],
    recorded_codes: Collection[str],
    today: date,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[DueMoment, ...]:
    """The first-half-year moments that put a child on the worklist: due or overdue ones.

    A missed moment stays while the Signalenlijst may still be recorded (up to
    signalenlijst_max_age_days), not only until the last moment of the half year turns late.
    """
    earliest, latest = worklist_birth_dates(today, policy)
    if not earliest <= birth_date <= latest:
        return ()
    moments = first_half_year_moments(birth_date, schedule, recorded_codes, today, policy)
    return tuple(moment for moment in moments if moment.state in ("due", "overdue"))


def worklist_birth_dates(today: date, policy: Policy = DEFAULT_POLICY) -> tuple[date, date]:
    """The earliest and latest date of birth of a child worklist_moments may list today."""
    return today - timedelta(days=policy.signalenlijst_max_age_days), today


# -- referrals without follow-up ------------------------------------------------------------------

# What the professional learned about a referral without a start date (the stored codes of
# constants.ReferralFollowUpStatus; the rules know them as plain strings).
FOLLOW_UP_SETTLED = frozenset({"afgezien", "elders_gestart"})  # nothing left to follow up
FOLLOW_UP_WAITING = "wachtlijst"  # follow up again, counted from the day it was noted


def referral_follow_up_due_on(
    referred_on: date,
    *,
    status: str = "",
    noted_on: date | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> date:
    """The day from which a referral without started help asks for follow-up:
    referral_follow_up_days after the referral, or after the waiting list was noted."""
    start = noted_on if status == FOLLOW_UP_WAITING and noted_on is not None else referred_on
    return start + timedelta(days=policy.referral_follow_up_days)


def referral_needs_follow_up(
    referred_on: date,
    today: date,
    *,
    started: bool = False,
    status: str = "",
    noted_on: date | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> bool:
    """A referral is "without follow-up" when the help has not started, the parents neither
    declined nor started elsewhere, and its follow-up day (above) has come."""
    if started or status in FOLLOW_UP_SETTLED:
        return False
    due_on = referral_follow_up_due_on(referred_on, status=status, noted_on=noted_on, policy=policy)
    return today >= due_on


def referrals_made_by(today: date, policy: Policy = DEFAULT_POLICY) -> date:
    """The latest referral (or waiting-list) date that asks for follow-up today: the same rule
    as referral_needs_follow_up, as a date bound for the database."""
    return today - timedelta(days=policy.referral_follow_up_days)
