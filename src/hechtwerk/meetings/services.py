"""Writes of the meeting planner: every change is validated, audited and raises `MeetingError`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError, domain_error_from
from hechtwerk.core.links import LinkError, LinkProblem, issue_link, resolve_link
from hechtwerk.core.mail import absolute_url, send_mail_once

from . import grouping, library, rules
from .constants import DOMAIN_OF, Answer, Domain, GroupingKind, Profession
from .models import (
    BuildingBlock,
    CaseCard,
    Invitation,
    Meeting,
    MeetingGroup,
    MeetingSettings,
    ProgramItem,
)
from .queries import bounds_of, people_of, program_of

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User

ANSWER_LINK_PURPOSE = "meeting-answer"
# An answer link works until the day after the meeting, and at most the core's longest lifetime.
ANSWER_LINK_GRACE = datetime.timedelta(days=1)

M = TypeVar("M")


class MeetingError(DomainError):
    """A planner change that cannot be made; the message is Dutch and shown to the user."""


def _clean(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise domain_error_from(exc, MeetingError) from exc


def _org(meeting: Meeting) -> Organisation:
    return meeting.organisation


@transaction.atomic
def ensure_script_library() -> tuple[int, int]:
    """Create the script's seven blocks and eight cases once (shared, without organisation)."""
    blocks = cards = 0
    for b in library.BLOCKS:
        _obj, created = BuildingBlock.objects.get_or_create(
            script_number=b.number,
            defaults={
                "name": b.name,
                "goal": b.goal,
                "default_minutes": b.minutes,
                "working_forms": b.working_forms,
                "materials": b.materials,
                "questions": b.questions,
            },
        )
        blocks += created
    for c in library.CASES:
        _card, created = CaseCard.objects.get_or_create(
            script_number=c.number, defaults={"title": c.title, "text": c.text}
        )
        cards += created
    return blocks, cards


# --- Meetings and program -------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    date: datetime.date,
    starts_at: datetime.time,
    place: str = "",
    learning_goals: str = "",
) -> Meeting:
    """Plan a meeting for a coalition; its time limit is the coalition's (two hours unless set)."""
    settings = MeetingSettings.objects.filter(organisation=organisation).first()
    meeting = Meeting(
        organisation=organisation,
        title=title.strip(),
        date=date,
        starts_at=starts_at,
        place=place.strip(),
        learning_goals=learning_goals.strip(),
        time_limit_minutes=(
            settings.time_limit_minutes if settings else rules.DEFAULT_TIME_LIMIT_MINUTES
        ),
        created_by=actor,
        updated_by=actor,
    )
    _clean(meeting)
    meeting.save()
    log_action(
        "meetings.meeting.created",
        actor=actor,
        target=meeting,
        organisation=organisation,
        data={"date": date.isoformat()},
    )
    return meeting


def _program_changed(meeting: Meeting, actor: User) -> None:
    """A change to a final program makes it a draft again: it has to be checked anew."""
    if meeting.finalised_at is not None:
        meeting.finalised_at = None
        meeting.updated_by = actor
        meeting.save(update_fields=["finalised_at", "updated_by", "updated_at"])
        log_action(
            "meetings.program.reopened", actor=actor, target=meeting, organisation=_org(meeting)
        )


@transaction.atomic
def add_block(
    *, actor: User, meeting: Meeting, block: BuildingBlock, minutes: int | None = None
) -> ProgramItem:
    """Put a library block at the end of the program, with its default minutes unless given."""
    if block.organisation_id not in (None, meeting.organisation_id):
        raise MeetingError(_("Deze bouwsteen hoort niet bij jullie coalitie."), field="block")
    last = meeting.items.aggregate(last=Max("order"))["last"] or 0
    item = ProgramItem(
        meeting=meeting,
        block=block,
        order=last + 1,
        minutes=block.default_minutes if minutes is None else minutes,
        created_by=actor,
        updated_by=actor,
    )
    _clean(item)
    item.save()
    _program_changed(meeting, actor)
    log_action(
        "meetings.program.block_added",
        actor=actor,
        target=item,
        organisation=_org(meeting),
        data={"block": str(block.uuid), "minutes": item.minutes},
    )
    return item


@transaction.atomic
def move_block(*, actor: User, item: ProgramItem, up: bool) -> ProgramItem:
    """Swap an item with its neighbour above (or below); at the edge nothing changes."""
    items = list(ProgramItem.objects.select_for_update().filter(meeting=item.meeting))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return items[index]
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.order != position:
            it.order = position
            it.updated_by = actor
            it.save(update_fields=["order", "updated_by", "updated_at"])
    _program_changed(item.meeting, actor)
    log_action(
        "meetings.program.block_moved",
        actor=actor,
        target=items[other],
        organisation=_org(item.meeting),
        data={"direction": "up" if up else "down"},
    )
    return items[other]


