"""Reads that span several records: a child's history, the situation the catalogue matches
interventions to; the professional's worklist is in worklist.py (re-exported here).

They load a fixed number of queries whatever the length of the history (asserted in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from hechtwerk.catalogue.rules import Situation
from hechtwerk.method.ages import MAX_AGE_DAYS, MAX_PREGNANCY_WEEK, age_in_days, pregnancy_week
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    ReferralCriterion,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.models import (
    SAMENSTARTEN_FIELDS,
    Child,
    Consult,
    DimensionAssessment,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)

# The worklist lives in its own module; these names stay importable from here.
from hechtwerk.signalling.worklist import CONVERSATION_SETTLED as CONVERSATION_SETTLED
from hechtwerk.signalling.worklist import WorklistEntry as WorklistEntry
from hechtwerk.signalling.worklist import WorklistPage as WorklistPage
from hechtwerk.signalling.worklist import worklist as worklist
from hechtwerk.signalling.worklist import worklist_page as worklist_page

if TYPE_CHECKING:
    from hechtwerk.signalling.chart import ChartPoint


def consults_with_details() -> Any:
    return Consult.objects.select_related(
        "contact_moment", "professional", "instrument_version__instrument", "error_marked_by"
    ).prefetch_related(Prefetch("dimensions", queryset=DimensionAssessment.objects.order_by("id")))


# Timeline kind → the kind in the "entered in error" URL.
ERROR_KINDS = {
    "consult": "consult",
    "informatiekaart": "informatiekaart",
    "referral": "verwijzing",
    "samenstarten": "samenstarten",
    "vulnerability": "kwetsbaarheid",
    "not_held": "niet-gehouden",
}


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # consult, informatiekaart, referral, samenstarten, vulnerability
    record: Any

    @property
    def error_kind(self) -> str:
        return ERROR_KINDS[self.kind]


@dataclass
class ChildHistory:
    child: Child
    consults: list[Consult]
    checks: list[InformatiekaartCheck]
    referrals: list[Referral]
    samenstarten: list[SamenStartenConversation]
    vulnerability: list[VulnerabilityAssessment]
    not_held: list[MomentNotHeld] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    def chart_points(self) -> list[ChartPoint]:
        """Counted consults with a Signalenlijst, oldest first, for the chart and its table."""
        from hechtwerk.signalling.chart import ChartPoint

        points = []
        for consult in self.consults:
            dims = list(consult.dimensions.all())
            if consult.entered_in_error or not dims or self.child.birth_date is None:
                continue
            points.append(
                ChartPoint(
                    consult_date=consult.consult_date,
                    age_days=age_in_days(self.child.birth_date, consult.consult_date),
                    statuses={Dimension(d.dimension): DimensionStatus(d.status) for d in dims},
                )
            )
        return points


def child_history(child: Child) -> ChildHistory:
    """Everything recorded about one child, in eight queries."""
    consults = list(consults_with_details().filter(child=child).order_by("consult_date", "id"))
    checks = list(
        InformatiekaartCheck.objects.filter(child=child)
        .select_related("professional")
        .order_by("checked_on", "id")
    )
    referrals = list(
        Referral.objects.filter(child=child)
        .select_related("professional", "intervention")
        .order_by("referred_on", "id")
    )
    samenstarten = list(
        SamenStartenConversation.objects.filter(child=child)
        .select_related("professional")
        .order_by("held_on", "id")
    )
    vulnerability = list(
        VulnerabilityAssessment.objects.filter(child=child)
        .select_related("professional")
        .prefetch_related("factors")
        .order_by("assessed_on", "id")
    )
    not_held = list(
        MomentNotHeld.objects.filter(child=child)
        .select_related("professional", "contact_moment")
        .order_by("noted_on", "id")
    )
    timeline = sorted(
        [TimelineEntry(c.consult_date, "consult", c) for c in consults]
        + [TimelineEntry(n.noted_on, "not_held", n) for n in not_held]
        + [TimelineEntry(c.checked_on, "informatiekaart", c) for c in checks]
        + [TimelineEntry(r.referred_on, "referral", r) for r in referrals]
        + [TimelineEntry(s.held_on, "samenstarten", s) for s in samenstarten]
        + [TimelineEntry(v.assessed_on, "vulnerability", v) for v in vulnerability],
        key=lambda entry: (entry.on, entry.kind),
        reverse=True,
    )
    return ChildHistory(
        child=child,
        consults=consults,
        checks=checks,
        referrals=referrals,
        samenstarten=samenstarten,
        vulnerability=vulnerability,
        not_held=not_held,
        timeline=timeline,
    )


def _latest(records: list[Any]) -> Any:
    """The last counted record of a list ordered oldest first, or None."""
    counted = [r for r in records if not r.entered_in_error]
    return counted[-1] if counted else None


def situation_for(
    child: Child,
    today: date,
    *,
    history: ChildHistory | None = None,
    consult: Consult | None = None,
) -> Situation | None:
    """What the catalogue's matching needs to know of a child today: the age in days (before
    birth the week of pregnancy), the dimensions zoekend (confirmed, or suggested while not yet
    confirmed) at the latest counted
    Signalenlijst consult (or at `consult`, the one on screen), the Informatiekaart criteria met
    at the latest check, the latest vulnerability grade and the SamenStarten domains rated
    probleem at the latest conversation. Codes only: no case code, date or note leaves here.

    None when there is no age to match on (a child in error, no dates, or over 18). Pass the
    child's `history` when it is loaded already; else it is read (seven queries)."""
    if child.entered_in_error:
        return None
    history = history if history is not None else child_history(child)
    age_days: int | None = None
    week: int | None = None
    if child.birth_date is not None and child.birth_date <= today:
        age_days = age_in_days(child.birth_date, today)
        if age_days > MAX_AGE_DAYS:
            return None
    elif child.due_date is not None:
        week = min(max(pregnancy_week(child.due_date, today), 1), MAX_PREGNANCY_WEEK)
    else:
        return None

    shown = None
    if consult is not None and not consult.entered_in_error:
        shown = next((c for c in history.consults if c.pk == consult.pk), None)
    if shown is None or not shown.dimensions.all():
        shown = _latest([c for c in history.consults if c.dimensions.all()])
    searching = frozenset(
        Dimension(d.dimension)
        for d in (shown.dimensions.all() if shown is not None else ())
        # Confirmed zoekend, or suggested zoekend while the nurse has not yet confirmed: until
        # then the matches follow the suggestion, not "geen bijzondere signalen".
        if d.is_searching
    )
    check = _latest(history.checks)
    criteria = frozenset(
        ReferralCriterion(c)
        for c in (check.criteria_met if check is not None else ())
        if c in ReferralCriterion.values
    )
    assessment = _latest(history.vulnerability)
    grade = VulnerabilityGrade(assessment.final_grade) if assessment is not None else None
    conversation = _latest(history.samenstarten)
    problems = frozenset(
        domain
        for domain, column in SAMENSTARTEN_FIELDS.items()
        if conversation is not None and getattr(conversation, column) == SamenStartenRating.PROBLEM
    )
    return Situation(
        age_days=age_days,
        pregnancy_week=week,
        searching_dimensions=searching,
        referral_criteria=criteria,
        vulnerability_grade=grade,
        samenstarten_problems=problems,
    )
