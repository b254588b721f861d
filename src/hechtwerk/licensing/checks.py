"""Licensing's answers to the questions lower apps ask through their hooks.

training.hooks.register_schedule_check: only trainers in good standing (current or in grace) may
schedule editions of a licensed course. The material library (materials.hooks) sits in the same
layer, which licensing may not import: `library_access` has the signature materials expects and
is wired by the project in settings.MATERIALS_LIBRARY_ACCESS_CHECKS.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.training.hooks import register_schedule_check

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User
    from hechtwerk.training.models import Course


def schedule_check(course: Course, trainer: User) -> str | None:
    """None to allow; the Dutch reason when the trainer's licence is not in good standing."""
    from . import queries

    if not queries.is_licensed_course(course):
        return None
    standing = queries.standing_of(trainer, course.organisation, on=timezone.localdate())
    if standing.good:
        return None
    return _("%(name)s mag deze cursus niet geven: %(reason)s") % {
        "name": str(trainer),
        "reason": standing.licence.summary,
    }


def library_access(
    user: User, organisation: Organisation, *, on: datetime.date
) -> tuple[bool, str]:
    """(allowed, reason) for materials: a licence in good standing with the owner organisation."""
    from . import queries

    standing = queries.standing_of(user, organisation, on=on)
    if standing.good:
        return True, ""
    return False, _("Je hebt geen geldige licentie: %(reason)s") % {
        "reason": standing.licence.summary
    }


def register() -> None:
    register_schedule_check(schedule_check)
