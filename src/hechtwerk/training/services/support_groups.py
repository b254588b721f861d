"""Het Begint Bij Mij's follow-up (seed 001): after the last meeting the group may go on as a
support group led by a volunteer; a trainer of the edition records whether it started, the
leader's first name or alias, and the dates it met."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action

from ..constants import CourseKind
from ..models import Edition, SupportGroup, SupportGroupMeeting
from .base import TrainingError, _clean

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User


def last_session_end(edition: Edition) -> datetime.datetime | None:
    sessions = list(edition.sessions.all())
    return max((s.ends_at for s in sessions), default=None)


@transaction.atomic
def record_support_group(
    *,
    actor: User,
    edition: Edition,
    started: bool,
    leader_alias: str = "",
    meeting_dates: Sequence[datetime.date] = (),
) -> SupportGroup:
    """Record (or correct) the support group of a parents' edition after its last meeting."""
    if not edition.trainers.filter(pk=actor.pk).exists():
        raise TrainingError(_("Alleen een trainer van deze uitvoering legt de supportgroep vast."))
    if edition.course.kind != CourseKind.PARENT:
        raise TrainingError(_("Een supportgroep hoort bij een training voor ouders."))
    last_end = last_session_end(edition)
    if last_end is None or last_end > timezone.now():
        raise TrainingError(_("De supportgroep leg je vast na de laatste bijeenkomst."))
    leader_alias = " ".join(leader_alias.split())
    dates = sorted(set(meeting_dates))
    if started and not leader_alias:
        raise TrainingError(
            _("Vul de voornaam of roepnaam van de supportgroep-leider in."), field="leader_alias"
        )
    if not started and (leader_alias or dates):
        raise TrainingError(
            _("Een supportgroep die niet gestart is, heeft geen leider of bijeenkomsten."),
            field="started",
        )
    last_day = last_end.astimezone(timezone.get_current_timezone()).date()
    if any(day <= last_day for day in dates):
        raise TrainingError(
            _("Een bijeenkomst van de supportgroep ligt na de laatste trainingsbijeenkomst."),
            field="meeting_dates",
        )
    group, created = SupportGroup.objects.get_or_create(
        edition=edition, defaults={"started": started, "created_by": actor}
    )
    group.started = started
    group.leader_alias = leader_alias
    group.updated_by = actor
    _clean(group)
    group.save()
    group.meetings.exclude(date__in=dates).delete()
    for day in dates:
        SupportGroupMeeting.objects.get_or_create(group=group, date=day)
    log_action(
        "training.support_group.recorded",
        actor=actor,
        target=group,
        organisation=edition.course.organisation,
        data={"started": started, "meetings": len(dates), "created": created},
    )
    return group
