"""Questions training asks apps above it, without importing them (docs/architecture.md).

Licensing decides whether a trainer may schedule an edition of a licensed course; training must
never import licensing, so licensing registers its answer here when it is loaded:

    from hechtwerk.training.hooks import register_schedule_check

    def licensed(course, trainer):
        return None if has_licence(trainer, course) else _("Geen geldige licentie.")

    register_schedule_check(licensed)

A check returns None to allow, or the Dutch reason for refusing. With no check registered every
trainer of the provider may schedule (the default until licensing exists).

Billing invoices course fees; training tells it when a professional's seat is confirmed (an
enrolment or an accepted offer) through `register_enrolment_confirmed`. A listener runs inside the
enrolment's transaction: if it raises, the enrolment is not made either (T5.6).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User

    from .models import Course, Enrolment

ScheduleCheck = Callable[["Course", "User"], "str | None"]
EnrolmentListener = Callable[["Enrolment", "User | None"], None]

_schedule_checks: list[ScheduleCheck] = []
_enrolment_listeners: list[EnrolmentListener] = []


def register_schedule_check(check: ScheduleCheck) -> None:
    """Add a check that may refuse a trainer for a course; registering twice has no effect."""
    if check not in _schedule_checks:
        _schedule_checks.append(check)


def unregister_schedule_check(check: ScheduleCheck) -> None:
    if check in _schedule_checks:
        _schedule_checks.remove(check)


def schedule_refusal(course: Course, trainer: User) -> str | None:
    """The first refusal of a registered check, or None when every check allows."""
    for check in _schedule_checks:
        reason = check(course, trainer)
        if reason:
            return reason
    return None


def register_enrolment_confirmed(listener: EnrolmentListener) -> None:
    """Call `listener(enrolment, actor)` when a seat is confirmed; registering twice has no effect."""
    if listener not in _enrolment_listeners:
        _enrolment_listeners.append(listener)


def unregister_enrolment_confirmed(listener: EnrolmentListener) -> None:
    if listener in _enrolment_listeners:
        _enrolment_listeners.remove(listener)


def enrolment_confirmed(enrolment: Enrolment, actor: User | None) -> None:
    """Tell every registered listener that `enrolment` holds a confirmed seat."""
    for listener in _enrolment_listeners:
        listener(enrolment, actor)
