"""Reads of the meeting planner in domain language: the program, the mix, warnings, timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.utils import timezone

from . import rules
from .models import Invitation, Meeting, MeetingGroup


def program_of(meeting: Meeting) -> rules.ProgramTime:
    """The meeting's program laid out from its start time against its time limit."""
    items = meeting.items.select_related("block")
    return rules.program_time(
        [rules.Block(item.block.name, item.minutes) for item in items],
        starts_at=meeting.starts_at,
        limit_minutes=meeting.time_limit_minutes,
    )


def people_of(invitations: Iterable[Invitation]) -> list[rules.Person]:
    """Invitations as the rules see them: a key (the uuid), a profession and a domain."""
    return [rules.Person(str(inv.uuid), inv.profession, inv.domain) for inv in invitations]


def bounds_of(meeting: Meeting) -> dict[str, rules.Bounds]:
    return {b.profession: rules.Bounds(b.minimum, b.maximum) for b in meeting.bounds.all()}


def mix_of(meeting: Meeting) -> rules.MixReport:
    return rules.profession_mix(
        people_of(Invitation.objects.filter(meeting=meeting).accepted()), bounds_of(meeting)
    )


def warnings_for(meeting: Meeting, *, today: date | None = None) -> list[rules.Warning]:
    """What the planner points out: late invitations and too few or too many participants."""
    today = today or timezone.localdate()
    found: list[rules.Warning] = []
    first = Invitation.objects.filter(meeting=meeting).order_by("invited_on").first()
    if first is not None:
        late = rules.invitation_lead_warning(meeting_date=meeting.date, sent_on=first.invited_on)
        if late is not None:
            found.append(late)
    count = rules.participant_count_warning(
        Invitation.objects.filter(meeting=meeting).accepted().count()
    )
    if count is not None:
        found.append(count)
    return found


def timeline_of(meeting: Meeting, *, today: date | None = None) -> tuple[rules.TimelineStep, ...]:
    done = set()
    if meeting.learning_goals_agreed_on or meeting.learning_goals.strip():
        done.add("learning_goals")
    if meeting.invitations.exists():
        done.add("invitations")
    if meeting.practicalities_arranged_on:
        done.add("practicalities")
    return rules.preparation_timeline(
        meeting_date=meeting.date, today=today or timezone.localdate(), done=done
    )


@dataclass(frozen=True)
class GroupView:
    round_number: int
    number: int
    members: list[Invitation]


def groups_of(meeting: Meeting, kind: str) -> list[GroupView]:
    groups = MeetingGroup.objects.filter(meeting=meeting, kind=kind).prefetch_related("members")
    # Members are read through the group's own relation; the cast names the model for mypy, which
    # confuses this Invitation with accounts' model of the same name.
    return [
        GroupView(g.round_number, g.number, cast("list[Invitation]", list(g.members.all())))
        for g in groups
    ]
