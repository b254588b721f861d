"""API of the meeting planner: meetings, building blocks, the program, participants' answers,
groups and the report. Every operation needs PLAN_MEETINGS and sees only the caller's coalition
(another coalition's meeting is a 404); errors have the project's one shape
(`hechtwerk.core.errors`); lists are paged with `limit` and `offset`."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import AfterValidator, WithJsonSchema

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.paging import Page, PageParams, page_of

from . import queries, services
from .constants import GroupingKind
from .grouping import evaluate
from .models import BuildingBlock, Meeting, MeetingGroup, MeetingInvitation, ProgramItem

router = Router(tags=["bijeenkomsten"])

# A meeting starts at a wall-clock time where it is held; an offset sent with it ("10:00+02:00")
# is dropped, as the database keeps a time without a zone (SQLite refuses one: a 500 otherwise).
# Published as "HH:MM[:SS]": JSON Schema's format "time" (RFC 3339) would demand an offset.
WallTime = Annotated[
    datetime.time,
    AfterValidator(lambda t: t.replace(tzinfo=None)),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
            "description": "Een tijd zonder tijdzone, UU:MM of UU:MM:SS.",
        }
    ),
]


class ProgramItemOut(Schema):
    id: uuid.UUID
    block: str
    minutes: int
    starts_at: WallTime
    ends_at: WallTime


class MeetingOut(Schema):
    id: uuid.UUID
    title: str
    date: datetime.date
    starts_at: WallTime
    place: str
    learning_goals: str
    time_limit_minutes: int
    total_minutes: int
    finalised: bool
    program: list[ProgramItemOut]


class MeetingIn(Schema):
    title: str = Field(max_length=200)
    date: datetime.date
    starts_at: WallTime
    place: str = Field("", max_length=200)
    learning_goals: str = ""


class BlockOut(Schema):
    id: uuid.UUID
    name: str
    default_minutes: int
    goal: str
    working_forms: str
    materials: str
    shared: bool = Field(description="Uit het draaiboek (waar) of van de eigen coalitie.")


class AddBlockIn(Schema):
    block: uuid.UUID
    minutes: int | None = Field(None, ge=1, le=480)


class MoveIn(Schema):
    position: int = Field(ge=1, le=500, description="De nieuwe plaats, 1 is de eerste.")


class MinutesIn(Schema):
    minutes: int = Field(ge=1, le=480)


class AnswerOut(Schema):
    id: uuid.UUID
    email: str
    answer: str
    profession: str
    domain: str
    organisation: str
    elearning_completed: bool
    waiting_position: int | None
    attended: bool | None


class GroupsIn(Schema):
    kind: GroupingKind
    seed: int = Field(1000, ge=0, le=2**31 - 1)


class GroupOut(Schema):
    id: uuid.UUID
    round: int
    number: int
    members: list[uuid.UUID]
    case_card: str | None


class GroupingOut(Schema):
    kind: str
    repeated_pairs: int
    same_profession_pairs: int
    min_professions_per_group: int
    groups: list[GroupOut]


class AgreementOut(Schema):
    who: str
    what: str
    due_on: datetime.date | None
    done: bool


class ReportOut(Schema):
    went_well: str
    can_improve: str
    sent_at: datetime.datetime | None
    agreements: list[AgreementOut]


class ReportIn(Schema):
    went_well: str = ""
    can_improve: str = ""


def _meeting(request: ApiRequest, meeting_id: uuid.UUID) -> Meeting:
    return get_object_or_404(Meeting, uuid=meeting_id, organisation=request.membership.organisation)


def _meeting_out(meeting: Meeting) -> MeetingOut:
    program = queries.program_of(meeting)
    items = list(meeting.items.select_related("block"))
    return MeetingOut(
        id=meeting.uuid,
        title=meeting.title,
        date=meeting.date,
        starts_at=meeting.starts_at,
        place=meeting.place,
        learning_goals=meeting.learning_goals,
        time_limit_minutes=meeting.time_limit_minutes,
        total_minutes=program.total_minutes,
        finalised=meeting.finalised_at is not None,
        program=[
            ProgramItemOut(
                id=item.uuid,
                block=item.block.name,
                minutes=item.minutes,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
            )
            for item, slot in zip(items, program.items, strict=True)
        ],
    )


@router.get("/meetings", response=Page[MeetingOut], summary="Bijeenkomsten van de eigen coalitie")
@api_requires(Capability.PLAN_MEETINGS)
def list_meetings(request: ApiRequest, page: Query[PageParams]) -> Page[MeetingOut]:
    found = Meeting.objects.of_organisation(request.membership.organisation)
    return page_of(found, page, _meeting_out)


@router.post("/meetings", response={201: MeetingOut}, summary="Een bijeenkomst plannen")
@api_requires(Capability.PLAN_MEETINGS)
def create_meeting(request: ApiRequest, body: MeetingIn) -> Status[Any]:
    meeting = services.create_meeting(
        actor=request.user, organisation=request.membership.organisation, **body.dict()
    )
    return Status(201, _meeting_out(meeting))


@router.get("/meeting-blocks", response=Page[BlockOut], summary="Bouwstenen: draaiboek en eigen")
@api_requires(Capability.PLAN_MEETINGS)
def list_blocks(request: ApiRequest, page: Query[PageParams]) -> Page[BlockOut]:
    found = BuildingBlock.objects.available_to(request.membership.organisation)
    return page_of(
        found,
        page,
        lambda b: BlockOut(
            id=b.uuid,
            name=b.name,
            default_minutes=b.default_minutes,
            goal=b.goal,
            working_forms=b.working_forms,
            materials=b.materials,
            shared=b.organisation_id is None,
        ),
    )


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="Eén bijeenkomst")
@api_requires(Capability.PLAN_MEETINGS)
def read_meeting(request: ApiRequest, meeting_id: uuid.UUID) -> MeetingOut:
    return _meeting_out(_meeting(request, meeting_id))


@router.post(
    "/meetings/{meeting_id}/program", response={201: MeetingOut}, summary="Bouwsteen toevoegen"
)
@api_requires(Capability.PLAN_MEETINGS)
def add_block(request: ApiRequest, meeting_id: uuid.UUID, body: AddBlockIn) -> Status[Any]:
    meeting = _meeting(request, meeting_id)
    block = get_object_or_404(
        BuildingBlock.objects.available_to(meeting.organisation), uuid=body.block
    )
    services.add_block(actor=request.user, meeting=meeting, block=block, minutes=body.minutes)
    return Status(201, _meeting_out(meeting))


def _item(meeting: Meeting, item_id: uuid.UUID) -> ProgramItem:
    return get_object_or_404(
        ProgramItem.objects.select_related("meeting"), uuid=item_id, meeting=meeting
    )


@router.post(
    "/meetings/{meeting_id}/program/{item_id}/move",
    response=MeetingOut,
    summary="Bouwsteen verplaatsen",
)
@api_requires(Capability.PLAN_MEETINGS)
def move_block(
    request: ApiRequest, meeting_id: uuid.UUID, item_id: uuid.UUID, body: MoveIn
) -> MeetingOut:
    meeting = _meeting(request, meeting_id)
    services.move_block_to(actor=request.user, item=_item(meeting, item_id), position=body.position)
    return _meeting_out(meeting)


@router.put(
    "/meetings/{meeting_id}/program/{item_id}/minutes",
    response=MeetingOut,
    summary="Duur van een bouwsteen",
)
@api_requires(Capability.PLAN_MEETINGS)
def set_minutes(
    request: ApiRequest, meeting_id: uuid.UUID, item_id: uuid.UUID, body: MinutesIn
) -> MeetingOut:
    meeting = _meeting(request, meeting_id)
    services.set_block_minutes(
        actor=request.user, item=_item(meeting, item_id), minutes=body.minutes
    )
    return _meeting_out(meeting)


@router.post(
    "/meetings/{meeting_id}/finalise",
    response=MeetingOut,
    summary="Programma definitief maken (binnen de tijdslimiet)",
)
@api_requires(Capability.PLAN_MEETINGS)
def finalise(request: ApiRequest, meeting_id: uuid.UUID) -> MeetingOut:
    meeting = _meeting(request, meeting_id)
    services.finalise_program(actor=request.user, meeting=meeting)
    return _meeting_out(meeting)


@router.get(
    "/meetings/{meeting_id}/answers", response=Page[AnswerOut], summary="Antwoorden van genodigden"
)
@api_requires(Capability.PLAN_MEETINGS)
def list_answers(
    request: ApiRequest, meeting_id: uuid.UUID, page: Query[PageParams]
) -> Page[AnswerOut]:
    meeting = _meeting(request, meeting_id)
    found = MeetingInvitation.objects.filter(meeting=meeting)
    return page_of(
        found,
        page,
        lambda i: AnswerOut(
            id=i.uuid,
            email=i.email,
            answer=i.answer,
            profession=i.profession,
            domain=i.domain,
            organisation=i.organisation_name,
            elearning_completed=i.elearning_completed,
            waiting_position=i.waiting_position,
            attended=i.attended,
        ),
    )


def _grouping_out(meeting: Meeting, kind: str) -> GroupingOut:
    groups = list(
        MeetingGroup.objects.filter(meeting=meeting, kind=kind)
        .select_related("case_card")
        .prefetch_related("members")
    )
    rounds: dict[int, list[list[str]]] = {}
    for g in groups:
        rounds.setdefault(g.round_number, []).append([str(m.uuid) for m in g.members.all()])
    people = queries.people_of(MeetingInvitation.objects.filter(meeting=meeting).accepted())
    quality = evaluate([rounds[r] for r in sorted(rounds)], people)
    return GroupingOut(
        kind=kind,
        repeated_pairs=quality.repeated_pairs,
        same_profession_pairs=quality.same_profession_pairs,
        min_professions_per_group=quality.min_professions_per_group,
        groups=[
            GroupOut(
                id=g.uuid,
                round=g.round_number,
                number=g.number,
                members=[m.uuid for m in g.members.all()],
                case_card=g.case_card.title if g.case_card else None,
            )
            for g in groups
        ],
    )


@router.post(
    "/meetings/{meeting_id}/groups",
    response={201: GroupingOut},
    summary="Groepjes maken uit de toezeggingen",
)
@api_requires(Capability.PLAN_MEETINGS)
def form_groups(request: ApiRequest, meeting_id: uuid.UUID, body: GroupsIn) -> Status[Any]:
    meeting = _meeting(request, meeting_id)
    services.form_groups(actor=request.user, meeting=meeting, kind=body.kind, seed=body.seed)
    return Status(201, _grouping_out(meeting, body.kind))


@router.get(
    "/meetings/{meeting_id}/groups", response=list[GroupingOut], summary="De groepjes per soort"
)
@api_requires(Capability.PLAN_MEETINGS)
def read_groups(request: ApiRequest, meeting_id: uuid.UUID) -> list[GroupingOut]:
    meeting = _meeting(request, meeting_id)
    kinds = MeetingGroup.objects.filter(meeting=meeting).values_list("kind", flat=True).distinct()
    return [_grouping_out(meeting, kind) for kind in sorted(set(kinds))]


def _report_out(meeting: Meeting) -> ReportOut:
    report = services.report_of(meeting)
    return ReportOut(
        went_well=report.went_well,
        can_improve=report.can_improve,
        sent_at=report.sent_at,
        agreements=[
            AgreementOut(who=a.who, what=a.what, due_on=a.due_on, done=a.done_at is not None)
            for a in meeting.agreements.all()
        ],
    )


@router.get("/meetings/{meeting_id}/report", response=ReportOut, summary="Het verslag")
@api_requires(Capability.PLAN_MEETINGS)
def read_report(request: ApiRequest, meeting_id: uuid.UUID) -> ReportOut:
    return _report_out(_meeting(request, meeting_id))


@router.put("/meetings/{meeting_id}/report", response=ReportOut, summary="Het verslag schrijven")
@api_requires(Capability.PLAN_MEETINGS)
def write_report(request: ApiRequest, meeting_id: uuid.UUID, body: ReportIn) -> ReportOut:
    meeting = _meeting(request, meeting_id)
    services.save_report(
        actor=request.user, meeting=meeting, went_well=body.went_well, can_improve=body.can_improve
    )
    return _report_out(meeting)