@transaction.atomic
def set_block_minutes(*, actor: User, item: ProgramItem, minutes: int) -> ProgramItem:
    """Change how long one program item takes."""
    item.minutes = minutes
    item.updated_by = actor
    _clean(item)
    item.save(update_fields=["minutes", "updated_by", "updated_at"])
    _program_changed(item.meeting, actor)
    log_action(
        "meetings.program.minutes_set",
        actor=actor,
        target=item,
        organisation=_org(item.meeting),
        data={"minutes": minutes},
    )
    return item


@transaction.atomic
def remove_block(*, actor: User, item: ProgramItem) -> None:
    """Take an item out of the program; the rest closes up."""
    meeting = item.meeting
    log_action(
        "meetings.program.block_removed", actor=actor, target=item, organisation=_org(meeting)
    )
    item.delete()
    for position, it in enumerate(meeting.items.all(), start=1):
        if it.order != position:
            it.order = position
            it.save(update_fields=["order", "updated_at"])
    _program_changed(meeting, actor)


@transaction.atomic
def finalise_program(*, actor: User, meeting: Meeting) -> Meeting:
    """Make the program final; refused while it is empty or runs over the time limit."""
    refusal = rules.finalise_refusal(program_of(meeting))
    if refusal is not None:
        raise MeetingError(refusal)
    meeting.finalised_at = timezone.now()
    meeting.updated_by = actor
    meeting.save(update_fields=["finalised_at", "updated_by", "updated_at"])
    log_action(
        "meetings.program.finalised",
        actor=actor,
        target=meeting,
        organisation=_org(meeting),
        data={"rules_version": rules.RULES_VERSION},
    )
    return meeting


# --- Invitations and answers ----------------------------------------------------------------


def answer_path(meeting: Meeting, token: str) -> str:
    return reverse("meetings:answer", kwargs={"meeting_uuid": meeting.uuid, "token": token})


def calendar_path(meeting: Meeting, token: str) -> str:
    return reverse(
        "meetings:answer_calendar", kwargs={"meeting_uuid": meeting.uuid, "token": token}
    )


@transaction.atomic
def invite_participant(
    *,
    actor: User,
    meeting: Meeting,
    email: str,
    language: str = "nl",
    today: datetime.date | None = None,
) -> tuple[Invitation, rules.Warning | None]:
    """Invite someone personally: a signed answer link and an agenda file by mail, sent once.

    Returns the invitation and a warning when it goes out less than six weeks ahead.
    """
    today = today or timezone.localdate()
    if meeting.date < today:
        raise MeetingError(_("Deze bijeenkomst is al geweest."))
    address = email.strip().lower()
    if meeting.invitations.filter(email=address).exists():
        raise MeetingError(_("Dit e-mailadres is al uitgenodigd."), field="email")
    invitation = Invitation(
        meeting=meeting, email=address, invited_on=today, created_by=actor, updated_by=actor
    )
    _clean(invitation)
    invitation.save()
    expires = datetime.datetime.combine(
        meeting.date + ANSWER_LINK_GRACE, datetime.time.min, tzinfo=datetime.UTC
    )
    link, token = issue_link(
        purpose=ANSWER_LINK_PURPOSE,
        target=invitation,
        expires_in=max(expires - timezone.now(), datetime.timedelta(hours=1)),
        single_use=False,  # an invitee may change the answer until the meeting
        actor=actor,
        organisation=_org(meeting),
    )
    invitation.link_id = link.pk
    invitation.save(update_fields=["link_id"])
    send_mail_once(
        key=("meetings.invitation", invitation.uuid),
        to=address,
        template="meetings/invitation",
        context={
            "meeting_title": meeting.title,
            "meeting_date": meeting.date,
            "starts_at": meeting.starts_at.strftime("%H:%M"),
            "place": meeting.place,
            "reply_url": absolute_url(answer_path(meeting, token)),
            "calendar_url": absolute_url(calendar_path(meeting, token)),
        },
        language=language,
        actor=actor,
        organisation=_org(meeting),
    )
    log_action(
        "meetings.invitation.sent", actor=actor, target=invitation, organisation=_org(meeting)
    )
    return invitation, rules.invitation_lead_warning(meeting_date=meeting.date, sent_on=today)


def invitation_for_link(*, meeting: Meeting, token: str, client_address: str | None) -> Invitation:
    """The invitation behind an answer link of this meeting; any other link is refused."""
    link = resolve_link(token, purpose=ANSWER_LINK_PURPOSE, client_address=client_address)
    invitation = (
        Invitation.objects.filter(uuid=link.target_id).first()
        if link.target_type == "meetings.invitation"
        else None
    )
    if invitation is None or invitation.meeting_id != meeting.pk:
        # Another meeting's link reads as unknown: it reveals nothing about that meeting.
        raise LinkError(LinkProblem.UNKNOWN)
    return invitation


