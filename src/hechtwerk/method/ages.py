"""Ages and pregnancy weeks: the one way the method counts them, and their Dutch wording.

An age is a number of days relative to the (expected) birth: birth is day 0, negative days are the
pregnancy. A pregnancy week is counted in completed weeks, as the obstetric convention does
("20 weken en 6 dagen" is week 20): 40 weeks on the due date, so day -1 is week 39, day -7 week 39
and day -8 week 38. Days after the due date count on (day 7 is week 41).

Conventions used when the seed documents state an age in words:
- "vanaf N weken zwangerschap" = day (N - 40) × 7; birth is day 0.
- "tot N maanden / N jaar" ends on the day that age is reached (inclusive), months = 30.44 days,
  years = 365.25 days, rounded to whole days.
- "tot en met N jaar" ends the day before the (N+1)th birthday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# Pregnancy is counted from the first day of the last period; birth is at 40 weeks.
TERM_WEEKS = 40
MAX_PREGNANCY_WEEK = 42
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


def weeks(n: float) -> int:
    return round(n * 7)


def months(n: float) -> int:
    return round(n * DAYS_PER_MONTH)


def years(n: float) -> int:
    return round(n * DAYS_PER_YEAR)


# The catalogue's search and matching stop at 18 years.
MAX_AGE_DAYS = years(18)


def up_to_and_including_year(n: int) -> int:
    """Last day of "t/m N jaar": the day before the (N+1)th birthday."""
    return years(n + 1) - 1


def pregnancy_week_to_days(week: int) -> int:
    """Pregnancy week → days relative to the (expected) birth: week 20 is day -140."""
    return (week - TERM_WEEKS) * 7


def days_to_pregnancy_week(days: int) -> int:
    """Day relative to the (expected) birth → completed pregnancy week: day -140 is week 20, and
    so is day -134 (20 weeks and 6 days); day 0 is week 40."""
    return TERM_WEEKS + days // 7


def age_in_days(birth_date: date, on: date) -> int:
    """Days since birth on a date (0 on the day of birth, negative before it)."""
    return (on - birth_date).days


def pregnancy_week(due_date: date, on: date) -> int:
    """Completed weeks of pregnancy on a date, counted back from the due date: 40 on the due date,
    39 from 7 days before it up to the day before, 20 twenty weeks before it."""
    return days_to_pregnancy_week(age_in_days(due_date, on))


@dataclass(frozen=True)
class AgeInputError:
    field: str
    message: str


def check_age_input(age_days: int | None, pregnancy_week: int | None) -> list[AgeInputError]:
    """The Dutch messages for an age or pregnancy week a form or API request gave."""
    errors: list[AgeInputError] = []
    if age_days is not None and pregnancy_week is not None:
        errors.append(
            AgeInputError(
                "pregnancy_week",
                _("Vul een leeftijd of een zwangerschapsweek in, niet allebei."),
            )
        )
    if age_days is not None and age_days < 0:
        errors.append(
            AgeInputError(
                "age_days",
                _(
                    "Een leeftijd kan niet negatief zijn. Vul voor de geboorte de "
                    "zwangerschapsweek in."
                ),
            )
        )
    if age_days is not None and age_days > MAX_AGE_DAYS:
        errors.append(AgeInputError("age_days", _("Deze leeftijd ligt boven de 18 jaar.")))
    if pregnancy_week is not None and not 1 <= pregnancy_week <= MAX_PREGNANCY_WEEK:
        errors.append(
            AgeInputError(
                "pregnancy_week",
                _("Een zwangerschapsweek ligt tussen 1 en %(max)s.") % {"max": MAX_PREGNANCY_WEEK},
            )
        )
    return errors


def day_of(age_days: int | None, pregnancy_week: int | None) -> int | None:
    """The single day on the axis an age or a pregnancy week points at."""
    if pregnancy_week is not None:
        return pregnancy_week_to_days(pregnancy_week)
    return age_days


def format_age(days: int) -> str:
    """Plain Dutch for a day relative to birth: "20 weken zwangerschap", "6 weken", "2,5 jaar"."""
    if days < 0:
        week = days_to_pregnancy_week(days)
        if week <= 1:
            return _("het begin van de zwangerschap")
        return _("%(week)s weken zwangerschap") % {"week": week}
    if days == 0:
        return _("de geboorte")
    if days < 8 * 7 and days % 7 == 0:
        return ngettext("%(n)s week", "%(n)s weken", days // 7) % {"n": days // 7}
    if days < 8 * 7:
        return ngettext("%(n)s dag", "%(n)s dagen", days) % {"n": days}
    half_years = round(days / (DAYS_PER_YEAR / 2))
    if days >= years(1) - 1 and abs(days - half_years * DAYS_PER_YEAR / 2) <= 1.5:
        whole, half = divmod(half_years, 2)
        if half:
            return _("%(n)s,5 jaar") % {"n": whole}
        return ngettext("%(n)s jaar", "%(n)s jaar", whole) % {"n": whole}
    n_months = round(days / DAYS_PER_MONTH)
    return ngettext("%(n)s maand", "%(n)s maanden", n_months) % {"n": n_months}


def format_window(low: int, high: int) -> str:
    return _format_window(low, high, get_language())


@lru_cache(maxsize=8192)
def _format_window(low: int, high: int, language: str | None) -> str:
    # Cached per language: wording windows is the costly part of matching a large catalogue.
    return _("van %(low)s tot %(high)s") % {"low": format_age(low), "high": format_age(high)}


# -- an age point in the unit the field uses -------------------------------------------------------

PREGNANCY_WEEK_UNIT = "zwangerschapsweek"
WEEKS_UNIT = "weken"
MONTHS_UNIT = "maanden"
YEARS_UNIT = "jaar"


def point_in_field_units(days: int) -> tuple[float, str]:
    """A day relative to birth as the field says it: before birth a pregnancy week (one decimal
    when not a whole week: "-5 maanden" is week 18.3), after birth whole weeks (under half a
    year), whole or half years, whole months, or else weeks (one decimal) or months (two). Never a bare number of days; `point_to_days`
    turns the pair back into the same day."""
    if days < 0:
        return round(TERM_WEEKS + days / 7, 1), PREGNANCY_WEEK_UNIT
    if days % 7 == 0 and days < 26 * 7:
        return days // 7, WEEKS_UNIT
    half_years = round(days / DAYS_PER_YEAR * 2) / 2
    if half_years >= 1 and years(half_years) == days:
        return (int(half_years) if half_years.is_integer() else half_years), YEARS_UNIT
    whole_months = round(days / DAYS_PER_MONTH)
    if months(whole_months) == days:
        return whole_months, MONTHS_UNIT
    if days < 26 * 7:
        return round(days / 7, 1), WEEKS_UNIT
    return round(days / DAYS_PER_MONTH, 2), MONTHS_UNIT  # "t/m 6 jaar": 83.97 months


def point_to_days(value: float, unit: str) -> int:
    """The day relative to birth of a value in a unit: a pregnancy week may have a decimal."""
    if unit == PREGNANCY_WEEK_UNIT:
        return round((value - TERM_WEEKS) * 7)
    if unit == WEEKS_UNIT:
        return weeks(value)
    if unit == YEARS_UNIT:
        return years(value)
    if unit == MONTHS_UNIT:
        return months(value)
    return round(value)  # days
