"""Sane bounds on dates and texts, the same on the pages, the API and the FHIR import (T5.8).

Each function is pure and returns a Dutch message naming the problem, or None. The services call
them and raise the message at the field; so every entry point refuses the same input.

- Free text (notes, reasons, plan, rationale): at most `MAX_TEXT_LENGTH` characters, and no
  character a database or export cannot hold (`core.inputs.text_problem`).
- Date of birth: not in the future, not more than `MAX_CHILD_AGE_YEARS` years ago (the method
  follows children up to 18; an older date is a typing error or not a child of ours).
- Due date: not more than `MAX_DUE_DATE_AHEAD_DAYS` (10 months) ahead; without a date of birth
  not more than `DUE_DATE_PAST_MARGIN_DAYS` (3 months) ago (by then the child is born: record the
  date of birth); with a date of birth it fits a birth between 22 and 44 weeks of pregnancy.
- A record about a child (referral, Informatiekaart check, SamenStarten, vulnerability) is not
  dated before the pregnancy began: 42 weeks before the due date (or before the date of birth
  when no due date is known). Prenatal records are part of the method (Kansrijke Start,
  interventions from pregnancy on), so "before birth" alone is allowed; "year 1" is not.
  A consult is never before the date of birth (see services.consults).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from hechtwerk.core.inputs import text_problem
from hechtwerk.method.ages import MAX_PREGNANCY_WEEK, TERM_WEEKS, months, weeks, years

MAX_TEXT_LENGTH = 2000
MAX_CHILD_AGE_YEARS = 18
MAX_DUE_DATE_AHEAD_DAYS = months(10)
DUE_DATE_PAST_MARGIN_DAYS = months(3)
# Born between 22 and 44 weeks of pregnancy: the due date lies 18 weeks after to 4 weeks before
# the birth.
DUE_AFTER_BIRTH_MAX_DAYS = weeks(TERM_WEEKS - 22)
DUE_BEFORE_BIRTH_MAX_DAYS = weeks(44 - TERM_WEEKS)
PREGNANCY_DAYS = weeks(MAX_PREGNANCY_WEEK)


def _d(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def text_bound_problem(value: str, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """Too long, or a character that cannot be stored (NUL, a control character, a surrogate)."""
    if len(value) > max_length:
        return _("Deze tekst is %(n)s tekens lang; hoogstens %(max)s mag.") % {
            "n": len(value),
            "max": max_length,
        }
    return text_problem(value)


def birth_date_problem(birth_date: date | None, *, today: date) -> str | None:
    if birth_date is None:
        return None
    if birth_date > today:
        return _("Deze datum ligt in de toekomst.")
    if birth_date < today - timedelta(days=years(MAX_CHILD_AGE_YEARS)):
        return _(
            "Deze geboortedatum ligt meer dan %(years)s jaar terug; Hechtwerk volgt kinderen tot "
            "%(years)s jaar."
        ) % {"years": MAX_CHILD_AGE_YEARS}
    return None


def due_date_problem(due_date: date | None, *, birth_date: date | None, today: date) -> str | None:
    if due_date is None:
        return None
    if due_date > today + timedelta(days=MAX_DUE_DATE_AHEAD_DAYS):
        return _("De uitgerekende datum ligt meer dan 10 maanden vooruit.")
    if birth_date is None:
        if due_date < today - timedelta(days=DUE_DATE_PAST_MARGIN_DAYS):
            return _(
                "De uitgerekende datum ligt meer dan 3 maanden terug; het kind is dan geboren. "
                "Vul de geboortedatum in."
            )
        return None
    if not (
        birth_date - timedelta(days=DUE_BEFORE_BIRTH_MAX_DAYS)
        <= due_date
        <= birth_date + timedelta(days=DUE_AFTER_BIRTH_MAX_DAYS)
    ):
        return _(
            "De uitgerekende datum past niet bij de geboortedatum (een geboorte tussen 22 en 44 "
            "weken zwangerschap)."
        )
    return None


def pregnancy_start(birth_date: date | None, due_date: date | None) -> date | None:
    """The earliest date a record about this child can have: 42 weeks before the due date (or
    before the date of birth when no due date is known)."""
    anchor = due_date or birth_date
    return anchor - timedelta(days=PREGNANCY_DAYS) if anchor is not None else None


def record_date_problem(
    on: date, *, birth_date: date | None, due_date: date | None, today: date
) -> str | None:
    """A referral, check, conversation or assessment: not in the future, not before pregnancy."""
    if on > today:
        return _("Deze datum ligt in de toekomst.")
    earliest = pregnancy_start(birth_date, due_date)
    if earliest is not None and on < earliest:
        return _("Deze datum ligt vóór de zwangerschap van dit kind (vóór %(date)s).") % {
            "date": _d(earliest)
        }
    return None
