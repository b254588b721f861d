"""The window of a contact moment and the moment whose window holds an age (for the API).

A moment is due from `due_soon_days` before its age and overdue from `overdue_after_days` after
it (`schedule.moment_state`); its window is the days between, both ends included. Pure: the
schedule and the policy come in as values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import DEFAULT_POLICY, Policy


@dataclass(frozen=True)
class MomentWindow:
    code: str
    age_days: int
    from_days: int  # the child's age in days where the window opens
    to_days: int  # ... and the last day it is open


def moment_window(code: str, age_days: int, policy: Policy = DEFAULT_POLICY) -> MomentWindow:
    """The days of age in which a contact moment is due (not yet overdue)."""
    return MomentWindow(
        code=code,
        age_days=age_days,
        from_days=max(age_days - policy.due_soon_days, 0),
        to_days=age_days + policy.overdue_after_days - 1,
    )


def window_for_age(
    age_days: int, schedule: Sequence[tuple[str, int]], policy: Policy = DEFAULT_POLICY
) -> MomentWindow | None:
    """The contact moment whose window holds `age_days`; of two, the one nearest in age."""
    holding = [
        window
        for code, moment_age in schedule
        if (window := moment_window(code, moment_age, policy)).from_days
        <= age_days
        <= window.to_days
    ]
    if not holding:
        return None
    return min(holding, key=lambda w: (abs(w.age_days - age_days), w.age_days))
