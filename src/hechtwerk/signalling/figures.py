"""An organisation's figures over a period, for the team leader: counts, never a child.

`count_figures` counts in the database (aggregate queries, a fixed number whatever the amount of
data) and returns plain numbers (`RawFigures`); `present` turns them into the tables the page,
its charts and the export show, suppressed by the shared rule of `hechtwerk.core.figures` (a
count of 1 to 4, and anything that would give one away, reads "niet getoond").

Every figure leaves out records entered in error and records of a child entered in error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count as CountOf
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.figures import (
    Count,
    FigureTable,
    Period,
    count,
    figure_table,
    last_twelve_months,
    percentage,
    single_table,
    suppress_line,
)
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import ConversationModelStatus, ReferralDestination
from hechtwerk.signalling.models import (
    Child,
    Consult,
    ContactMoment,
    DimensionAssessment,
    InformatiekaartCheck,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)
from hechtwerk.signalling.rules import ContactMomentSpec, Policy, first_half_year_moments

# The data category of the access event written when the figures are read or exported.
DATA_CATEGORY = "cijfers"


def default_period(today: date) -> Period:
    """The last twelve months: from the day after the same date a year ago, up to today."""
    return last_twelve_months(today)


# -- the raw numbers and their presentation -------------------------------------------------------


@dataclass(frozen=True)
class RawFigures:
    """The numbers as counted, before any suppression. Never shown as such."""

    children: int = 0
    consults: int = 0
    consults_by_month: Mapping[dt.date, int] | None = None  # first day of the month → count
    signalenlijst_by_month: Mapping[dt.date, int] | None = None
    searching_by_month: Mapping[dt.date, int] | None = None
    with_signalenlijst: int = 0
    with_searching: int = 0
    searching_by_dimension: Mapping[str, int] | None = None
    conversation_offered: int = 0
    conversation_accepted: int = 0  # accepted, held or not yet
    conversation_declined: int = 0
    conversation_held_same: int = 0
    conversation_held_later: int = 0
    checks: int = 0
    checks_advising_referral: int = 0
    referrals_made: Mapping[str, int] | None = None
    referrals_started: Mapping[str, int] | None = None
    referrals_completed: Mapping[str, int] | None = None
    samenstarten_by_rating: Mapping[str, int] | None = None
    vulnerability_by_grade: Mapping[str, int] | None = None
    young_up_to_date: int = 0
    young_overdue: int = 0


@dataclass(frozen=True)
class Figures:
    """What the page shows: every count already suppressed by the shared rule."""

    period: Period
    children: Count
    consults: Count
    with_signalenlijst: Count
    with_searching: Count
    searching_percentage: int | None
    summary: FigureTable
    trend: FigureTable  # per quarter: consults, with the Signalenlijst, with a zoekende dimension
    dimensions: FigureTable
    conversation: FigureTable
    checks: FigureTable
    referrals: FigureTable
    samenstarten: FigureTable
    vulnerability: FigureTable
    coverage: FigureTable
    coverage_on: date

    @property
    def has_withheld(self) -> bool:
        """A value withheld anywhere on the page (the page then explains why, once)."""
        return any(table.has_withheld for table in self.tables())

    def tables(self) -> tuple[FigureTable, ...]:
        """Every table, in the order of the page (for the export)."""
        return (
            self.summary,
            self.trend,
            self.dimensions,
            self.conversation,
            self.checks,
            self.referrals,
            self.samenstarten,
            self.vulnerability,
            self.coverage,
        )


def _per_quarter(by_month: Mapping[dt.date, int] | None, parts: list[Period]) -> dict[str, int]:
    """Monthly counts summed per part of the period (its quarters, clipped to the period)."""
    per_part: dict[str, int] = {}
    for month, n in (by_month or {}).items():
        # A month key is the month's first day; the period may start later in that month.
        day = max(month, parts[0].start) if parts else month
        part = next((p for p in parts if p.contains(day)), None)
        if part is not None:
            code = part.start.isoformat()
            per_part[code] = per_part.get(code, 0) + n
    return per_part


def _trend(raw: RawFigures, period: Period) -> FigureTable:
    """The trend per quarter: consults, those with the Signalenlijst and those with a zoekende
    dimension. Its column totals are the summary's counts (one suppression, never two answers;
    a table per month beside it would let a quarter minus its shown months give a small month
    away, so there is none)."""
    quarters = period.quarters()
    return figure_table(
        key="trend-per-kwartaal",
        caption=_("Consulten per kwartaal"),
        heading=_("Kwartaal"),
        labels=[(q.start.isoformat(), q.label()) for q in quarters],
        columns=[
            (_("Consulten"), _per_quarter(raw.consults_by_month, quarters)),
            (_("Met de Signalenlijst"), _per_quarter(raw.signalenlijst_by_month, quarters)),
            (_("Met een zoekende dimensie"), _per_quarter(raw.searching_by_month, quarters)),
        ],
    )


def present(raw: RawFigures, period: Period) -> Figures:
    """Suppress the small numbers and withhold what would reveal them (core.figures)."""
    trend = _trend(raw, period)
    assert trend.totals is not None
    # The same totals as the trend table: never two answers to one question.
    consults, with_signalenlijst, with_searching = trend.totals
    children = count(raw.children)
    summary = single_table(
        key="consulten",
        caption=_("Consulten in de periode"),
        heading=_("Wat"),
        title=_("Aantal"),
        lines=[
            ("children", _("Kinderen met een consult"), children),
            ("consults", _("Consulten"), consults),
            ("with_signalenlijst", _("Consulten met de Signalenlijst"), with_signalenlijst),
            (
                "with_searching",
                _("Consulten met ten minste één vastgestelde zoekende dimensie"),
                with_searching,
            ),
        ],
    )
    (held_same, held_later), held = suppress_line(
        [raw.conversation_held_same, raw.conversation_held_later]
    )
    conversation = single_table(
        key="eengespreksmodel",
        caption=_("Ééngespreksmodel bij de consulten in de periode"),
        heading=_("Ééngespreksmodel"),
        title=_("Consulten"),
        lines=[
            ("offered", _("Aangeboden"), count(raw.conversation_offered)),
            (
                "accepted",
                _("Geaccepteerd (gevoerd of nog te voeren)"),
                count(raw.conversation_accepted),
            ),
            ("declined", _("Niet gewenst door de ouders"), count(raw.conversation_declined)),
            ("held", _("Gevoerd"), held),
            ("held_same", _("Gevoerd in hetzelfde consult"), held_same),
            ("held_later", _("Gevoerd op een later moment"), held_later),
        ],
    )
    checks = single_table(
        key="informatiekaart",
        caption=_("Checks met de Informatiekaart ouder-kindrelatie in de periode"),
        heading=_("Informatiekaart"),
        title=_("Aantal"),
        lines=[
            ("checks", _("Checks met de Informatiekaart"), count(raw.checks)),
            ("advised", _("Checks met verwijsadvies"), count(raw.checks_advising_referral)),
        ],
    )
    end = date_format(period.end, "d-m-Y")
    return Figures(
        period=period,
        children=children,
        consults=consults,
        with_signalenlijst=with_signalenlijst,
        with_searching=with_searching,
        searching_percentage=percentage(with_searching, with_signalenlijst),
        summary=summary,
        trend=trend,
        dimensions=figure_table(
            key="dimensies",
            caption=_("Hoe vaak elke dimensie als zoekend is vastgesteld"),
            heading=_("Dimensie"),
            labels=Dimension.choices,
            columns=[(_("Consulten met deze dimensie zoekend"), raw.searching_by_dimension or {})],
            column_totals=False,  # one consult may count for several dimensions
        ),
        conversation=conversation,
        checks=checks,
        referrals=figure_table(
            key="verwijzingen",
            caption=_(
                "Verwijzingen in de periode, naar bestemming, en of de hulp inmiddels is "
                "gestart of afgerond"
            ),
            heading=_("Verwezen naar"),
            labels=ReferralDestination.choices,
            columns=[
                (_("Verwijzingen"), raw.referrals_made or {}),
                (_("Hulp gestart"), raw.referrals_started or {}),
                (_("Hulp afgerond"), raw.referrals_completed or {}),
            ],
        ),
        samenstarten=figure_table(
            key="samenstarten",
            caption=_("SamenStarten-gesprekken in de periode, naar totaaloordeel"),
            heading=_("Totaaloordeel"),
            labels=SamenStartenRating.choices,
            columns=[(_("Gesprekken"), raw.samenstarten_by_rating or {})],
        ),
        vulnerability=figure_table(
            key="kwetsbaarheid",
            caption=_("Inschattingen van kwetsbaarheid in de periode, naar vastgestelde gradatie"),
            heading=_("Vastgestelde gradatie"),
            labels=VulnerabilityGrade.choices,
            columns=[(_("Inschattingen"), raw.vulnerability_by_grade or {})],
        ),
        coverage=figure_table(
            key="eerste-halfjaar",
            caption=_(
                "Kinderen jonger dan een halfjaar op %(end)s: zijn de contactmomenten die "
                "toen aan de beurt waren vastgelegd?"
            )
            % {"end": end},
            heading=_("Stand"),
            labels=[
                ("up_to_date", _("Op schema: geen contactmoment te laat")),
                ("overdue", _("Ten minste één contactmoment te laat")),
            ],
            columns=[
                (_("Kinderen"), {"up_to_date": raw.young_up_to_date, "overdue": raw.young_overdue})
            ],
        ),
        coverage_on=period.end,
    )


# -- the counting (database) ---------------------------------------------------------------------

HELD = ConversationModelStatus.HELD
ACCEPTED_OR_HELD = (ConversationModelStatus.ACCEPTED, ConversationModelStatus.HELD)


def _grouped(queryset: Any, field: str) -> dict[str, int]:
    return {
        row[field]: row["n"]
        for row in queryset.values(field).annotate(n=CountOf("pk")).order_by(field)
    }


def count_figures(
    organisation_id: int,
    period: Period,
    *,
    schedule: Sequence[ContactMoment],
    policy: Policy,
) -> RawFigures:
    """Count the organisation's records in the period, in nine queries whatever their number.

    Consults count by consult date (the ééngespreksmodel too, by the date of the consult it was
    offered at), checks, referrals, conversations and assessments by their own date. Referral
    follow-up counts the referrals made in the period whose help started (or completed) by now.
    Coverage of the first half year is taken on the last day of the period: children then born
    and younger than the first half year, and whether each contact moment that was due by then
    is recorded (the worklist's rule)."""
    in_period = {"child__organisation_id": organisation_id, "child__entered_in_error": False}
    consults = Consult.objects.counted().filter(
        **in_period, consult_date__gte=period.start, consult_date__lte=period.end
    )
    searching = DimensionAssessment.objects.filter(
        consult=OuterRef("pk"), confirmed_status=DimensionStatus.SEARCHING
    )
    status = "conversation_status"
    totals = consults.aggregate(
        consults=CountOf("pk"),
        children=CountOf("child", distinct=True),
        with_signalenlijst=CountOf("pk", filter=Q(instrument_version__isnull=False)),
        with_searching=CountOf("pk", filter=Exists(searching)),
        offered=CountOf("pk", filter=~Q(**{status: ConversationModelStatus.NOT_OFFERED})),
        accepted=CountOf("pk", filter=Q(**{f"{status}__in": ACCEPTED_OR_HELD})),
        declined=CountOf("pk", filter=Q(**{status: ConversationModelStatus.DECLINED})),
        held_same=CountOf("pk", filter=Q(**{status: HELD}, conversation_in_same_consult=True)),
        held_later=CountOf("pk", filter=Q(**{status: HELD}, conversation_in_same_consult=False)),
    )
    by_month: dict[str, dict[dt.date, int]] = {"n": {}, "signalenlijst": {}, "searching": {}}
    for row in (
        consults.annotate(month=TruncMonth("consult_date"))
        .values("month")
        .annotate(
            n=CountOf("pk"),
            signalenlijst=CountOf("pk", filter=Q(instrument_version__isnull=False)),
            searching=CountOf("pk", filter=Exists(searching)),
        )
        .order_by("month")
    ):
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        for key, per_month in by_month.items():
            per_month[month] = row[key]
    by_dimension = _grouped(
        DimensionAssessment.objects.filter(
            consult__in=consults.values("pk"), confirmed_status=DimensionStatus.SEARCHING
        ),
        "dimension",
    )
    checks = (
        InformatiekaartCheck.objects.counted()
        .filter(**in_period, checked_on__gte=period.start, checked_on__lte=period.end)
        .aggregate(checks=CountOf("pk"), advised=CountOf("pk", filter=Q(advise_referral=True)))
    )
    referrals: dict[str, dict[str, int]] = {"made": {}, "started": {}, "completed": {}}
    for row in (
        Referral.objects.counted()
        .filter(**in_period, referred_on__gte=period.start, referred_on__lte=period.end)
        .values("destination")
        .annotate(
            made=CountOf("pk"),
            started=CountOf(
                "pk", filter=Q(started_on__isnull=False) | Q(completed_on__isnull=False)
            ),
            completed=CountOf("pk", filter=Q(completed_on__isnull=False)),
        )
        .order_by("destination")
    ):
        for key, per_destination in referrals.items():
            per_destination[row["destination"]] = row[key]
    samenstarten = _grouped(
        SamenStartenConversation.objects.counted().filter(
            **in_period, held_on__gte=period.start, held_on__lte=period.end
        ),
        "overall",
    )
    vulnerability = _grouped(
        VulnerabilityAssessment.objects.counted().filter(
            **in_period, assessed_on__gte=period.start, assessed_on__lte=period.end
        ),
        "final_grade",
    )
    up_to_date, overdue = _first_half_year(organisation_id, period.end, schedule, policy)
    return RawFigures(
        children=totals["children"],
        consults=totals["consults"],
        consults_by_month=by_month["n"],
        signalenlijst_by_month=by_month["signalenlijst"],
        searching_by_month=by_month["searching"],
        with_signalenlijst=totals["with_signalenlijst"],
        with_searching=totals["with_searching"],
        searching_by_dimension=by_dimension,
        conversation_offered=totals["offered"],
        conversation_accepted=totals["accepted"],
        conversation_declined=totals["declined"],
        conversation_held_same=totals["held_same"],
        conversation_held_later=totals["held_later"],
        checks=checks["checks"],
        checks_advising_referral=checks["advised"],
        referrals_made=referrals["made"],
        referrals_started=referrals["started"],
        referrals_completed=referrals["completed"],
        samenstarten_by_rating=samenstarten,
        vulnerability_by_grade=vulnerability,
        young_up_to_date=up_to_date,
        young_overdue=overdue,
    )


def _first_half_year(
    organisation_id: int, on: date, schedule: Sequence[ContactMoment], policy: Policy
) -> tuple[int, int]:
    """Children younger than the first half year on `on`: (all due moments recorded, a moment
    overdue). Two queries: the children's birth dates and their recorded contact moments."""
    born_since = on - timedelta(days=policy.first_half_year_days)
    young: dict[int, date] = {
        pk: born
        for pk, born in Child.objects.active()
        .filter(organisation_id=organisation_id, birth_date__gte=born_since, birth_date__lte=on)
        .values_list("pk", "birth_date")
        if born is not None
    }
    if not young:
        return 0, 0
    recorded: dict[int, set[str]] = {pk: set() for pk in young}
    for child_id, code in (
        Consult.objects.counted()
        .filter(
            child__organisation_id=organisation_id,
            child__entered_in_error=False,
            child__birth_date__gte=born_since,
            child__birth_date__lte=on,
            consult_date__lte=on,
        )
        .values_list("child_id", "contact_moment__code")
    ):
        recorded[child_id].add(code)
    specs = [ContactMomentSpec(m.code, m.label, m.age_days) for m in schedule]
    overdue = sum(
        1
        for pk, birth_date in young.items()
        if any(
            m.state == "overdue"
            for m in first_half_year_moments(birth_date, specs, recorded[pk], on, policy)
        )
    )
    return len(young) - overdue, overdue
