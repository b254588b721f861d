"""Pure decisions of the training capability: no database, typed inputs, results that explain
themselves. Sources: domain.md §6 and seed documents 000 (Masterclass), 001 (Het Begint Bij Mij),
002 (Cursus hechting) and 004 (Kansrijke Start deepening meeting).
"""

from __future__ import annotations

import calendar
import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .constants import CertificateStanding, EditionStatus

RULES_VERSION = "training-2026.1"

# ABSG: attendance of an accredited training for doctors is reported within 6 weeks (domain §6).
ABSG_REPORT_WEEKS = 6


# --- prerequisites ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """A prerequisite: the course required and every course whose certificate counts for it."""

    course_id: int
    name: str
    accepted_course_ids: frozenset[int]


@dataclass(frozen=True)
class PrerequisiteResult:
    allowed: bool
    missing: tuple[str, ...]  # names of the required courses not held
    overridden: bool
    rules_version: str = RULES_VERSION


def check_prerequisites(
    *,
    requirements: Sequence[Requirement],
    held_course_ids: Iterable[int],
    override_reason: str = "",
) -> PrerequisiteResult:
    """Allowed when a valid certificate is held for each requirement (its course or an
    equivalent one: seed 000, the Masterclass needs the Basistraining), or when a beheerder gives
    a reason to set the requirement aside."""
    held = set(held_course_ids)
    missing = tuple(r.name for r in requirements if not (r.accepted_course_ids & held))
    if not missing:
        return PrerequisiteResult(allowed=True, missing=(), overridden=False)
    if override_reason.strip():
        return PrerequisiteResult(allowed=True, missing=missing, overridden=True)
    return PrerequisiteResult(allowed=False, missing=missing, overridden=False)


# --- seats and the waiting list ------------------------------------------------------------------


def seats_free(*, capacity: int, taken: int) -> int:
    """Seats left; never negative, also if an edition's capacity was lowered below its count."""
    return max(0, capacity - taken)


