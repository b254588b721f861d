"""Reads of the meeting planner in domain language: the program, the mix, warnings, timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from . import rules
from .constants import GroupingKind
from .cooperation import CooperationMap, cooperation_map
from .models import CaseCard, Meeting, MeetingGroup, MeetingInvitation


def program_of(meeting: Meeting) -> rules.ProgramTime:
    """The meeting's program laid out from its start time against its time limit."""
    items = meeting.items.select_related("block")
    return rules.program_time(
        [rules.Block(item.block.name, item.minutes) for item in items],
        starts_at=meeting.starts_at,
        limit_minutes=meeting.time_limit_minutes,
    )


def people_of(invitations: Iterable[MeetingInvitation]) -> list[rules.Person]:
    """Invitations as the rules see them: a key (the uuid), a profession and a domain."""
    return [rules.Person(str(inv.uuid), inv.profession, inv.domain) for inv in invitations]


def bounds_of(meeting: Meeting) -> dict[str, rules.Bounds]:
    return {b.profession: rules.Bounds(b.minimum, b.maximum) for b in meeting.bounds.all()}


def mix_of(meeting: Meeting) -> rules.MixReport:
    return rules.profession_mix(
        people_of(MeetingInvitation.objects.filter(meeting=meeting).accepted()), bounds_of(meeting)
    )


def warnings_for(meeting: Meeting, *, today: date | None = None) -> list[rules.Warning]:
    """What the planner points out: late invitations and too few or too many participants."""
    today = today or timezone.localdate()
    found: list[rules.Warning] = []
    first = MeetingInvitation.objects.filter(meeting=meeting).order_by("invited_on").first()
    if first is not None:
        late = rules.invitation_lead_warning(meeting_date=meeting.date, sent_on=first.invited_on)
        if late is not None:
            found.append(late)
    count = rules.participant_count_warning(
        MeetingInvitation.objects.filter(meeting=meeting).accepted().count()
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
    members: list[MeetingInvitation]


def groups_of(meeting: Meeting, kind: str) -> list[GroupView]:
    groups = MeetingGroup.objects.filter(meeting=meeting, kind=kind).prefetch_related("members")
    return [GroupView(g.round_number, g.number, list(g.members.all())) for g in groups]


def participants_of(meeting: Meeting) -> list[MeetingInvitation]:
    """Who takes part: those present once attendance is recorded, before that who said yes."""
    accepted = MeetingInvitation.objects.filter(meeting=meeting).accepted()
    if accepted.filter(attended__isnull=False).exists():
        return list(accepted.filter(attended=True))
    return list(accepted)


def participant_organisations(meeting: Meeting) -> dict[str, int]:
    """How many participants came from each organisation (as they wrote its name)."""
    counts: dict[str, int] = {}
    for inv in participants_of(meeting):
        name = inv.organisation_name.strip()
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts


def map_of(meeting: Meeting) -> CooperationMap:
    return cooperation_map(
        participant_organisations(meeting), [(lk.source, lk.target) for lk in meeting.links.all()]
    )


def shared_contacts(meeting: Meeting) -> list[MeetingInvitation]:
    """Only the participants who agreed that their e-mail address is shared."""
    return [inv for inv in participants_of(meeting) if inv.consent_share_contact]


def pack_of(meeting: Meeting) -> dict[str, Any]:
    """Everything the printable pack shows."""
    items = list(meeting.items.select_related("block"))
    program = program_of(meeting)
    kinds = []
    for kind in GroupingKind:
        groups = list(
            MeetingGroup.objects.filter(meeting=meeting, kind=kind)
            .select_related("case_card")
            .prefetch_related("members")
        )
        if groups:
            rounds: dict[int, list[MeetingGroup]] = {}
            for g in groups:
                rounds.setdefault(g.round_number, []).append(g)
            kinds.append({"label": kind.label, "rounds": sorted(rounds.items())})
    card_ids = {
        g.case_card_id
        for g in MeetingGroup.objects.filter(meeting=meeting, case_card__isnull=False)
    }
    return {
        "meeting": meeting,
        "rows": list(zip(items, program.items, strict=True)),
        "program": program,
        "tasks": meeting.tasks.select_related("organiser"),
        "kinds": kinds,
        "sheets": MeetingGroup.objects.filter(meeting=meeting, case_card__isnull=False)
        .select_related("case_card")
        .prefetch_related("members"),
        "cards": CaseCard.objects.filter(pk__in=card_ids),
        "checklist": meeting.checklist.all(),
        "participants": MeetingInvitation.objects.filter(meeting=meeting).accepted(),
    }
