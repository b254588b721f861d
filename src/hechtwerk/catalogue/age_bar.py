"""Ages as days relative to birth (negative = pregnancy): conversions, Dutch wording, the drawn bar.

Conventions used when the seed documents state an age in words:
- "vanaf N weken zwangerschap" = day (N - 40) × 7; birth is day 0.
- "tot N maanden / N jaar" ends on the day that age is reached (inclusive), months = 30.44 days,
  years = 365.25 days, rounded to whole days.
- "tot en met N jaar" ends the day before the (N+1)th birthday.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .constants import (
    AXIS_END_DAYS,
    AXIS_START_DAYS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    MAX_PREGNANCY_WEEK,
    TERM_WEEKS,
)


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
    return TERM_WEEKS + round(days / 7)


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


# -- the bar on the 0–4 year axis, pregnancy before it ------------------------------------------

AXIS_WIDTH = 600  # SVG user units; the SVG scales to its container
AXIS_LEFT = 24
SEGMENT_STEP = 14


def _x(days: int) -> float:
    clamped = min(max(days, AXIS_START_DAYS), AXIS_END_DAYS)
    span = AXIS_END_DAYS - AXIS_START_DAYS
    return round(AXIS_LEFT + (clamped - AXIS_START_DAYS) / span * AXIS_WIDTH, 1)


@dataclass(frozen=True)
class BarSegment:
    x: float
    y: int
    width: float
    alternative: bool
    continues_left: bool
    continues_right: bool
    label: str
    source: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class AgeBar:
    segments: tuple[BarSegment, ...]
    ticks: tuple[Tick, ...]
    birth_x: float
    axis_left: float
    axis_right: float
    axis_y: int
    height: int

    @property
    def label_y(self) -> int:
        return self.height - 3

    @property
    def width(self) -> int:
        return AXIS_LEFT * 2 + AXIS_WIDTH

    @property
    def pregnancy_width(self) -> float:
        return round(self.birth_x - self.axis_left, 1)


def axis_ticks() -> tuple[Tick, ...]:
    return (
        Tick(_x(AXIS_START_DAYS), _("zwanger")),
        Tick(_x(0), _("geboorte")),
        *(Tick(_x(years(n)), _("%(n)s jr") % {"n": n}) for n in (1, 2, 3, 4)),
    )


def age_bar(windows: list[tuple[int, int, bool, str]]) -> AgeBar:
    """Geometry of the bar: windows as (low, high, is_alternative, source), primary first."""
    segments = []
    for index, (low, high, alternative, source) in enumerate(windows):
        x1, x2 = _x(low), _x(high)
        segments.append(
            BarSegment(
                x=x1,
                y=4 + SEGMENT_STEP * index,
                width=max(round(x2 - x1, 1), 2.0),
                alternative=alternative,
                continues_left=low < AXIS_START_DAYS,
                continues_right=high > AXIS_END_DAYS,
                label=format_window(low, high),
                source=source,
            )
        )
    axis_y = 4 + SEGMENT_STEP * max(len(segments), 1) + 2
    return AgeBar(
        segments=tuple(segments),
        ticks=axis_ticks(),
        birth_x=_x(0),
        axis_left=AXIS_LEFT,
        axis_right=AXIS_LEFT + AXIS_WIDTH,
        axis_y=axis_y,
        height=axis_y + 18,
    )
