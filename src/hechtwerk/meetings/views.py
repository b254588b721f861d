"""Pages of the meeting planner: the organiser's list and planner, the invitee's answer page."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.models import Membership, User
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.access import log_access
from hechtwerk.core.audit import log_action
from hechtwerk.core.calendar import AMSTERDAM, CalendarEvent, calendar_response
from hechtwerk.core.charts import bar_chart
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.documents import file_response, render_pdf
from hechtwerk.core.errors import DomainError
from hechtwerk.core.exports import FORMATS, export_response, table_sheet
from hechtwerk.core.figures import Period, last_twelve_months, withheld_explanation
from hechtwerk.core.links import LinkError, LinkProblem, client_address
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.core.rendering import render_page

from . import figures, queries, rules, services
from .constants import GroupingKind, Profession
from .forms import (
    AddBlockForm,
    AgreementForm,
    AnswerForm,
    BoundForm,
    CaseCardForm,
    ChecklistForm,
    DetailsForm,
    FiguresPeriodForm,
    GroupsForm,
    InviteForm,
    LinkForm,
    MeetingForm,
    MinutesForm,
    MoveMemberForm,
    PositionForm,
    ReportForm,
    TaskForm,
)
from .grouping import evaluate
from .models import (
    Agreement,
    BuildingBlock,
    CaseCard,
    ChecklistItem,
    CooperationLink,
    Meeting,
    MeetingGroup,
    MeetingInvitation,
    ProgramItem,
    Task,
)


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


def _program_response(request: AuthedRequest, meeting: Meeting, anchor: str) -> HttpResponse:
    """With htmx, only the program section anew (messages in it); without, back to the page."""
    if getattr(request, "htmx", False):
        meeting.refresh_from_db()
        return render_page(
            request, "meetings/planner.html", _planner_context(meeting, request), partial="program"
        )
    return _to_planner(meeting, anchor)


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
    accepted = list(MeetingInvitation.objects.filter(meeting=meeting).accepted())
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
    return _program_response(request, meeting, "programma")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def move_block(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    item = _item(request, item_uuid)
    moved = services.move_block(
        actor=request.user, item=item, up=request.POST.get("direction") != "omlaag"
    )
    return _program_response(request, item.meeting, f"onderdeel-{moved.uuid}")


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
    return _program_response(request, item.meeting, f"onderdeel-{item.uuid}")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def remove_block(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    item = _item(request, item_uuid)
    meeting = item.meeting
    services.remove_block(actor=request.user, item=item)
    return _program_response(request, meeting, "programma")


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
    return _program_response(request, meeting, "programma")


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


# --- Program: a drag puts a block at a position ----------------------------------------------


@requires(Capability.PLAN_MEETINGS)
@require_POST
def move_block_to(request: AuthedRequest, item_uuid: uuid.UUID) -> HttpResponse:
    """The drag-and-drop enhancement's request; the omhoog/omlaag buttons do the same without."""
    item = _item(request, item_uuid)
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een plaats in het programma."))
        return _program_response(request, item.meeting, "programma")
    moved = services.move_block_to(
        actor=request.user, item=item, position=form.cleaned_data["position"]
    )
    return _program_response(request, item.meeting, f"onderdeel-{moved.uuid}")


# --- Details: practicalities, tasks, checklist, profession bounds -----------------------------


def _organisers(meeting: Meeting) -> list[tuple[str, str]]:
    """The coalition's people who can take on a task (by their user uuid... the pk is internal)."""
    users = User.objects.filter(
        memberships__in=Membership.objects.active().filter(organisation=meeting.organisation)
    ).distinct()
    return [(str(u.pk), str(u)) for u in users.order_by("email")]


def _details_context(meeting: Meeting, **forms_: Any) -> dict[str, Any]:
    initial = {name: getattr(meeting, name) for name in services.DETAIL_FIELDS}
    mix = queries.mix_of(meeting)
    labels = dict(Profession.choices)
    today = timezone.localdate()
    tasks = [
        (t, rules.task_is_late(due=t.due_on, done=t.done_at is not None, today=today))
        for t in meeting.tasks.select_related("organiser")
    ]
    return {
        "meeting": meeting,
        "form": forms_.get("form") or DetailsForm(initial=initial),
        "task_form": forms_.get("task_form") or TaskForm(organisers=_organisers(meeting)),
        "checklist_form": forms_.get("checklist_form") or ChecklistForm(),
        "bound_form": forms_.get("bound_form") or BoundForm(),
        "tasks": tasks,
        "checklist": meeting.checklist.all(),
        "bounds": meeting.bounds.all(),
        "below": [labels.get(p, p) for p in mix.below_minimum],
        "above": [labels.get(p, p) for p in mix.above_maximum],
    }


