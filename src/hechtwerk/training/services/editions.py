"""Changing an edition after it is scheduled: its name, place, trainers, capacity and the dates
and times of its sessions. The capacity never drops below the seats already taken (counted with
the edition row locked, as enrolment counts them), so a change cannot overbook."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action

from .. import rules
from ..hooks import schedule_refusal
from ..models import Edition, EditionSession
from .base import (
    PLAN_MESSAGES,
    DatedSession,
    TrainingError,
    _clean,
    _is_trainer_of,
    _locked,
    advance_waiting_list,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User


def _check_changed_plan(existing: list[EditionSession], sessions: Sequence[DatedSession]) -> None:
    """The plan rules of scheduling; a session that keeps its date and times may lie in the past
    (an edition that is running changes only what is still to come)."""
    planned = [rules.PlannedSession(s.date, s.start_time, s.end_time) for s in sessions]
    problems = rules.session_plan_problems(
        planned, today=timezone.localdate(), course_sessions=len(existing)
    )
    for problem in problems:
        if problem.code == "count":
            raise TrainingError(
                _("Deze uitvoering heeft %(count)s bijeenkomsten; geef ze alle %(count)s.")
                % {"count": len(existing)},
                field="sessions",
            )
        if problem.code == "in_the_past":
            before = existing[problem.session - 1]
            after = sessions[problem.session - 1]
            if (before.date, before.start_time, before.end_time) == (
                after.date,
                after.start_time,
                after.end_time,
            ):
                continue
        raise TrainingError(
            str(PLAN_MESSAGES[problem.code]) % {"n": problem.session},
            field="sessions",
            session=problem.session,
        )


@transaction.atomic
def update_edition(
    *,
    actor: User,
    edition: Edition,
    label: str,
    place: str,
    min_participants: int,
    max_participants: int,
    trainers: Sequence[User],
    sessions: Sequence[DatedSession],
) -> Edition:
    """Change a scheduled edition. Refused when cancelled or over, when a trainer may not teach
    it, when the plan breaks the rules, or when the maximum would fall below the seats taken."""
    edition = _locked(edition)
    course = edition.course
    if edition.cancelled_at is not None:
        raise TrainingError(_("Een geannuleerde uitvoering kan niet meer worden gewijzigd."))
    existing = list(edition.sessions.order_by("order"))
    if existing and existing[-1].ends_at <= timezone.now():
        raise TrainingError(_("Deze uitvoering is afgelopen en kan niet meer worden gewijzigd."))
    if not trainers:
        raise TrainingError(_("Kies minstens één trainer."), field="trainers")
    current = set(edition.trainers.values_list("pk", flat=True))
    for trainer in trainers:
        if not _is_trainer_of(trainer, course.organisation):
            raise TrainingError(
                _("%(name)s is geen trainer van deze aanbieder.")
                % {"name": trainer.get_full_name() or trainer.email},
                field="trainers",
            )
        refusal = schedule_refusal(course, trainer) if trainer.pk not in current else None
        if refusal:
            raise TrainingError(refusal, field="trainers")
    if min_participants > max_participants:
        raise TrainingError(
            _("Het minimum aantal deelnemers kan niet boven het maximum liggen."),
            field="min_participants",
        )
    taken = edition.seats_taken()
    if max_participants < taken:
        raise TrainingError(
            _(
                "Er zijn al %(taken)s plaatsen bezet. Het maximum kan niet lager zijn dan "
                "%(taken)s; meld eerst deelnemers af als de groep kleiner moet."
            )
            % {"taken": taken},
            field="max_participants",
        )
    ordered = sorted(sessions, key=lambda s: (s.date, s.start_time))
    _check_changed_plan(existing, ordered)
    raised = max_participants > edition.max_participants
    changes = {
        name: True
        for name, old, new in (
            ("label", edition.label, label.strip()),
            ("place", edition.place, place),
            ("min_participants", edition.min_participants, min_participants),
            ("max_participants", edition.max_participants, max_participants),
        )
        if old != new
    }
    edition.label = label.strip()
    edition.place = place
    edition.min_participants = min_participants
    edition.max_participants = max_participants
    _clean(edition)
    edition.save()
    if current != {t.pk for t in trainers}:
        edition.trainers.set(trainers)
        changes["trainers"] = True
    for session, dated in zip(existing, ordered, strict=True):
        new = (dated.date, dated.start_time, dated.end_time, dated.place or place, dated.online_url)
        old = (
            session.date,
            session.start_time,
            session.end_time,
            session.place,
            session.online_url,
        )
        if new != old:
            session.date, session.start_time, session.end_time = new[:3]
            session.place, session.online_url = new[3], new[4]
            _clean(session)
            session.save()
            changes["sessions"] = True
    log_action(
        "training.edition.updated",
        actor=actor,
        target=edition,
        organisation=course.organisation,
        data={"changed": sorted(changes)},
    )
    if raised:
        advance_waiting_list(edition=edition)
    return edition
