"""Writes of the meeting planner: every change is validated, audited and raises `MeetingError`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
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
    Agreement,
    BuildingBlock,
    CaseCard,
    ChecklistItem,
    CooperationLink,
    Meeting,
    MeetingGroup,
    MeetingInvitation,
    MeetingReport,
    MeetingSettings,
    ProfessionBound,
    ProgramItem,
    Task,
)
from .queries import bounds_of, participants_of, people_of, program_of

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
    items = list(ProgramItem.objects.select_for_update(of=("self",)).filter(meeting=item.meeting))
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
) -> tuple[MeetingInvitation, rules.Warning | None]:
    """Invite someone personally: a signed answer link and an agenda file by mail, sent once.

    Returns the invitation and a warning when it goes out less than six weeks ahead.
    """
    today = today or timezone.localdate()
    if meeting.date < today:
        raise MeetingError(_("Deze bijeenkomst is al geweest."))
    address = email.strip().lower()
    if meeting.invitations.filter(email=address).exists():
        raise MeetingError(_("Dit e-mailadres is al uitgenodigd."), field="email")
    invitation = MeetingInvitation(
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


def _invitation_by_link(
    *, meeting: Meeting, token: str, purpose: str, client_address: str | None
) -> MeetingInvitation:
    """The invitation a signed link of `purpose` names, if it belongs to this meeting."""
    link = resolve_link(token, purpose=purpose, client_address=client_address)
    invitation = (
        MeetingInvitation.objects.filter(uuid=link.target_id).first()
        if link.target_type == "meetings.meetinginvitation"
        else None
    )
    if invitation is None or invitation.meeting_id != meeting.pk:
        # Another meeting's link reads as unknown: it reveals nothing about that meeting.
        raise LinkError(LinkProblem.UNKNOWN)
    return invitation


def invitation_for_link(
    *, meeting: Meeting, token: str, client_address: str | None
) -> MeetingInvitation:
    """The invitation behind an answer link of this meeting; any other link is refused."""
    return _invitation_by_link(
        meeting=meeting, token=token, purpose=ANSWER_LINK_PURPOSE, client_address=client_address
    )


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
) -> MeetingInvitation:
    """Record an invitee's answer through their link. A yes beyond the free places goes on the
    waiting list; a no frees a place for whoever keeps the mix within bounds."""
    invitation = invitation_for_link(meeting=meeting, token=token, client_address=client_address)
    invitation = MeetingInvitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
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
            MeetingInvitation.objects.filter(meeting=meeting)
            .accepted()
            .exclude(pk=invitation.pk)
            .count()
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
def promote_waiting(*, meeting: Meeting, actor: User | None) -> list[MeetingInvitation]:
    """Fill free places from the waiting list so the profession mix stays within its bounds."""
    waiting = list(
        MeetingInvitation.objects.filter(meeting=meeting).waiting().select_for_update(of=("self",))
    )
    result = rules.promote_from_waiting_list(
        accepted=people_of(MeetingInvitation.objects.filter(meeting=meeting).accepted()),
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
    accepted = {
        str(inv.uuid): inv for inv in MeetingInvitation.objects.filter(meeting=meeting).accepted()
    }
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


# --- Planner details: practicalities, tasks, checklist, profession bounds -------------------

DETAIL_FIELDS = (
    "title",
    "date",
    "starts_at",
    "place",
    "room_notes",
    "learning_goals",
    "learning_goals_agreed_on",
    "practicalities_arranged_on",
    "costs",
    "paid_by",
    "capacity",
)


@transaction.atomic
def update_meeting(*, actor: User, meeting: Meeting, **changes: Any) -> Meeting:
    """Change the meeting's details (learning goals, place, room layout, costs, who pays...)."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a meeting detail: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.updated_by = actor
    _clean(meeting)
    meeting.save()
    log_action(
        "meetings.meeting.updated",
        actor=actor,
        target=meeting,
        organisation=_org(meeting),
        data={"fields": sorted(changes)},
    )
    return meeting


@transaction.atomic
def add_task(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    organiser: User | None = None,
    due_on: datetime.date | None = None,
) -> Task:
    """Give an organiser a task before or during the meeting, with its due date."""
    task = Task(
        meeting=meeting,
        description=description.strip(),
        organiser=organiser,
        due_on=due_on,
        created_by=actor,
        updated_by=actor,
    )
    _clean(task)
    task.save()
    log_action("meetings.task.added", actor=actor, target=task, organisation=_org(meeting))
    return task


_Tickable = TypeVar("_Tickable", Task, Agreement)


