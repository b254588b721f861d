"""Pure rules of the coalition meeting script (seed 004, Draaiboek Kansrijke Start; domain.md §7).

No database: every function takes plain values and returns a result that says which inputs drove
it. `RULES_VERSION` is stored with what services derive from these rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

RULES_VERSION = "meetings-2026.1"

# The meeting lasts at most two hours (seed 004 §3 stap 2); a coalition may set its own limit.
DEFAULT_TIME_LIMIT_MINUTES = 120
# Invitations go out at least six weeks ahead (seed 004 §3 stap 2).
INVITATION_LEAD = timedelta(weeks=6)
# Between 12 and 20 participants works best (seed 004 §3 stap 2).
PARTICIPANTS_MIN = 12
PARTICIPANTS_MAX = 20
# Preparation steps (seed 004 §3): learning goals come before the invitations, practicalities
# are settled before the day. The script fixes only the six weeks; the other two are our defaults.
LEARNING_GOALS_LEAD = timedelta(weeks=8)
PRACTICALITIES_LEAD = timedelta(weeks=1)


# --- Program time ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One program item as the rule sees it: a name and its minutes."""

    name: str
    minutes: int


@dataclass(frozen=True)
class ScheduledBlock:
    name: str
    minutes: int
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class ProgramTime:
    """The program laid out from the meeting's start: start times, total and time left."""

    items: tuple[ScheduledBlock, ...]
    total_minutes: int
    limit_minutes: int
    rules_version: str = RULES_VERSION

    @property
    def minutes_left(self) -> int:
        """Minutes still free under the limit; negative when the program runs over."""
        return self.limit_minutes - self.total_minutes

    @property
    def minutes_over(self) -> int:
        """Minutes beyond the limit; 0 when the program fits."""
        return max(self.total_minutes - self.limit_minutes, 0)

    @property
    def over_limit(self) -> bool:
        return self.total_minutes > self.limit_minutes

    @property
    def ends_at(self) -> time | None:
        return self.items[-1].ends_at if self.items else None


def program_time(
    blocks: Sequence[Block], *, starts_at: time, limit_minutes: int = DEFAULT_TIME_LIMIT_MINUTES
) -> ProgramTime:
    """Sum the blocks' minutes, give each block its start time, and compare with the limit."""
    if limit_minutes <= 0:
        raise ValueError("a time limit must be positive")
    moment = datetime.combine(date(2000, 1, 1), starts_at)
    items = []
    for block in blocks:
        if block.minutes < 0:
            raise ValueError("a block cannot take negative minutes")
        end = moment + timedelta(minutes=block.minutes)
        items.append(ScheduledBlock(block.name, block.minutes, moment.time(), end.time()))
        moment = end
    total = sum(block.minutes for block in blocks)
    return ProgramTime(tuple(items), total, limit_minutes)


def finalise_refusal(program: ProgramTime) -> str | None:
    """Why this program cannot be made final (in Dutch), or None when it can."""
    if not program.items:
        return _("Het programma is nog leeg. Voeg eerst bouwstenen toe.")
    if program.over_limit:
        over = program.total_minutes - program.limit_minutes
        return ngettext(
            "Het programma duurt %(total)d minuten en dat is %(over)d minuut langer dan de "
            "%(limit)d minuten die de bijeenkomst mag duren. Kort een bouwsteen in of haal er "
            "een weg.",
            "Het programma duurt %(total)d minuten en dat is %(over)d minuten langer dan de "
            "%(limit)d minuten die de bijeenkomst mag duren. Kort een bouwsteen in of haal er "
            "een weg.",
            over,
        ) % {"total": program.total_minutes, "over": over, "limit": program.limit_minutes}
    return None


# --- Warnings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    """Advice the planner shows; `code` is for tests and styling, never shown to users."""

    code: str
    message: str


def invitation_lead_warning(*, meeting_date: date, sent_on: date) -> Warning | None:
    """Warn when invitations go out less than six weeks before the meeting."""
    lead = meeting_date - sent_on
    if lead >= INVITATION_LEAD:
        return None
    days = max(lead.days, 0)
    return Warning(
        "late_invitation",
        ngettext(
            "De uitnodiging gaat %(days)d dag voor de bijeenkomst uit. Nodig bij voorkeur "
            "minstens zes weken vooraf uit, dan kunnen meer mensen komen.",
            "De uitnodiging gaat %(days)d dagen voor de bijeenkomst uit. Nodig bij voorkeur "
            "minstens zes weken vooraf uit, dan kunnen meer mensen komen.",
            days,
        )
        % {"days": days},
    )