def offer_live(*, expires_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    """An offered seat is held until its deadline; afterwards it moves on (derived, no job)."""
    return expires_at is not None and now < expires_at


def offer_deadline(*, offered_at: datetime.datetime, hours: int) -> datetime.datetime:
    """Until when the first on the waiting list may accept a freed seat."""
    return offered_at + datetime.timedelta(hours=hours)


@dataclass(frozen=True)
class InLine:
    enrolment_id: int
    waiting_since: datetime.datetime


def promotion_order(waiting: Iterable[InLine]) -> list[int]:
    """Who gets a freed seat first: earliest on the list, ties by the order of signing up."""
    return [
        w.enrolment_id for w in sorted(waiting, key=lambda w: (w.waiting_since, w.enrolment_id))
    ]


def offers_to_make(*, free: int, waiting: Iterable[InLine]) -> list[int]:
    """The enrolments that get an offer now: the first `free` in line."""
    return promotion_order(waiting)[:free]


# --- edition status -------------------------------------------------------------------------------


def edition_status(
    *,
    now: datetime.datetime,
    cancelled_at: datetime.datetime | None,
    published_at: datetime.datetime | None,
    first_start: datetime.datetime | None,
    last_end: datetime.datetime | None,
    seats_taken: int,
    capacity: int,
) -> EditionStatus:
    """The status an edition has at `now`, from its facts only."""
    if cancelled_at is not None:
        return EditionStatus.CANCELLED
    if last_end is not None and now >= last_end:
        return EditionStatus.COMPLETED
    if first_start is not None and now >= first_start:
        return EditionStatus.RUNNING
    if published_at is None or first_start is None or now < published_at:
        return EditionStatus.PLANNED
    if seats_taken >= capacity:
        return EditionStatus.FULL
    return EditionStatus.OPEN


def below_minimum(*, enrolled: int, minimum: int) -> bool:
    """Too few participants to run the edition (the provider may then cancel it)."""
    return enrolled < minimum


# --- completion and certificates ---------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRule:
    attendance_threshold: int  # percent of the planned net minutes
    test_required: bool
    evaluation_required: bool


@dataclass(frozen=True)
class CompletionFacts:
    planned_minutes: int
    attended_minutes: int
    test_passed: bool
    evaluation_submitted: bool


@dataclass(frozen=True)
class CompletionResult:
    complete: bool
    attendance_percent: Decimal
    unmet: tuple[str, ...]  # "attendance", "test", "evaluation"
    rules_version: str = RULES_VERSION


def evaluate_completion(rule: CompletionRule, facts: CompletionFacts) -> CompletionResult:
    """Whether a participant completed: attendance at or above the course's threshold, and the
    test and evaluation where the course asks for them (seed 000: nulmeting before, evaluation
    and test afterwards)."""
    if facts.planned_minutes <= 0:
        percent = Decimal("0")
    else:
        percent = (Decimal(facts.attended_minutes) * 100 / Decimal(facts.planned_minutes)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    unmet: list[str] = []
    if facts.planned_minutes <= 0 or percent < rule.attendance_threshold:
        unmet.append("attendance")
    if rule.test_required and not facts.test_passed:
        unmet.append("test")
    if rule.evaluation_required and not facts.evaluation_submitted:
        unmet.append("evaluation")
    return CompletionResult(complete=not unmet, attendance_percent=percent, unmet=tuple(unmet))


def hours_attended(minutes: Iterable[int]) -> Decimal:
    """Hours actually attended, for accreditation, to two decimals (150 minutes → 2.50)."""
    total = sum(minutes)
    return (Decimal(total) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def absg_report_due(last_session_day: datetime.date) -> datetime.date:
    """ABSG wants attendance within 6 weeks after the course (domain.md §6)."""
    return last_session_day + datetime.timedelta(weeks=ABSG_REPORT_WEEKS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; the 31st becomes the month's last day where needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_valid_until(issued_on: datetime.date, months: int | None) -> datetime.date | None:
    """The last day a certificate counts; None when the course's certificates do not expire."""
    if months is None:
        return None
    return add_months(issued_on, months) - datetime.timedelta(days=1)


def certificate_standing(
    *,
    revoked_at: datetime.datetime | None,
    valid_until: datetime.date | None,
    today: datetime.date,
) -> CertificateStanding:
    """What the public verification page says: revoked, expired or valid."""
    if revoked_at is not None:
        return CertificateStanding.REVOKED
    if valid_until is not None and today > valid_until:
        return CertificateStanding.EXPIRED
    return CertificateStanding.VALID


# --- planning an edition and a course --------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSession:
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong with a plan: which session (1-based, 0 for the plan) and what."""

    session: int
    code: str  # "ends_before_start", "in_the_past", "overlaps", "count"


def session_plan_problems(
    sessions: Sequence[PlannedSession], *, today: datetime.date, course_sessions: int
) -> list[PlanProblem]:
    """What stops an edition's dated sessions: each ends after it starts, none lies before today,
    none overlaps another, and there are as many as the course has meetings (its structure)."""
    problems = []
    for number, session in enumerate(sessions, 1):
        if session.end_time <= session.start_time:
            problems.append(PlanProblem(number, "ends_before_start"))
        if session.date < today:
            problems.append(PlanProblem(number, "in_the_past"))
    ordered = sorted(enumerate(sessions, 1), key=lambda p: (p[1].date, p[1].start_time))
    for (_n, earlier), (number, later) in itertools.pairwise(ordered):
        if earlier.date == later.date and later.start_time < earlier.end_time:
            problems.append(PlanProblem(number, "overlaps"))
    if course_sessions and len(sessions) != course_sessions:
        problems.append(PlanProblem(0, "count"))
    return problems


# --- register numbers for accreditation -------------------------------------------------------------

# What each register's number looks like. BIG numbers (doctors, reported to ABSG) have 11 digits;
# V&VN Kwaliteitsregister and SKJ numbers are digits only, their length differs by year of entry.
REGISTER_NUMBER_DIGITS = {"absg": (11, 11), "vvn": (5, 10), "skj": (5, 10)}


def normalise_register_number(text: str) -> str:
    """The number as stored: spaces, dots and dashes people type between digit groups removed."""
    return "".join(ch for ch in text if ch not in " .-")


def register_number_valid(register: str, number: str) -> bool:
    """True when `number` (normalised) has the form of `register`'s numbers."""
    low, high = REGISTER_NUMBER_DIGITS[register]
    return number.isdigit() and low <= len(number) <= high


# --- periodic mails ----------------------------------------------------------------------------------


def reminder_due(
    *, first_start: datetime.datetime, now: datetime.datetime, days_before: int
) -> bool:
    """A reminder goes out in the `days_before` days before the first session, not after it."""
    return now < first_start <= now + datetime.timedelta(days=days_before)


def evaluation_request_due(
    *, last_end: datetime.datetime, now: datetime.datetime, within_days: int
) -> bool:
    """The evaluation is asked for once the last session is over, for `within_days` days
    (domain.md §6: a licensed trainer sends the evaluation to the foundation within 4 weeks)."""
    return last_end <= now <= last_end + datetime.timedelta(days=within_days)


def minutes_attended(*, present: bool, net_minutes: int, stated: int | None) -> int:
    """Minutes kept for accreditation: the session's net minutes, or fewer when the trainer
    states that the participant came late or left early; never more, never negative."""
    if not present:
        return 0
    if stated is None:
        return net_minutes
    return max(0, min(stated, net_minutes))


def measurement_open(
    moment: str,
    *,
    first_start: datetime.datetime,
    last_start: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """A nulmeting is filled in before the first session starts; the toets and the evaluation
    from the start of the last session on (they look back on the whole course)."""
    if moment == "nulmeting":
        return now < first_start
    return now >= last_start
