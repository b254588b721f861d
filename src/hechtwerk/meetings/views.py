"""Pages of the meeting planner: the organiser's list and planner, the invitee's answer page."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.calendar import AMSTERDAM, CalendarEvent, calendar_response
from hechtwerk.core.errors import DomainError
from hechtwerk.core.links import LinkError, LinkProblem, client_address

from . import queries, services
from .constants import GroupingKind, Profession
from .forms import AddBlockForm, AnswerForm, GroupsForm, InviteForm, MeetingForm, MinutesForm
from .grouping import evaluate
from .models import BuildingBlock, Invitation, Meeting, ProgramItem


def _meeting(request: AuthedRequest, meeting_uuid: uuid.UUID) -> Meeting:
    """A meeting of the acting coalition; another coalition's meeting is a 404."""
    return get_object_or_404(
        Meeting, uuid=meeting_uuid, organisation=request.membership.organisation
    )


def _item(request: AuthedRequest, item_uuid: uuid.UUID) -> ProgramItem:
    return get_object_or_404(
        ProgramItem.objects.select_related("meeting"),
        uuid=item_uuid,
        meeting__organisation=request.membership.organisation,
    )


def _to_planner(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("meetings:planner", kwargs={"meeting_uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


@requires(Capability.PLAN_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_list(request: AuthedRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De bijeenkomst is aangemaakt."))
            return _to_planner(meeting)
    meetings = Meeting.objects.of_organisation(organisation)
    return render(request, "meetings/list.html", {"meetings": meetings, "form": form})


def _planner_context(meeting: Meeting, request: AuthedRequest) -> dict[str, Any]:
    items = list(meeting.items.select_related("block"))
    program = queries.program_of(meeting)
    accepted = list(Invitation.objects.filter(meeting=meeting).accepted())
    people = queries.people_of(accepted)
    groups = {}
    for kind in GroupingKind:
        found = queries.groups_of(meeting, kind)
        if found:
            rounds: dict[int, list[list[str]]] = {}
            for g in found:
                rounds.setdefault(g.round_number, []).append([str(m.uuid) for m in g.members])
            quality = evaluate([rounds[r] for r in sorted(rounds)], people)
            groups[kind] = {"label": kind.label, "groups": found, "quality": quality}
    professions = dict(Profession.choices)
    mix = queries.mix_of(meeting)
    return {
        "meeting": meeting,
        "rows": list(zip(items, program.items, strict=True)),
        "program": program,
        "library": BuildingBlock.objects.available_to(meeting.organisation),
        "warnings": queries.warnings_for(meeting),
        "timeline": queries.timeline_of(meeting),
        "invitations": meeting.invitations.all(),
        "mix_rows": [(professions.get(p, p), n) for p, n in sorted(mix.by_profession.items())],
        "mix": mix,
        "groups": groups,
        "grouping_kinds": GroupingKind.choices,
        "invite_form": InviteForm(),
    }


@requires(Capability.PLAN_MEETINGS)
@require_GET
def planner(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    return render(request, "meetings/planner.html", _planner_context(meeting, request))


def _fail(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_block(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = AddBlockForm(request.POST)
    block = None
    if form.is_valid():
        block = (
            BuildingBlock.objects.available_to(meeting.organisation)
            .filter(uuid=form.cleaned_data["block"])
            .first()
        )
    if block is None:
        messages.error(request, _("Kies een bouwsteen uit de bibliotheek."))
    else:
        try:
            services.add_block(actor=request.user, meeting=meeting, block=block)
        except DomainError as error:
            _fail(request, error)
    return _to_planner(meeting, "programma")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def move_block(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    item = _item(request, item_uuid)
    moved = services.move_block(
        actor=request.user, item=item, up=request.POST.get("direction") != "omlaag"
    )
    return _to_planner(item.meeting, f"onderdeel-{moved.uuid}")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def set_minutes(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    item = _item(request, item_uuid)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een duur in van 1 tot 480 minuten."))
    else:
        try:
            services.set_block_minutes(
                actor=request.user, item=item, minutes=form.cleaned_data["minutes"]
            )
        except DomainError as error:
            _fail(request, error)
    return _to_planner(item.meeting, f"onderdeel-{item.uuid}")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def remove_block(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    item = _item(request, item_uuid)
    meeting = item.meeting
    services.remove_block(actor=request.user, item=item)
    return _to_planner(meeting, "programma")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def finalise(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    try:
        services.finalise_program(actor=request.user, meeting=meeting)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Het programma is definitief."))
    return _to_planner(meeting, "programma")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def invite(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldig e-mailadres in."))
        return _to_planner(meeting, "deelnemers")
    try:
        _invitation, warning = services.invite_participant(
            actor=request.user, meeting=meeting, email=form.cleaned_data["email"]
        )
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("De uitnodiging is verstuurd."))
        if warning is not None:
            messages.warning(request, warning.message)
    return _to_planner(meeting, "deelnemers")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def form_groups(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = GroupsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een soort indeling."))
        return _to_planner(meeting, "groepjes")
    try:
        services.form_groups(actor=request.user, meeting=meeting, kind=form.cleaned_data["kind"])
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("De groepjes zijn gemaakt."))
    return _to_planner(meeting, "groepjes")


@public
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, meeting_uuid: uuid.UUID, token: str) -> HttpResponse:
    """The invitee's page behind the signed link: yes, no or maybe, without an account."""
    meeting = Meeting.objects.filter(uuid=meeting_uuid).first()
    address = client_address(request)
    try:
        if meeting is None:
            raise LinkError(LinkProblem.UNKNOWN)
        invitation = services.invitation_for_link(
            meeting=meeting, token=token, client_address=address
        )
    except DomainError as error:
        return render(
            request, "meetings/answer_refused.html", {"message": error.message}, status=error.status
        )
    initial = {
        "answer": invitation.answer if invitation.answer != "open" else "",
        "profession": invitation.profession,
        "domain": invitation.domain,
        "organisation_name": invitation.organisation_name,
        "elearning_completed": invitation.elearning_completed,
        "consent_share_contact": invitation.consent_share_contact,
    }
    form = AnswerForm(request.POST or None, initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.answer_invitation(
                meeting=meeting, token=token, client_address=None, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
    program = queries.program_of(meeting)
    return render(
        request,
        "meetings/answer.html",
        {"meeting": meeting, "form": form, "saved": saved, "program": program},
    )


@public
@require_GET
def answer_calendar(request: HttpRequest, meeting_uuid: uuid.UUID, token: str) -> HttpResponse:
    """The meeting as an agenda file, for whoever holds an answer link of it."""
    meeting = Meeting.objects.filter(uuid=meeting_uuid).first()
    try:
        if meeting is None:
            raise LinkError(LinkProblem.UNKNOWN)
        services.invitation_for_link(
            meeting=meeting, token=token, client_address=client_address(request)
        )
    except DomainError as error:
        return render(
            request, "meetings/answer_refused.html", {"message": error.message}, status=error.status
        )
    program = queries.program_of(meeting)
    start = datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=AMSTERDAM)
    minutes = program.total_minutes or meeting.time_limit_minutes
    event = CalendarEvent(
        uid=meeting.uuid,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        summary=meeting.title,
        location=meeting.place,
        url=request.build_absolute_uri(),
    )
    return calendar_response([event], filename="bijeenkomst.ics")
