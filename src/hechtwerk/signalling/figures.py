"""An organisation's figures over a period, for the team leader: counts, never a child.

`count_figures` counts in the database (aggregate queries, a fixed number whatever the amount of
data) and returns plain numbers (`RawFigures`); `present` turns them into what the page shows, with
small numbers suppressed as the catalogue does: a count of 1 to 4 reads "minder dan 5", and a
total or percentage that would give such a hidden count away is hidden too.

Every figure leaves out records entered in error and records of a child entered in error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count as CountOf
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.catalogue.rules import Count, shown
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

# The data category of the access event written when the figures are read.
DATA_CATEGORY = "cijfers"


# -- the period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` up to and including `end`."""

    start: date
    end: date

    def as_detail(self) -> str:
        """The period for the access log, as an ISO 8601 interval."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def default_period(today: date) -> Period:
    """The last twelve months: from the day after the same date a year ago, up to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(start=year_ago + timedelta(days=1), end=today)


# -- pure aggregation helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Withheld(Count):
    """A count left out because it would give a small one away; its own size may be anything."""

    value: None = None

    def __str__(self) -> str:
        return str(_("niet getoond"))


def total_of(values: Iterable[int], cells: Iterable[Count]) -> Count:
    """The sum of some shown cells: withheld as soon as one of them is hidden (else the total and
    the other cells would give the hidden one away), and itself suppressed when small."""
    if any(cell.suppressed for cell in cells):
        return Withheld()
    return shown(sum(values))


def percentage(part: Count, whole: Count) -> int | None:
    """`part` as a whole percentage of `whole`; None when either is hidden or `whole` is 0."""
    if part.value is None or whole.value is None or whole.value == 0:
        return None
    return round(100 * part.value / whole.value)


@dataclass(frozen=True)
class Line:
    """One row of a table: a label and one count per column."""

    code: str
    label: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class Table:
    """`heading` heads the column of row labels, `columns` the count columns."""

    heading: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]
    totals: tuple[Count, ...] | None = None  # None: the rows are no partition, no total row


def table(
    labels: Sequence[tuple[str, Any]],
    columns: Sequence[Mapping[str, int]],
    *,
    heading: Any,
    titles: Sequence[Any],
    with_totals: bool = True,
) -> Table:
    """Every label as a row (also those counted 0, so a missing row reveals nothing), one count
    per column, and per column a total that is hidden when a cell of that column is hidden."""
    lines = tuple(
        Line(code=code, label=str(label), counts=tuple(shown(col.get(code, 0)) for col in columns))
        for code, label in labels
    )
    head = (str(heading), tuple(str(title) for title in titles))
    if not with_totals:
        return Table(*head, lines=lines)
    totals = tuple(
        total_of(
            (col.get(code, 0) for code, _label in labels),
            (line.counts[index] for line in lines),
        )
        for index, col in enumerate(columns)
    )
    return Table(*head, lines=lines, totals=totals)


# -- the raw numbers and their presentation -------------------------------------------------------


@dataclass(frozen=True)
class RawFigures:
    """The numbers as counted, before any suppression. Never shown as such."""

    children: int = 0
    consults: int = 0
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
    """What the page shows: every count already suppressed where small."""

    period: Period
    children: Count
    consults: Count
    with_signalenlijst: Count
    with_searching: Count
    searching_percentage: int | None
    dimensions: Table
    conversation: Table
    checks: Table
    referrals: Table
    samenstarten: Table
    vulnerability: Table
    coverage: Table
    coverage_on: date


def _single(heading: Any, title: Any, lines: Sequence[tuple[str, Any, Count]]) -> Table:
    """A one-column table of independent counts (no total: the rows are no partition)."""
    return Table(
        heading=str(heading),
        columns=(str(title),),
        lines=tuple(Line(code, str(label), (count,)) for code, label, count in lines),
    )


def present(raw: RawFigures, period: Period) -> Figures:
    """Suppress the small numbers and hide what would reveal them."""
    consults_title = _("Consulten")
    with_signalenlijst = shown(raw.with_signalenlijst)
    with_searching = shown(raw.with_searching)
    held_same = shown(raw.conversation_held_same)
    held_later = shown(raw.conversation_held_later)
    held = total_of(
        (raw.conversation_held_same, raw.conversation_held_later), (held_same, held_later)
    )
    conversation = _single(
        _("Ééngespreksmodel"),
        consults_title,
        [
            ("offered", _("Aangeboden"), shown(raw.conversation_offered)),
            (
                "accepted",
                _("Geaccepteerd (gevoerd of nog te voeren)"),
                shown(raw.conversation_accepted),
            ),
            ("declined", _("Niet gewenst door de ouders"), shown(raw.conversation_declined)),
            ("held", _("Gevoerd"), held),
            ("held_same", _("Gevoerd in hetzelfde consult"), held_same),
            ("held_later", _("Gevoerd op een later moment"), held_later),
        ],
    )
    checks = _single(
        _("Informatiekaart"),
        _("Aantal"),
        [
            ("checks", _("Checks met de Informatiekaart"), shown(raw.checks)),
            ("advised", _("Checks met verwijsadvies"), shown(raw.checks_advising_referral)),
        ],
    )
    return Figures(
        period=period,
        children=shown(raw.children),
        consults=shown(raw.consults),
        with_signalenlijst=with_signalenlijst,
        with_searching=with_searching,
        searching_percentage=percentage(with_searching, with_signalenlijst),
        dimensions=table(
            Dimension.choices,
            [raw.searching_by_dimension or {}],
            heading=_("Dimensie"),
            titles=[_("Consulten met deze dimensie zoekend")],
            with_totals=False,
        ),
        conversation=conversation,
        checks=checks,
        referrals=table(
            ReferralDestination.choices,
            [
                raw.referrals_made or {},
                raw.referrals_started or {},
                raw.referrals_completed or {},
            ],
            heading=_("Verwezen naar"),
            titles=[_("Verwijzingen"), _("Hulp gestart"), _("Hulp afgerond")],
        ),
        samenstarten=table(
            SamenStartenRating.choices,
            [raw.samenstarten_by_rating or {}],
            heading=_("Totaaloordeel"),
            titles=[_("Gesprekken")],
        ),
        vulnerability=table(
            VulnerabilityGrade.choices,
            [raw.vulnerability_by_grade or {}],
            heading=_("Vastgestelde gradatie"),
            titles=[_("Inschattingen")],
        ),
        coverage=table(
            [
                ("up_to_date", _("Op schema: geen contactmoment te laat")),
                ("overdue", _("Ten minste één contactmoment te laat")),
            ],
            [{"up_to_date": raw.young_up_to_date, "overdue": raw.young_overdue}],
            heading=_("Stand"),
            titles=[_("Kinderen")],
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
    """Count the organisation's records in the period, in eight queries whatever their number.

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