@transaction.atomic
def answer_invitation(
    *,
    meeting: Meeting,
    token: str,
    answer: str,
    profession: str,
    organisation_name: str,
    elearning_completed: bool,
    consent_share_contact: bool,
    domain: str = "",
    client_address: str | None = None,
) -> Invitation:
    """Record an invitee's answer through their link. A yes beyond the free places goes on the
    waiting list; a no frees a place for whoever keeps the mix within bounds."""
    invitation = invitation_for_link(meeting=meeting, token=token, client_address=client_address)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if answer not in (Answer.YES, Answer.NO, Answer.MAYBE):
        raise MeetingError(_("Kies ja, nee of misschien."), field="answer")
    if profession not in Profession.values:
        raise MeetingError(_("Kies je beroep."), field="profession")
    resolved_domain = DOMAIN_OF.get(profession, domain)
    if resolved_domain not in Domain.values:
        raise MeetingError(
            _("Kies bij een ander beroep ook het domein waarin je werkt."), field="domain"
        )
    if answer == Answer.YES and not elearning_completed:
        raise MeetingError(
            _(
                "Rond eerst de e-learning Eerste 1000 dagen af; die is nodig om mee te doen. "
                "Je kunt daarna opnieuw ja zeggen via dezelfde link."
            ),
            field="elearning_completed",
        )
    was_accepted = invitation.answer == Answer.YES and invitation.waiting_position is None
    invitation.answer = answer
    invitation.profession = profession
    invitation.domain = resolved_domain
    invitation.organisation_name = organisation_name.strip()
    invitation.elearning_completed = elearning_completed
    invitation.consent_share_contact = consent_share_contact
    invitation.answered_at = timezone.now()
    if answer != Answer.YES:
        invitation.waiting_position = None
    elif not was_accepted and invitation.waiting_position is None:
        accepted = (
            Invitation.objects.filter(meeting=meeting).accepted().exclude(pk=invitation.pk).count()
        )
        if accepted >= meeting.capacity:
            last = meeting.invitations.aggregate(last=Max("waiting_position"))["last"] or 0
            invitation.waiting_position = last + 1
    _clean(invitation)
    invitation.save()
    log_action(
        "meetings.invitation.answered",
        actor=None,
        target=invitation,
        organisation=_org(meeting),
        data={"answer": answer, "waiting": invitation.waiting_position is not None},
    )
    if was_accepted and answer != Answer.YES:
        promote_waiting(meeting=meeting, actor=None)
    return invitation


@transaction.atomic
def promote_waiting(*, meeting: Meeting, actor: User | None) -> list[Invitation]:
    """Fill free places from the waiting list so the profession mix stays within its bounds."""
    waiting = list(Invitation.objects.filter(meeting=meeting).waiting().select_for_update())
    result = rules.promote_from_waiting_list(
        accepted=people_of(Invitation.objects.filter(meeting=meeting).accepted()),
        waiting=people_of(waiting),
        bounds=bounds_of(meeting),
        capacity=meeting.capacity,
    )
    promoted = [inv for inv in waiting if str(inv.uuid) in result.promoted]
    for invitation in promoted:
        invitation.waiting_position = None
        invitation.save(update_fields=["waiting_position", "updated_at"])
        log_action(
            "meetings.invitation.promoted",
            actor=actor,
            target=invitation,
            organisation=_org(meeting),
            data={"rules_version": result.rules_version},
        )
    return promoted


# --- Groups ---------------------------------------------------------------------------------

FORMERS: dict[str, Callable[..., grouping.Grouping]] = {
    GroupingKind.SPEED_DATE: grouping.speed_date_rounds,
    GroupingKind.MIXED: grouping.mixed_groups,
}


@transaction.atomic
def form_groups(
    *, actor: User, meeting: Meeting, kind: str, seed: int = grouping.DEFAULT_SEED
) -> grouping.Grouping:
    """Form groups of this kind from the accepted participants and store them (replacing any)."""
    accepted = {str(inv.uuid): inv for inv in Invitation.objects.filter(meeting=meeting).accepted()}
    if len(accepted) < 3:
        raise MeetingError(_("Er zijn minstens drie toezeggingen nodig om groepjes te maken."))
    people = people_of(accepted.values())
    if kind == GroupingKind.BY_PROFESSION:
        result = grouping.profession_groups(people)
    elif kind in FORMERS:
        result = FORMERS[kind](people, seed=seed)
    else:
        raise MeetingError(_("Kies een soort indeling."), field="kind")
    MeetingGroup.objects.filter(meeting=meeting, kind=kind).delete()
    for round_number, groups in enumerate(result.rounds, start=1):
        for number, keys in enumerate(groups, start=1):
            group = MeetingGroup.objects.create(
                meeting=meeting,
                kind=kind,
                round_number=round_number,
                number=number,
                seed=seed,
                rules_version=result.rules_version,
                created_by=actor,
                updated_by=actor,
            )
            group.members.set([accepted[k] for k in keys])
    q = result.quality
    log_action(
        "meetings.groups.formed",
        actor=actor,
        target=meeting,
        organisation=_org(meeting),
        data={
            "kind": kind,
            "seed": seed,
            "repeated_pairs": q.repeated_pairs,
            "same_profession_pairs": q.same_profession_pairs,
        },
    )
    return result