def _to_details(meeting: Meeting, anchor: str) -> HttpResponse:
    url = reverse("meetings:details", kwargs={"meeting_uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}")


@requires(Capability.PLAN_MEETINGS)
@require_http_methods(["GET", "POST"])
def details(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = DetailsForm(request.POST or None) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("De gegevens zijn bewaard."))
            return _to_details(meeting, "gegevens")
    return render(request, "meetings/details.html", _details_context(meeting, form=form))


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_task(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = TaskForm(request.POST, organisers=_organisers(meeting))
    if form.is_valid():
        organiser = (
            User.objects.filter(pk=form.cleaned_data["organiser"]).first()
            if form.cleaned_data["organiser"]
            else None
        )
        try:
            services.add_task(
                actor=request.user,
                meeting=meeting,
                description=form.cleaned_data["description"],
                organiser=organiser,
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De taak is toegevoegd."))
            return _to_details(meeting, "taken")
    return render(
        request, "meetings/details.html", _details_context(meeting, task_form=form), status=400
    )


def _done_flag(request: HttpRequest) -> bool:
    return request.POST.get("done") in ("1", "on", "ja")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def task_done(request: AuthedRequest, task_uuid: uuid.UUID) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related("meeting"),
        uuid=task_uuid,
        meeting__organisation=request.membership.organisation,
    )
    services.set_task_done(actor=request.user, task=task, done=_done_flag(request))
    if getattr(request, "htmx", False):
        return render_page(
            request, "meetings/details.html", _details_context(task.meeting), partial="tasks"
        )
    return _to_details(task.meeting, "taken")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_checklist_item(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.add_checklist_item(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Toegevoegd aan de lijst."))
            return _to_details(meeting, "benodigdheden")
    return render(
        request,
        "meetings/details.html",
        _details_context(meeting, checklist_form=form),
        status=400,
    )


@requires(Capability.PLAN_MEETINGS)
@require_POST
def checklist_arranged(request: AuthedRequest, checklist_uuid: uuid.UUID) -> HttpResponse:
    item = get_object_or_404(
        ChecklistItem.objects.select_related("meeting"),
        uuid=checklist_uuid,
        meeting__organisation=request.membership.organisation,
    )
    services.set_checklist_arranged(actor=request.user, item=item, arranged=_done_flag(request))
    if getattr(request, "htmx", False):
        return render_page(
            request, "meetings/details.html", _details_context(item.meeting), partial="checklist"
        )
    return _to_details(item.meeting, "benodigdheden")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def set_bound(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = BoundForm(request.POST)
    if form.is_valid():
        try:
            services.set_profession_bound(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De grens is bewaard."))
            return _to_details(meeting, "grenzen")
    return render(
        request, "meetings/details.html", _details_context(meeting, bound_form=form), status=400
    )


# --- Groups: by hand, case cards, the sheet ---------------------------------------------------


def _group(request: AuthedRequest, group_uuid: uuid.UUID) -> MeetingGroup:
    return get_object_or_404(
        MeetingGroup.objects.select_related("meeting", "case_card"),
        uuid=group_uuid,
        meeting__organisation=request.membership.organisation,
    )


def _groups_context(meeting: Meeting, *, opened: str = "") -> dict[str, Any]:
    people = queries.people_of(MeetingInvitation.objects.filter(meeting=meeting).accepted())
    kinds = []
    for kind in GroupingKind:
        groups = list(
            MeetingGroup.objects.filter(meeting=meeting, kind=kind)
            .select_related("case_card")
            .prefetch_related("members")
        )
        if not groups:
            continue
        rounds: dict[int, list[MeetingGroup]] = {}
        for g in groups:
            rounds.setdefault(g.round_number, []).append(g)
        quality = evaluate(
            [[[str(m.uuid) for m in g.members.all()] for g in rounds[r]] for r in sorted(rounds)],
            people,
        )
        kinds.append(
            {
                "kind": kind,
                "label": kind.label,
                "rounds": [
                    {
                        "number": number,
                        "key": round_key(kind, number),
                        "groups": rounds[number],
                        "people": sum(len(g.members.all()) for g in rounds[number]),
                    }
                    for number in sorted(rounds)
                ],
                "quality": quality,
            }
        )
    return {
        "meeting": meeting,
        "opened": opened,
        "kinds": kinds,
        "cards": CaseCard.objects.available_to(meeting.organisation),
        "card_form": CaseCardForm(),
    }


@requires(Capability.PLAN_MEETINGS)
@require_GET
def groups(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    context = _groups_context(meeting, opened=request.GET.get("open", "")[:40])
    return render(request, "meetings/groups.html", context)


def _to_groups(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("meetings:groups", kwargs={"meeting_uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


@requires(Capability.PLAN_MEETINGS)
@require_POST
def move_member(request: AuthedRequest, group_uuid: uuid.UUID) -> HttpResponse:
    group = _group(request, group_uuid)
    form = MoveMemberForm(request.POST)
    target = invitation = None
    if form.is_valid():
        target = MeetingGroup.objects.filter(
            uuid=form.cleaned_data["to_group"], meeting=group.meeting
        ).first()
        invitation = MeetingInvitation.objects.filter(
            uuid=form.cleaned_data["invitation"], meeting=group.meeting
        ).first()
    if target is None or invitation is None:
        messages.error(request, _("Kies het groepje waar deze deelnemer heen gaat."))
    else:
        try:
            services.move_member(
                actor=request.user, invitation=invitation, group=group, to_group=target
            )
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("De deelnemer is verplaatst; zie de nieuwe score."))
    if getattr(request, "htmx", False):
        return render_page(
            request, "meetings/groups.html", _groups_context(group.meeting), partial="kinds"
        )
    return _to_groups(group.meeting, f"indeling-{group.kind}")


PLACEMENT_PREFIX = "plaats-"
CARD_PREFIX = "kaart-"


def round_key(kind: str, round_number: int) -> str:
    """The id part of one round on the groups page (``gemengd-1``): its details and anchor."""
    return f"{kind}-{round_number}"


@requires(Capability.PLAN_MEETINGS)
@require_POST
def arrange_round(
    request: AuthedRequest, meeting_uuid: uuid.UUID, kind: str, round_number: int
) -> HttpResponse:
    """One form per round: a group per participant and a case card per group, saved at once."""
    meeting = _meeting(request, meeting_uuid)
    placements = {
        key.removeprefix(PLACEMENT_PREFIX): str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith(PLACEMENT_PREFIX)
    }
    cards = {
        key.removeprefix(CARD_PREFIX): str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith(CARD_PREFIX)
    }
    try:
        moved = services.arrange_round(
            actor=request.user,
            meeting=meeting,
            kind=kind,
            round_number=round_number,
            placements=placements,
            cards=cards,
        )
    except DomainError as error:
        _fail(request, error)
    else:
        if moved:
            messages.success(
                request,
                ngettext(
                    "Ronde %(r)s is bewaard; %(n)s deelnemer is verplaatst. Zie de nieuwe score.",
                    "Ronde %(r)s is bewaard; %(n)s deelnemers zijn verplaatst. Zie de nieuwe score.",
                    moved,
                )
                % {"r": round_number, "n": moved},
            )
        else:
            messages.success(request, _("Ronde %(r)s is bewaard.") % {"r": round_number})
    opened = round_key(kind, round_number)
    if getattr(request, "htmx", False):
        return render_page(
            request,
            "meetings/groups.html",
            _groups_context(meeting, opened=opened),
            partial="kinds",
        )
    url = reverse("meetings:groups", kwargs={"meeting_uuid": meeting.uuid})
    return redirect(f"{url}?{urlencode({'open': opened})}#ronde-{opened}")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def assign_card(request: AuthedRequest, group_uuid: uuid.UUID) -> HttpResponse:
    group = _group(request, group_uuid)
    raw = request.POST.get("card", "")
    card = None
    if raw:
        try:
            card = (
                CaseCard.objects.available_to(group.meeting.organisation).filter(uuid=raw).first()
            )
        except ValidationError:
            card = None
        if card is None:
            messages.error(request, _("Kies een casuskaart uit de lijst."))
            return _to_groups(group.meeting, f"groepje-{group.uuid}")
    services.assign_case_card(actor=request.user, group=group, card=card)
    messages.success(request, _("De casuskaart is bewaard."))
    return _to_groups(group.meeting, f"groepje-{group.uuid}")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_case_card(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    form = CaseCardForm(request.POST)
    if form.is_valid():
        try:
            services.add_case_card(
                actor=request.user, organisation=meeting.organisation, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De casuskaart is toegevoegd."))
            return _to_groups(meeting, "casuskaarten")
    context = _groups_context(meeting) | {"card_form": form}
    return render(request, "meetings/groups.html", context, status=400)


@requires(Capability.PLAN_MEETINGS)
@require_GET
def group_sheet(request: AuthedRequest, group_uuid: uuid.UUID) -> HttpResponse:
    """The sheet a group fills in: its case and three columns (medical risk, social risk,
    protective)."""
    group = _group(request, group_uuid)
    return render(
        request,
        "meetings/group_sheet.html",
        {"meeting": group.meeting, "group": group, "members": group.members.all()},
    )


# --- The printable pack -----------------------------------------------------------------------


@requires(Capability.PLAN_MEETINGS)
@require_GET
def pack(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Program with times and tasks, group lists per round, case cards, the checklist and an
    attendance list, as one tagged PDF."""
    meeting = _meeting(request, meeting_uuid)
    pdf = render_pdf(
        "meetings/pack.html",
        queries.pack_of(meeting),
        title=_("Draaiboek %(title)s") % {"title": meeting.title},
        language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl",
    )
    log_action(
        "meetings.pack.downloaded",
        actor=request.user,
        target=meeting,
        organisation=meeting.organisation,
    )
    return file_response(pdf, filename="draaiboek-bijeenkomst.pdf", content_type="application/pdf")


# --- After the meeting ------------------------------------------------------------------------


def _after_context(meeting: Meeting, **forms_: Any) -> dict[str, Any]:
    report = services.report_of(meeting)
    return {
        "meeting": meeting,
        "participants": MeetingInvitation.objects.filter(meeting=meeting).accepted(),
        "report": report,
        "report_form": forms_.get("report_form")
        or ReportForm(initial={"went_well": report.went_well, "can_improve": report.can_improve}),
        "agreements": meeting.agreements.all(),
        "agreement_form": forms_.get("agreement_form") or AgreementForm(),
        "links": meeting.links.all(),
        "link_form": forms_.get("link_form") or LinkForm(),
        "organisations": queries.participant_organisations(meeting),
        "map": queries.map_of(meeting),
        "contacts": queries.shared_contacts(meeting),
        "recipients": len(services.report_recipients(meeting)),
    }


def _to_after(meeting: Meeting, anchor: str) -> HttpResponse:
    url = reverse("meetings:after", kwargs={"meeting_uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}")


def _after_form_post(
    request: AuthedRequest,
    meeting: Meeting,
    form: Any,
    service: Callable[..., Any],
    *,
    success: str,
    anchor: str,
    form_key: str,
) -> HttpResponse:
    """A form of the after-meeting page: saved through its service and back to its part of the
    page, or the page again with the form's (or the service's) message and status 400."""
    if form.is_valid():
        try:
            service(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, success)
            return _to_after(meeting, anchor)
    return render(
        request, "meetings/after.html", _after_context(meeting, **{form_key: form}), status=400
    )


@requires(Capability.PLAN_MEETINGS)
@require_GET
def after(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    return render(request, "meetings/after.html", _after_context(meeting))


@requires(Capability.PLAN_MEETINGS)
@require_POST
def attendance(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    services.record_attendance(
        actor=request.user, meeting=meeting, present=set(request.POST.getlist("present"))
    )
    messages.success(request, _("De aanwezigheid is bewaard."))
    return _to_after(meeting, "aanwezigheid")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def save_report(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    return _after_form_post(
        request,
        meeting,
        ReportForm(request.POST),
        services.save_report,
        success=_("Het verslag is bewaard."),
        anchor="verslag",
        form_key="report_form",
    )


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_agreement(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    return _after_form_post(
        request,
        meeting,
        AgreementForm(request.POST),
        services.add_agreement,
        success=_("De afspraak is toegevoegd."),
        anchor="afspraken",
        form_key="agreement_form",
    )


@requires(Capability.PLAN_MEETINGS)
@require_POST
def agreement_done(request: AuthedRequest, agreement_uuid: uuid.UUID) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related("meeting"),
        uuid=agreement_uuid,
        meeting__organisation=request.membership.organisation,
    )
    services.set_agreement_done(actor=request.user, agreement=agreement, done=_done_flag(request))
    return _to_after(agreement.meeting, "afspraken")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def add_link(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    return _after_form_post(
        request,
        meeting,
        LinkForm(request.POST),
        services.add_cooperation_link,
        success=_("De samenwerking staat op de kaart."),
        anchor="samenwerking",
        form_key="link_form",
    )


@requires(Capability.PLAN_MEETINGS)
@require_POST
def remove_link(request: AuthedRequest, link_uuid: uuid.UUID) -> HttpResponse:
    link = get_object_or_404(
        CooperationLink.objects.select_related("meeting"),
        uuid=link_uuid,
        meeting__organisation=request.membership.organisation,
    )
    meeting = link.meeting
    services.remove_cooperation_link(actor=request.user, link=link)
    return _to_after(meeting, "samenwerking")


@requires(Capability.PLAN_MEETINGS)
@require_POST
def send_report(request: AuthedRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_uuid)
    try:
        sent = services.send_report(actor=request.user, meeting=meeting)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("Het verslag is naar %(n)s deelnemers gestuurd, elk met een eigen link.")
            % {"n": sent},
        )
    return _to_after(meeting, "versturen")


@public
@require_GET
def report_read(request: HttpRequest, meeting_uuid: uuid.UUID, token: str) -> HttpResponse:
    """The report for a participant behind the personal link from the mail."""
    meeting = Meeting.objects.filter(uuid=meeting_uuid).first()
    try:
        if meeting is None:
            raise LinkError(LinkProblem.UNKNOWN)
        services.reader_of_report(
            meeting=meeting, token=token, client_address=client_address(request)
        )
    except DomainError as error:
        return render(
            request, "meetings/answer_refused.html", {"message": error.message}, status=error.status
        )
    return render(
        request,
        "meetings/report_read.html",
        {
            "meeting": meeting,
            "report": services.report_of(meeting),
            "agreements": meeting.agreements.all(),
            "map": queries.map_of(meeting),
            "links": meeting.links.all(),
            "contacts": queries.shared_contacts(meeting),
        },
    )


# --- Figures for the coalition ----------------------------------------------------------------

FIGURES_DATA_CATEGORY = "cijfers bijeenkomsten"
WITHHELD_NOTE_ID = "cijfers-niet-getoond"


def _figures_form(request: AuthedRequest) -> FiguresPeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return FiguresPeriodForm(request.GET)
    default = last_twelve_months(timezone.localdate())
    return FiguresPeriodForm({"start": default.start.isoformat(), "end": default.end.isoformat()})


def _coalition_figures(request: AuthedRequest, form: FiguresPeriodForm) -> figures.Figures | None:
    if not form.is_valid():
        return None
    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    raw = figures.count_figures(
        request.membership.organisation_id, period, today=timezone.localdate()
    )
    return figures.present(raw, period)


def _figures_page(
    request: AuthedRequest, form: FiguresPeriodForm, shown: figures.Figures | None
) -> HttpResponse:
    return render(
        request,
        "meetings/figures.html",
        {
            "form": form,
            "figures": shown,
            "organisation": request.membership.organisation,
            "explanation": withheld_explanation(),
            "withheld_note": WITHHELD_NOTE_ID,
            "profession_chart": bar_chart(shown.professions) if shown else None,
        },
        status=200 if shown is not None or not form.is_bound else 400,
    )


@requires(Capability.PLAN_MEETINGS)
@require_GET
def coalition_figures(request: AuthedRequest) -> HttpResponse:
    """The coalition's own counts in a period: meetings held, participants by profession and
    domain, agreements made and done; small numbers withheld (T4.7)."""
    form = _figures_form(request)
    shown = _coalition_figures(request, form)
    if shown is not None:
        log_access(
            request,
            action=AccessAction.QUERY,
            data_category=FIGURES_DATA_CATEGORY,
            detail={"period": shown.period.as_detail()},
        )
    return _figures_page(request, form, shown)


@requires(Capability.PLAN_MEETINGS)
@require_GET
@rate_limited("export")
def coalition_figures_export(request: AuthedRequest) -> HttpResponse:
    """The same figures as CSV or XLSX (`?formaat=csv|xlsx` and the period); one EXPORT line in
    the access log (T1.3)."""
    form = _figures_form(request)
    shown = _coalition_figures(request, form)
    if shown is None:
        return _figures_page(request, form, None)
    fmt = request.GET.get("formaat", "")
    period = shown.period
    if fmt not in FORMATS:
        messages.error(request, _("Kies CSV of Excel (XLSX) om de cijfers te downloaden."))
        query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
        return redirect(f"{reverse('meetings:figures')}?{query}")
    log_access(
        request,
        action=AccessAction.EXPORT,
        data_category=FIGURES_DATA_CATEGORY,
        detail={"period": period.as_detail(), "format": fmt},
    )
    stem = f"cijfers-bijeenkomsten-{period.start.isoformat()}-tot-{period.end.isoformat()}"
    return export_response(fmt, stem, [table_sheet(t) for t in shown.tables()])