def _tick(actor: User, record: _Tickable, *, done: bool, name: str) -> _Tickable:
    """Mark a task or an agreement done (now) or open again, logged as meetings.<name>.done/reopened."""
    record.done_at = timezone.now() if done else None
    record.updated_by = actor
    record.save(update_fields=["done_at", "updated_by", "updated_at"])
    log_action(
        f"meetings.{name}.done" if done else f"meetings.{name}.reopened",
        actor=actor,
        target=record,
        organisation=_org(record.meeting),
    )
    return record


@transaction.atomic
def set_task_done(*, actor: User, task: Task, done: bool) -> Task:
    return _tick(actor, task, done=done, name="task")


@transaction.atomic
def add_checklist_item(
    *, actor: User, meeting: Meeting, kind: str, description: str, quantity: int | None = None
) -> ChecklistItem:
    """Put equipment, material or take-home material on the checklist."""
    item = ChecklistItem(
        meeting=meeting,
        kind=kind,
        description=description.strip(),
        quantity=quantity,
        created_by=actor,
        updated_by=actor,
    )
    _clean(item)
    item.save()
    log_action("meetings.checklist.added", actor=actor, target=item, organisation=_org(meeting))
    return item


@transaction.atomic
def set_checklist_arranged(*, actor: User, item: ChecklistItem, arranged: bool) -> ChecklistItem:
    item.arranged = arranged
    item.updated_by = actor
    item.save(update_fields=["arranged", "updated_by", "updated_at"])
    log_action(
        "meetings.checklist.arranged",
        actor=actor,
        target=item,
        organisation=_org(item.meeting),
        data={"arranged": arranged},
    )
    return item


@transaction.atomic
def set_profession_bound(
    *,
    actor: User,
    meeting: Meeting,
    profession: str,
    minimum: int | None,
    maximum: int | None,
) -> ProfessionBound | None:
    """Set (or, with neither number, remove) the minimum and maximum for one profession."""
    if profession not in Profession.values:
        raise MeetingError(_("Kies een beroep."), field="profession")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise MeetingError(
            _("Het minimum is groter dan het maximum; maak het minimum kleiner."), field="minimum"
        )
    existing = ProfessionBound.objects.filter(meeting=meeting, profession=profession).first()
    if minimum is None and maximum is None:
        if existing is not None:
            existing.delete()
        log_action(
            "meetings.bound.removed",
            actor=actor,
            target=meeting,
            organisation=_org(meeting),
            data={"profession": profession},
        )
        return None
    bound = existing or ProfessionBound(meeting=meeting, profession=profession, created_by=actor)
    bound.minimum = minimum
    bound.maximum = maximum
    bound.updated_by = actor
    _clean(bound)
    bound.save()
    log_action(
        "meetings.bound.set",
        actor=actor,
        target=meeting,
        organisation=_org(meeting),
        data={"profession": profession, "minimum": minimum, "maximum": maximum},
    )
    return bound


@transaction.atomic
def move_block_to(*, actor: User, item: ProgramItem, position: int) -> ProgramItem:
    """Put an item at `position` (1 is first; beyond the end is last), as a drag does."""
    items = list(ProgramItem.objects.select_for_update(of=("self",)).filter(meeting=item.meeting))
    current = next(it for it in items if it.pk == item.pk)
    items.remove(current)
    items.insert(max(0, min(position - 1, len(items))), current)
    for order, it in enumerate(items, start=1):
        if it.order != order:
            it.order = order
            it.updated_by = actor
            it.save(update_fields=["order", "updated_by", "updated_at"])
    _program_changed(item.meeting, actor)
    log_action(
        "meetings.program.block_moved",
        actor=actor,
        target=current,
        organisation=_org(item.meeting),
        data={"position": current.order},
    )
    return current


# --- Groups by hand and case cards ----------------------------------------------------------


@transaction.atomic
def move_member(
    *, actor: User, invitation: MeetingInvitation, group: MeetingGroup, to_group: MeetingGroup
) -> None:
    """Move a participant from one group to another group of the same round, by hand."""
    if (to_group.meeting_id, to_group.kind, to_group.round_number) != (
        group.meeting_id,
        group.kind,
        group.round_number,
    ):
        raise MeetingError(_("Kies een groepje uit dezelfde ronde."), field="to_group")
    if not group.members.filter(pk=invitation.pk).exists():
        raise MeetingError(_("Deze deelnemer zit niet in dit groepje."), field="invitation")
    if to_group.pk == group.pk:
        return
    group.members.remove(invitation)
    to_group.members.add(invitation)
    log_action(
        "meetings.groups.member_moved",
        actor=actor,
        target=invitation,
        organisation=_org(group.meeting),
        data={"round": group.round_number, "from": group.number, "to": to_group.number},
    )


