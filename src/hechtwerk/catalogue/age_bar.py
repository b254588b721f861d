"""The drawn age bar of an intervention: its windows on the 0–4 year axis, pregnancy before it.

Ages themselves (conversions, pregnancy weeks, Dutch wording) are `hechtwerk.method.ages`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hechtwerk.method.ages import format_window, years

from .constants import AXIS_END_DAYS, AXIS_START_DAYS

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