def participant_count_warning(accepted: int) -> Warning | None:
    """Warn when fewer than 12 or more than 20 people accepted."""
    if accepted < PARTICIPANTS_MIN:
        return Warning(
            "few_participants",
            _(
                "Er hebben %(count)d mensen toegezegd. Met 12 tot 20 deelnemers werkt de "
                "bijeenkomst het best: nodig nog mensen uit."
            )
            % {"count": accepted},
        )
    if accepted > PARTICIPANTS_MAX:
        return Warning(
            "many_participants",
            _(
                "Er hebben %(count)d mensen toegezegd. Met meer dan 20 deelnemers is er weinig "
                "ruimte voor gesprek; overweeg een wachtlijst of een tweede bijeenkomst."
            )
            % {"count": accepted},
        )
    return None


# --- Profession mix -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """Optional minimum and maximum number of accepted participants of one profession."""

    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self) -> None:
        if self.minimum is not None and self.minimum < 0:
            raise ValueError("a minimum cannot be negative")
        if self.maximum is not None and self.maximum < 0:
            raise ValueError("a maximum cannot be negative")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("a minimum cannot exceed the maximum")


@dataclass(frozen=True)
class MixReport:
    """How the accepted participants spread over professions and domains, against the bounds."""

    by_profession: Mapping[str, int]
    by_domain: Mapping[str, int]
    below_minimum: tuple[str, ...]
    above_maximum: tuple[str, ...]
    rules_version: str = RULES_VERSION

    @property
    def within_bounds(self) -> bool:
        return not self.below_minimum and not self.above_maximum


@dataclass(frozen=True)
class Person:
    """A participant as the rules see them: a key (no name), a profession and a domain."""

    key: str
    profession: str
    domain: str


def profession_mix(people: Iterable[Person], bounds: Mapping[str, Bounds]) -> MixReport:
    """Count people per profession and per domain and name the professions outside their bounds."""
    people = list(people)
    by_profession = Counter(p.profession for p in people)
    by_domain = Counter(p.domain for p in people)
    below = tuple(
        sorted(
            prof
            for prof, b in bounds.items()
            if b.minimum is not None and by_profession[prof] < b.minimum
        )
    )
    above = tuple(
        sorted(
            prof
            for prof, b in bounds.items()
            if b.maximum is not None and by_profession[prof] > b.maximum
        )
    )
    return MixReport(dict(by_profession), dict(by_domain), below, above)


@dataclass(frozen=True)
class Promotion:
    """Who moves up from the waiting list, and who stays because their profession is full."""

    promoted: tuple[str, ...]
    skipped_full: tuple[str, ...]
    rules_version: str = RULES_VERSION


def promote_from_waiting_list(
    *,
    accepted: Sequence[Person],
    waiting: Sequence[Person],
    bounds: Mapping[str, Bounds],
    capacity: int = PARTICIPANTS_MAX,
) -> Promotion:
    """Fill free places from the waiting list (in its order) so the mix stays within bounds.

    A profession still under its minimum goes first; nobody is promoted whose profession has
    reached its maximum. Among equals the waiting-list order decides.
    """
    counts = Counter(p.profession for p in accepted)
    free = capacity - len(accepted)
    remaining = list(waiting)
    promoted: list[str] = []

    def is_full(person: Person) -> bool:
        limit = bounds.get(person.profession, Bounds()).maximum
        return limit is not None and counts[person.profession] >= limit

    def is_short(person: Person) -> bool:
        minimum = bounds.get(person.profession, Bounds()).minimum
        return minimum is not None and counts[person.profession] < minimum

    while free > 0:
        candidates = [p for p in remaining if not is_full(p)]
        if not candidates:
            break
        chosen = next((p for p in candidates if is_short(p)), candidates[0])
        promoted.append(chosen.key)
        counts[chosen.profession] += 1
        remaining.remove(chosen)
        free -= 1
    skipped = tuple(p.key for p in remaining if is_full(p))
    return Promotion(tuple(promoted), skipped)


# --- Preparation timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineStep:
    key: str
    label: str
    due: date
    done: bool
    late: bool


def preparation_timeline(
    *, meeting_date: date, today: date, done: Iterable[str] = ()
) -> tuple[TimelineStep, ...]:
    """The script's three preparation steps counted back from the meeting; late when past due."""
    finished = set(done)
    steps = (
        ("learning_goals", _("Leerdoelen kiezen met de coalitie"), LEARNING_GOALS_LEAD),
        ("invitations", _("Deelnemers persoonlijk uitnodigen"), INVITATION_LEAD),
        ("practicalities", _("Praktische zaken regelen"), PRACTICALITIES_LEAD),
    )
    return tuple(
        TimelineStep(
            key=key,
            label=label,
            due=meeting_date - lead,
            done=key in finished,
            late=key not in finished and today > meeting_date - lead,
        )
        for key, label, lead in steps
    )


def task_is_late(*, due: date | None, done: bool, today: date) -> bool:
    """A task is late when it is not done and today is past its due date."""
    return not done and due is not None and today > due