@transaction.atomic
def assign_case_card(*, actor: User, group: MeetingGroup, card: CaseCard | None) -> MeetingGroup:
    """Give a group a case card to discuss (or take it away)."""
    if card is not None and card.organisation_id not in (None, group.meeting.organisation_id):
        raise MeetingError(_("Deze casuskaart hoort niet bij jullie coalitie."), field="card")
    group.case_card = card
    group.updated_by = actor
    group.save(update_fields=["case_card", "updated_by", "updated_at"])
    log_action(
        "meetings.groups.card_assigned",
        actor=actor,
        target=group,
        organisation=_org(group.meeting),
        data={"card": str(card.uuid) if card else None},
    )
    return group


@transaction.atomic
def arrange_round(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    round_number: int,
    placements: Mapping[str, str],
    cards: Mapping[str, str],
) -> int:
    """Save one round as the organiser arranged it by hand, in one go: the group of each
    participant (`placements`: invitation uuid -> group uuid) and the case card of each group
    (`cards`: group uuid -> card uuid, "" for none). Someone left out keeps their group. Nothing is
    saved when a group would end up empty or a choice is not of this round. Returns how many
    people moved."""
    groups = list(
        MeetingGroup.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, kind=kind, round_number=round_number)
        .select_related("case_card")
        .prefetch_related("members")
    )
    if not groups:
        raise MeetingError(_("Deze ronde bestaat niet (meer). Maak de groepjes opnieuw."))
    by_uuid = {str(g.uuid): g for g in groups}
    moves: list[tuple[MeetingInvitation, MeetingGroup, MeetingGroup]] = []
    sizes = {g.pk: 0 for g in groups}
    for group in groups:
        for member in group.members.all():
            target = by_uuid.get(placements.get(str(member.uuid), str(group.uuid)))
            if target is None:
                raise MeetingError(
                    _("Kies voor iedere deelnemer een groepje uit deze ronde."), field="placements"
                )
            sizes[target.pk] += 1
            if target.pk != group.pk:
                moves.append((member, group, target))
    empty = [g.number for g in groups if sizes[g.pk] == 0]
    if empty:
        raise MeetingError(
            _("Groepje %(n)s zou leeg raken. Laat in ieder groepje minstens één deelnemer.")
            % {"n": empty[0]},
            field="placements",
        )
    available = {str(c.uuid): c for c in CaseCard.objects.available_to(meeting.organisation)}
    new_cards: list[tuple[MeetingGroup, CaseCard | None]] = []
    for group in groups:
        if str(group.uuid) not in cards:
            continue
        raw = cards[str(group.uuid)]
        card = available.get(raw) if raw else None
        if raw and card is None:
            raise MeetingError(_("Kies een casuskaart uit de lijst."), field="cards")
        if card != group.case_card:
            new_cards.append((group, card))
    for member, group, target in moves:
        move_member(actor=actor, invitation=member, group=group, to_group=target)
    for group, card in new_cards:
        assign_case_card(actor=actor, group=group, card=card)
    return len(moves)


