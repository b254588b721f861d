"""Input that cannot go wrong at the consult (issue 12): pure checks the services enforce.

Each function returns None when the input is fine, or a Dutch message that says what to do. The
pages, the API and the FHIR import call the same services, so they refuse the same things.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hechtwerk.method.ages import age_in_days


@dataclass(frozen=True)
class MomentWindow:
    """The ages (in days, inclusive) at which a consult may be recorded as one contact moment."""

    earliest: int
    latest: int


def moment_window(age_days: int, schedule_ages: Collection[int]) -> MomentWindow:
    """A moment fits from the day after the previous moment's age up to the day before the next.

    A late consult still counts as the moment it catches up (a missed 8-week consult at ten
    weeks), but never as a moment whose neighbour in the schedule is nearer; the first moment
    opens at birth, the last closes as far after its age as the gap before it.
    """
    ages = sorted(set(schedule_ages) | {age_days})
    index = ages.index(age_days)
    previous = ages[index - 1] if index > 0 else None
    following = ages[index + 1] if index + 1 < len(ages) else None
    earliest = previous + 1 if previous is not None else 0
    if following is not None:
        latest = following - 1
    else:
        latest = age_days + max(age_days - (previous or 0), 0)
    return MomentWindow(earliest=min(earliest, age_days), latest=max(latest, age_days))


def _age_words(days: int) -> str:
    if days < 7 * 10:
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weken", weeks) % {"n": weeks}
    months = int(days / 30.44)
    if months < 24:
        return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
    years = int(days / 365.25)
    return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}


def contact_moment_problem(
    *,
    moment_label: str,
    moment_age_days: int,
    schedule_ages: Collection[int],
    birth_date: date,
    consult_date: date,
) -> str | None:
    """The contact moment must fit the child's age on the consult date (its window above)."""
    age = age_in_days(birth_date, consult_date)
    if age < 0:
        return None  # the date rules say what is wrong with a consult before birth
    window = moment_window(moment_age_days, schedule_ages)
    if window.earliest <= age <= window.latest:
        return None
    return _(
        "Het contactmoment ‘%(moment)s’ past niet bij de leeftijd van het kind: op de "
        "consultdatum is het kind %(age)s (%(days)d dagen) oud. Kies het contactmoment dat bij "
        "die leeftijd hoort, of controleer de consultdatum."
    ) % {"moment": moment_label, "age": _age_words(age), "days": age}


@dataclass(frozen=True)
class ScheduledMoment:
    code: str
    age_days: int


def suggest_contact_moment(
    schedule: Sequence[ScheduledMoment], age_days: int, recorded_codes: Collection[str] = ()
) -> str | None:
    """The moment to fill in for a new consult: the nearest by age whose window holds the age,
    preferring one not yet recorded; None when no moment fits (the nurse chooses)."""
    ages = [moment.age_days for moment in schedule]
    fitting = [
        moment
        for moment in schedule
        if (window := moment_window(moment.age_days, ages)).earliest <= age_days <= window.latest
    ]
    if not fitting:
        return None
    open_ones = [moment for moment in fitting if moment.code not in recorded_codes] or fitting
    return min(
        open_ones, key=lambda moment: (abs(moment.age_days - age_days), moment.age_days)
    ).code


def second_consult_problem(moment_label: str, existing_date: date | None) -> str | None:
    """One counted consult per contact moment; the nurse opens (and corrects) the existing one."""
    if existing_date is None:
        return None
    return _(
        "Voor het contactmoment ‘%(moment)s’ is al een consult vastgelegd (op %(date)s). Open "
        "dat consult om het aan te vullen of te corrigeren, of kies een ander contactmoment."
    ) % {"moment": moment_label, "date": existing_date.strftime("%d-%m-%Y")}


def missing_required_items(
    items: Sequence[tuple[str, bool]], answered: Collection[str]
) -> tuple[str, ...]:
    """Codes of required items without an answer ("niet beoordeeld" is an answer, empty is not)."""
    return tuple(code for code, required in items if required and code not in answered)


def required_items_problem(missing_labels: Sequence[str]) -> str | None:
    """The message for required items left open, naming them by their text."""
    if not missing_labels:
        return None
    return ngettext(
        "Eén verplicht item is nog niet beantwoord: %(items)s. Kies ‘niet beoordeeld’ als je "
        "het niet hebt kunnen beoordelen.",
        "%(count)d verplichte items zijn nog niet beantwoord: %(items)s. Kies ‘niet "
        "beoordeeld’ bij een item dat je niet hebt kunnen beoordelen.",
        len(missing_labels),
    ) % {"count": len(missing_labels), "items": _first_names(missing_labels)}


def _first_names(labels: Sequence[str], shown: int = 3) -> str:
    names = "; ".join(f"‘{label}’" for label in labels[:shown])
    rest = len(labels) - shown
    if rest > 0:
        names += " " + ngettext("en %(n)d ander", "en %(n)d andere", rest) % {"n": rest}
    return names


@dataclass(frozen=True)
class ConversationProblem:
    field: str
    message: str


def conversation_model_problem(
    *, status: str, held_on: date | None, in_same_consult: bool, held_status: str
) -> ConversationProblem | None:
    """Only a held ééngespreksmodel has a date or "in dit consult"; anything else contradicts."""
    if status == held_status:
        return None
    if in_same_consult:
        return ConversationProblem(
            "in_same_consult",
            _(
                "Je vinkte ‘gevoerd in dit consult’ aan, maar de stand is niet ‘gevoerd’. Kies "
                "‘gevoerd’, of haal het vinkje weg."
            ),
        )
    if held_on is not None:
        return ConversationProblem(
            "held_on",
            _(
                "Je vulde een datum van het gesprek in, maar de stand is niet ‘gevoerd’. Kies "
                "‘gevoerd’, of maak de datum leeg."
            ),
        )
    return None


def factor_flag_problem(
    *, label: str, present: bool, urgent: bool = False, strong: bool = False
) -> str | None:
    """An urgent (or strong) mark belongs to a factor that is ticked as present."""
    if present:
        return None
    if urgent:
        return _(
            "Je markeerde ‘%(factor)s’ als urgent, maar vinkte de factor zelf niet aan. Vink de "
            "factor aan, of haal ‘urgent’ weg."
        ) % {"factor": label}
    if strong:
        return _(
            "Je markeerde ‘%(factor)s’ als sterk, maar vinkte de factor zelf niet aan. Vink de "
            "factor aan, of haal ‘sterk’ weg."
        ) % {"factor": label}
    return None


def samenstarten_override_problem(
    *,
    suggested_overall: str,
    overall: str,
    suggested_follow_up: str,
    follow_up: str,
    reason: str,
) -> str | None:
    """A whole or follow-up other than suggested needs a reason (as a dimension or a grade)."""
    departs = (overall and overall != suggested_overall) or (
        follow_up and follow_up != suggested_follow_up
    )
    if departs and not reason.strip():
        return _(
            "Je kiest een ander totaaloordeel of vervolg dan voorgesteld; geef de reden van "
            "je keuze."
        )
    return None