@transaction.atomic
def add_case_card(*, actor: User, organisation: Organisation, title: str, text: str) -> CaseCard:
    """A coalition's own case card, made up: never about a real client."""
    card = CaseCard(
        organisation=organisation,
        title=title.strip(),
        text=text.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _clean(card)
    card.save()
    log_action("meetings.case_card.added", actor=actor, target=card, organisation=organisation)
    return card


# --- After the meeting ----------------------------------------------------------------------

REPORT_LINK_PURPOSE = "meeting-report"
REPORT_LINK_LIFETIME = datetime.timedelta(days=90)


@transaction.atomic
def record_attendance(
    *, actor: User, meeting: Meeting, present: set[str]
) -> list[MeetingInvitation]:
    """Mark who came (uuids in `present`) among those who said yes; the others as absent."""
    participants = list(MeetingInvitation.objects.filter(meeting=meeting).accepted())
    for invitation in participants:
        invitation.attended = str(invitation.uuid) in present
        invitation.updated_by = actor
        invitation.save(update_fields=["attended", "updated_by", "updated_at"])
    log_action(
        "meetings.attendance.recorded",
        actor=actor,
        target=meeting,
        organisation=_org(meeting),
        data={"present": sum(1 for i in participants if i.attended)},
    )
    return participants


def report_of(meeting: Meeting) -> MeetingReport:
    """The meeting's report, empty until written (not saved by reading it)."""
    return MeetingReport.objects.filter(meeting=meeting).first() or MeetingReport(meeting=meeting)


@transaction.atomic
def save_report(
    *, actor: User, meeting: Meeting, went_well: str, can_improve: str
) -> MeetingReport:
    report = report_of(meeting)
    if report.pk is None:
        report.created_by = actor
    report.went_well = went_well.strip()
    report.can_improve = can_improve.strip()
    report.updated_by = actor
    _clean(report)
    report.save()
    log_action("meetings.report.saved", actor=actor, target=report, organisation=_org(meeting))
    return report


@transaction.atomic
def add_agreement(
    *, actor: User, meeting: Meeting, who: str, what: str, due_on: datetime.date | None = None
) -> Agreement:
    """An agreement from the meeting: who does what, by when."""
    agreement = Agreement(
        meeting=meeting,
        who=who.strip(),
        what=what.strip(),
        due_on=due_on,
        created_by=actor,
        updated_by=actor,
    )
    _clean(agreement)
    agreement.save()
    log_action(
        "meetings.agreement.added", actor=actor, target=agreement, organisation=_org(meeting)
    )
    return agreement


@transaction.atomic
def set_agreement_done(*, actor: User, agreement: Agreement, done: bool) -> Agreement:
    return _tick(actor, agreement, done=done, name="agreement")


@transaction.atomic
def add_cooperation_link(
    *, actor: User, meeting: Meeting, source: str, target: str, note: str = ""
) -> CooperationLink:
    """Record that two organisations work (or should work) together around a family."""
    a, b = source.strip(), target.strip()
    if not a or not b:
        raise MeetingError(_("Vul beide organisaties in."), field="target")
    if a.casefold() == b.casefold():
        raise MeetingError(_("Kies twee verschillende organisaties."), field="target")
    a, b = sorted((a, b), key=str.casefold)
    if CooperationLink.objects.filter(meeting=meeting, source=a, target=b).exists():
        raise MeetingError(_("Deze samenwerking staat er al in."), field="target")
    link = CooperationLink(
        meeting=meeting, source=a, target=b, note=note.strip(), created_by=actor, updated_by=actor
    )
    _clean(link)
    link.save()
    log_action("meetings.link.added", actor=actor, target=link, organisation=_org(meeting))
    return link


@transaction.atomic
def remove_cooperation_link(*, actor: User, link: CooperationLink) -> None:
    log_action("meetings.link.removed", actor=actor, target=link, organisation=_org(link.meeting))
    link.delete()


def report_recipients(meeting: Meeting) -> list[MeetingInvitation]:
    """Who gets the report: those present, or (before attendance is recorded) who said yes."""
    return participants_of(meeting)


def report_path(meeting: Meeting, token: str) -> str:
    return reverse("meetings:report_read", kwargs={"meeting_uuid": meeting.uuid, "token": token})


@transaction.atomic
def send_report(*, actor: User, meeting: Meeting, language: str = "nl") -> int:
    """Send every participant a personal link to the report, once; the mail holds no content."""
    report = MeetingReport.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
    if report is None or not (report.went_well or report.can_improve):
        raise MeetingError(_("Schrijf eerst het verslag; daarna kun je het versturen."))
    if report.sent_at is not None:
        raise MeetingError(_("Het verslag is al verstuurd; het gaat maar één keer rond."))
    recipients = report_recipients(meeting)
    if not recipients:
        raise MeetingError(_("Er zijn nog geen deelnemers om het verslag aan te sturen."))
    sent = 0
    for invitation in recipients:
        _link, token = issue_link(
            purpose=REPORT_LINK_PURPOSE,
            target=invitation,
            expires_in=REPORT_LINK_LIFETIME,
            single_use=False,
            actor=actor,
            organisation=_org(meeting),
        )
        _mail, created = send_mail_once(
            key=("meetings.report", invitation.uuid),
            to=invitation.email,
            template="meetings/report",
            context={
                "meeting_title": meeting.title,
                "meeting_date": meeting.date,
                "report_url": absolute_url(report_path(meeting, token)),
            },
            language=language,
            actor=actor,
            organisation=_org(meeting),
        )
        sent += created
    report.sent_at = timezone.now()
    report.updated_by = actor
    report.save(update_fields=["sent_at", "updated_by", "updated_at"])
    log_action(
        "meetings.report.sent",
        actor=actor,
        target=report,
        organisation=_org(meeting),
        data={"recipients": sent},
    )
    return sent


def reader_of_report(
    *, meeting: Meeting, token: str, client_address: str | None
) -> MeetingInvitation:
    """The participant behind a report link of this meeting; any other link is refused."""
    return _invitation_by_link(
        meeting=meeting, token=token, purpose=REPORT_LINK_PURPOSE, client_address=client_address
    )
