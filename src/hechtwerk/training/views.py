"""The training pages: public courses and certificate verification, enrolment and "mijn
opleidingen" for participants, the trainer's attendance, and the provider beheerder's overview."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Membership, User
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.audit import log_action
from hechtwerk.core.calendar import (
    FEED_PURPOSE,
    calendar_response,
    issue_feed_link,
    resolve_feed,
)
from hechtwerk.core.documents import file_response, qr_svg, render_pdf
from hechtwerk.core.exports import FORMATS, export_response
from hechtwerk.core.links import LinkError, client_address
from hechtwerk.core.mail import absolute_url
from hechtwerk.core.models import SignedLink
from hechtwerk.core.ratelimit import rate_limited

from . import rules
from .calendar import session_event
from .constants import (
    ACTIVE,
    CourseKind,
    EditionStatus,
    EnrolmentStatus,
    IntakeStatus,
    Register,
    VatTreatment,
)
from .exports import register_sheet
from .forms import (
    CourseForm,
    CourseSessionFormSet,
    DatedSessionFormSet,
    EditionEditForm,
    EditionForm,
    IntakeDecisionForm,
    ParentEnrolForm,
    SupportGroupForm,
    course_initial,
)
from .measurement_views import task_link_text
from .measurements import tasks_of
from .models import (
    Attendance,
    Certificate,
    Course,
    Edition,
    EditionSession,
    Enrolment,
    SupportGroup,
)
from .services import (
    DatedSession,
    SeatTakenError,
    SessionPlan,
    TrainingError,
    accept_offer,
    cancel_edition,
    create_course,
    edition_status,
    enrol,
    join_waiting_list,
    normalise_code,
    record_attendance,
    release_seat,
    revoke_certificate,
    schedule_edition,
)
from .services.courses import (
    set_equivalents,
    set_intake_questions,
    set_measurement_versions,
    update_course,
)
from .services.editions import update_edition
from .services.intake import decide_intake
from .services.parents import (
    edition_for_link,
    enrol_parent,
    enrolment_for_place,
    issue_parent_link,
    parent_link_of,
    revoke_parent_link,
)
from .services.reminders import feed_owner, feed_url
from .services.support_groups import record_support_group

# Guessing verification codes: 20 lookups per 10 minutes per address.
VERIFY_LIMIT, VERIFY_PERIOD = 20, 600


def _with_status(editions: list[Edition]) -> list[tuple[Edition, EditionStatus]]:
    return [(e, EditionStatus(edition_status(e))) for e in editions]


# --- public ---------------------------------------------------------------------------------------


@public
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.published().select_related("organisation").prefetch_related("sessions")
    return render(request, "training/course_list.html", {"courses": courses})


@public
@require_GET
def course_detail(request: HttpRequest, course_uuid: uuid.UUID) -> HttpResponse:
    course = get_object_or_404(Course.objects.published(), uuid=course_uuid)
    editions = _with_status(list(course.editions.publicly_listed().prefetch_related("sessions")))
    listed = [(e, s) for e, s in editions if s in ("open", "vol")]
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "editions": listed,
            "accreditations": course.accreditations.all(),
            "prerequisites": course.prerequisites.select_related("required_course"),
            "registers": Register.choices,
            "intake_questions": list(course.intake_questions.all()),
        },
    )


@public
@require_GET
@rate_limited("verify", limit=VERIFY_LIMIT, period=VERIFY_PERIOD, key="ip")
def verify(request: HttpRequest) -> HttpResponse:
    """Valid, expired or revoked, with the course and date: nothing more (no name)."""
    typed = request.GET.get("code", "")[:40]
    certificate = None
    standing = None
    if typed:
        certificate = Certificate.objects.filter(verification_code=normalise_code(typed)).first()
        if certificate is not None:
            standing = rules.certificate_standing(
                revoked_at=certificate.revoked_at,
                valid_until=certificate.valid_until,
                today=timezone.localdate(),
            )
    return render(
        request,
        "training/verify.html",
        {"code": typed, "certificate": certificate, "standing": standing, "asked": bool(typed)},
    )


def intake_answers_from(data: Any, course: Course) -> dict[int, bool]:
    """The yes/no answers posted as `intake-<question uuid>` = "ja"/"nee"; others are ignored."""
    answers = {}
    for question in course.intake_questions.all():
        value = data.get(f"intake-{question.uuid}", "")
        if value in ("ja", "nee"):
            answers[question.pk] = value == "ja"
    return answers


@public
@require_GET
def edition_calendar(request: HttpRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    """The sessions of a listed edition as an .ics file (the public dates; no online link)."""
    edition = get_object_or_404(
        Edition.objects.publicly_listed().select_related("course"), uuid=edition_uuid
    )
    return calendar_response(
        [session_event(s, with_link=False) for s in edition.sessions.all()],
        filename=f"{edition.course.name} {edition.label}.ics",
    )


# --- participants ----------------------------------------------------------------------------------


@requires(Capability.ENROL_IN_COURSES)
@require_POST
def enrol_view(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.publicly_listed(), uuid=edition_uuid)
    register = request.POST.get("register", "")
    if register not in Register.values:
        register = ""
    try:
        if request.POST.get("action") == "wait":
            join_waiting_list(actor=request.user, edition=edition, user=request.user)
            messages.success(
                request,
                _("Je staat op de wachtlijst. Komt er een plaats vrij, dan krijg je een e-mail."),
            )
        else:
            enrol(
                actor=request.user,
                edition=edition,
                user=request.user,
                register=register,
                register_number=request.POST.get("register_number", "")[:30],
                intake_answers=intake_answers_from(request.POST, edition.course),
            )
            messages.success(
                request, _("Je bent ingeschreven. Je krijgt een bevestiging per e-mail.")
            )
    except SeatTakenError as error:
        messages.warning(request, str(error))
        return redirect("training:course", course_uuid=edition.course.uuid)
    except TrainingError as error:
        messages.error(request, str(error))
        return redirect("training:course", course_uuid=edition.course.uuid)
    return redirect("training:my_courses")


def _own_enrolment(request: AuthedRequest, enrolment_uuid: uuid.UUID) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.of_user(request.user).select_related("edition__course"),
        uuid=enrolment_uuid,
    )


@requires(Capability.ENROL_IN_COURSES)
@require_POST
def accept_view(request: AuthedRequest, enrolment_uuid: uuid.UUID) -> HttpResponse:
    enrolment = _own_enrolment(request, enrolment_uuid)
    try:
        accept_offer(actor=request.user, enrolment=enrolment)
        messages.success(request, _("Je hebt de plaats aangenomen."))
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:my_courses")


@requires(Capability.ENROL_IN_COURSES)
@require_POST
def withdraw_view(request: AuthedRequest, enrolment_uuid: uuid.UUID) -> HttpResponse:
    enrolment = _own_enrolment(request, enrolment_uuid)
    try:
        release_seat(actor=request.user, enrolment=enrolment)
        messages.success(request, _("Je bent afgemeld."))
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:my_courses")


@requires(Capability.ENROL_IN_COURSES)
@require_GET
def my_courses(request: AuthedRequest) -> HttpResponse:
    enrolments = list(
        Enrolment.objects.of_user(request.user)
        .select_related("edition__course")
        .prefetch_related("edition__sessions", "certificates")
        .order_by("-created_at")
    )
    for enrolment in enrolments:
        enrolment.tasks = task_rows(enrolment)  # type: ignore[attr-defined]
    return render(
        request,
        "training/my_courses.html",
        {"enrolments": enrolments, "active": ACTIVE, "now": timezone.now()},
    )


def task_rows(enrolment: Enrolment) -> list[dict[str, Any]]:
    """The measurements a participant still fills in or has done, with the link text."""
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return []
    return [
        {
            "moment": t.moment,
            "label": t.label,
            "done": t.done,
            "open": t.open,
            "link": task_link_text(t.moment),
        }
        for t in tasks_of(enrolment)
    ]


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The certificate as a tagged PDF with a QR code of its verification page."""
    url = absolute_url(reverse("training:verify")) + f"?code={certificate.verification_code}"
    return render_pdf(
        "training/certificate_pdf.html",
        {
            "certificate": certificate,
            "hours": rules.hours_attended([certificate.minutes_attended]),
            "accreditations": certificate.course.accreditations.all(),
            "trainers": certificate.enrolment.edition.trainers.all(),
            "verify_url": url,
            "qr": qr_svg(url, title=_("QR-code naar de verificatiepagina")),
        },
        title=_("Certificaat %(course)s") % {"course": certificate.course_name},
    )


@requires(Capability.ENROL_IN_COURSES)
@require_GET
def certificate_download(request: AuthedRequest, certificate_uuid: uuid.UUID) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.of_user(request.user).select_related("course", "enrolment__edition"),
        uuid=certificate_uuid,
    )
    return file_response(
        certificate_pdf_bytes(certificate),
        filename=f"certificaat-{certificate.verification_code}.pdf",
        content_type="application/pdf",
    )


# --- trainers ------------------------------------------------------------------------------------


@requires(Capability.TEACH_EDITIONS)
@require_GET
def teaching(request: AuthedRequest) -> HttpResponse:
    editions = list(
        Edition.objects.visible_to(request.membership)
        .select_related("course")
        .prefetch_related("sessions")
    )
    return render(request, "training/teaching.html", {"editions": _with_status(editions)})


def _taught_session(request: AuthedRequest, session_uuid: uuid.UUID) -> EditionSession:
    return get_object_or_404(
        EditionSession.objects.filter(
            edition__in=Edition.objects.visible_to(request.membership)
        ).select_related("edition__course"),
        uuid=session_uuid,
    )


@requires(Capability.TEACH_EDITIONS)
@require_GET
def session_attendance(request: AuthedRequest, session_uuid: uuid.UUID) -> HttpResponse:
    session = _taught_session(request, session_uuid)
    enrolments = list(
        session.edition.enrolments.filter(status="ingeschreven").select_related("user")
    )
    present = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "present")
    )
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "rows": [(e, present.get(e.pk)) for e in enrolments],
            "today": timezone.localdate(),
        },
    )


@requires(Capability.TEACH_EDITIONS)
@require_POST
def attendance_toggle(
    request: AuthedRequest, session_uuid: uuid.UUID, enrolment_uuid: uuid.UUID
) -> HttpResponse:
    session = _taught_session(request, session_uuid)
    enrolment = get_object_or_404(session.edition.enrolments, uuid=enrolment_uuid)
    stated = request.POST.get("minutes", "").strip()
    try:
        record_attendance(
            actor=request.user,
            session=session,
            enrolment=enrolment,
            present=request.POST.get("present") == "1",
            minutes=int(stated) if stated.isdigit() and len(stated) < 5 else None,
        )
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:session_attendance", session_uuid=session.uuid)


def _taught_edition(request: AuthedRequest, edition_uuid: uuid.UUID) -> Edition:
    return get_object_or_404(
        Edition.objects.visible_to(request.membership).select_related("course"),
        uuid=edition_uuid,
    )


@requires(Capability.TEACH_EDITIONS)
@require_GET
def intake(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    edition = _taught_edition(request, edition_uuid)
    applicants = list(
        edition.enrolments.exclude(intake_status="")
        .select_related("user")
        .prefetch_related("intake_answers__question")
        .order_by("enrolled_at", "id")
    )
    return render(
        request,
        "training/intake.html",
        {"edition": edition, "applicants": applicants, "form": IntakeDecisionForm()},
    )


@requires(Capability.TEACH_EDITIONS)
@require_POST
def intake_decide(request: AuthedRequest, enrolment_uuid: uuid.UUID) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.filter(
            edition__in=Edition.objects.visible_to(request.membership)
        ).select_related("edition"),
        uuid=enrolment_uuid,
    )
    form = IntakeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies plaatsen, aanhouden of niet plaatsen."))
    else:
        try:
            decide_intake(
                actor=request.user,
                enrolment=enrolment,
                decision=IntakeStatus(form.cleaned_data["decision"]),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Het besluit over de intake is vastgelegd."))
        except TrainingError as error:
            messages.error(request, str(error))
    return redirect("training:intake", edition_uuid=enrolment.edition.uuid)


# --- private calendar feeds -------------------------------------------------------------------------


@requires(Capability.ENROL_IN_COURSES)
@require_http_methods(["GET", "POST"])
def my_feed(request: AuthedRequest) -> HttpResponse:
    """Show whether a private feed exists, and make a new one (the old address stops working)."""
    owner = feed_owner(request.user.uuid)
    new_url = ""
    if request.method == "POST":
        _link, token = issue_feed_link(owner=owner, actor=request.user)
        new_url = feed_url(token)
    current = SignedLink.objects.usable().for_target(FEED_PURPOSE, "", owner).first()
    return render(request, "training/my_feed.html", {"current": current, "new_url": new_url})


@public
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's training sessions, as participant and as trainer, behind a private address."""
    try:
        owner = resolve_feed(token, client_address=client_address(request) or "")
    except LinkError as error:
        return _link_problem(request, error)
    prefix = "training-user:"
    if not owner.startswith(prefix):
        raise Http404
    user_uuid = owner[len(prefix) :]
    sessions = (
        EditionSession.objects.filter(
            Q(edition__enrolments__user__uuid=user_uuid, edition__enrolments__status__in=ACTIVE)
            | Q(edition__trainers__uuid=user_uuid)
        )
        .select_related("edition__course")
        .distinct()
    )
    return calendar_response(
        [session_event(s) for s in sessions],
        filename="opleidingen.ics",
        name=_("Opleidingen"),
        download=False,
    )


# --- parents: enrolment by link, their own place ----------------------------------------------


@requires(Capability.TEACH_EDITIONS)
@require_http_methods(["GET", "POST"])
def parent_link(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    """The trainer creates (or renews) and revokes the edition's enrolment link for parents."""
    edition = _taught_edition(request, edition_uuid)
    new_url = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                revoke_parent_link(actor=request.user, edition=edition)
                messages.success(request, _("De aanmeldlink werkt niet meer."))
            else:
                new_url = issue_parent_link(actor=request.user, edition=edition)
        except TrainingError as error:
            messages.error(request, str(error))
    return render(
        request,
        "training/parent_link.html",
        {"edition": edition, "link": parent_link_of(edition), "new_url": new_url},
    )


def _link_problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    return render(
        request, "training/link_problem.html", {"message": error.message}, status=error.status
    )


@public
@require_http_methods(["GET", "POST"])
def parent_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """A parent enrols with a first name or alias and an address: no account, nothing else."""
    try:
        edition = edition_for_link(token, client_address=client_address(request))
    except LinkError as error:
        return _link_problem(request, error)
    form = ParentEnrolForm(request.POST or None)
    status = EditionStatus(edition_status(edition))
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrol_parent(
                edition=edition,
                alias=form.cleaned_data["alias"],
                contact_email=form.cleaned_data["contact_email"],
                intake_answers=intake_answers_from(request.POST, edition.course),
                wait=request.POST.get("action") == "wait",
            )
        except TrainingError as error:
            form.add_domain_error(error)
        else:
            return render(request, "training/parent_enrolled.html", {"enrolment": enrolment})
    return render(
        request,
        "training/parent_enrol.html",
        {
            "edition": edition,
            "status": status,
            "form": form,
            "intake_questions": list(edition.course.intake_questions.all()),
        },
        status=400 if form.is_bound else 200,
    )


@public
@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, token: str) -> HttpResponse:
    """A parent's own place: dates, agenda file, accept an offered seat or cancel."""
    try:
        enrolment = enrolment_for_place(token, client_address=client_address(request))
    except LinkError as error:
        return _link_problem(request, error)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                accept_offer(actor=None, enrolment=enrolment)
                messages.success(request, _("Je hebt de plaats aangenomen."))
            elif request.POST.get("action") == "cancel":
                release_seat(actor=None, enrolment=enrolment)
                messages.success(request, _("Je bent afgemeld. Dank je wel voor het laten weten."))
        except TrainingError as error:
            messages.error(request, str(error))
        return redirect("training:place", token=token)
    enrolment.refresh_from_db()
    return render(
        request,
        "training/place.html",
        {
            "enrolment": enrolment,
            "sessions": list(enrolment.edition.sessions.all()),
            "active": enrolment.status in ACTIVE,
            "offered": enrolment.status == EnrolmentStatus.OFFERED,
            "feed_url": reverse("training:place_calendar", args=[token]),
            "tasks": task_rows(enrolment),
            "token": token,
        },
    )


@public
@require_GET
def place_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A parent's sessions as a calendar, behind the personal place link (with online links)."""
    try:
        enrolment = enrolment_for_place(token, client_address=client_address(request))
    except LinkError as error:
        return _link_problem(request, error)
    sessions = enrolment.edition.sessions.all() if enrolment.status in ACTIVE else []
    return calendar_response(
        [session_event(s) for s in sessions],
        filename="bijeenkomsten.ics",
        name=enrolment.edition.course.name,
        download=False,
    )


@requires(Capability.TEACH_EDITIONS)
@require_GET
def attendance_print(request: AuthedRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """A list to print and sign at the session, with what was recorded so far."""
    session = _taught_session(request, session_uuid)
    enrolments = list(
        session.edition.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("user")
    )
    recorded = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    return render(
        request,
        "training/attendance_print.html",
        {
            "session": session,
            "rows": [(e, recorded.get(e.pk)) for e in enrolments],
            "trainers": session.edition.trainers.all(),
        },
    )


@requires(Capability.TEACH_EDITIONS)
@require_http_methods(["GET", "POST"])
def support_group(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    """After the last meeting: did the group go on as a support group, who leads it, when met."""
    edition = _taught_edition(request, edition_uuid)
    group = SupportGroup.objects.filter(edition=edition).prefetch_related("meetings").first()
    if request.method == "POST":
        form = SupportGroupForm(request.POST)
        if form.is_valid():
            try:
                record_support_group(
                    actor=request.user,
                    edition=edition,
                    started=form.cleaned_data["started"],
                    leader_alias=form.cleaned_data["leader_alias"],
                    meeting_dates=form.cleaned_data["meeting_dates"],
                )
            except TrainingError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("De supportgroep is vastgelegd."))
                return redirect("training:support_group", edition_uuid=edition.uuid)
    else:
        form = SupportGroupForm(
            initial={
                "started": group.started if group else False,
                "leader_alias": group.leader_alias if group else "",
                "meeting_dates": "\n".join(f"{m.date:%d-%m-%Y}" for m in group.meetings.all())
                if group
                else "",
            }
        )
    return render(
        request,
        "training/support_group.html",
        {"edition": edition, "group": group, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- the provider's beheerder ---------------------------------------------------------------------


@requires(Capability.MANAGE_OWN_COURSES)
@require_GET
def manage(request: AuthedRequest) -> HttpResponse:
    courses = Course.objects.of_organisation(request.membership.organisation_id).prefetch_related(
        "editions__sessions"
    )
    rows = [(c, _with_status(list(c.editions.all()))) for c in courses]
    return render(request, "training/manage.html", {"rows": rows})


def _managed_edition(request: AuthedRequest, edition_uuid: uuid.UUID) -> Edition:
    return get_object_or_404(
        Edition.objects.of_organisation(request.membership.organisation_id).select_related(
            "course"
        ),
        uuid=edition_uuid,
    )


@requires(Capability.MANAGE_OWN_COURSES)
@require_GET
def edition_manage(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    edition = _managed_edition(request, edition_uuid)
    sessions = list(edition.sessions.all())
    enrolments = list(edition.enrolments.select_related("user").prefetch_related("certificates"))
    absg_due = (
        rules.absg_report_due(sessions[-1].date)
        if sessions and edition.course.accreditations.filter(register=Register.ABSG).exists()
        else None
    )
    return render(
        request,
        "training/edition_manage.html",
        {
            "edition": edition,
            "status": EditionStatus(edition_status(edition)),
            "sessions": sessions,
            "enrolments": enrolments,
            "absg_due": absg_due,
            "registers": [
                (a.register, a.get_register_display()) for a in edition.course.accreditations.all()
            ],
        },
    )


@requires(Capability.MANAGE_OWN_COURSES)
@require_GET
def register_export(
    request: AuthedRequest, edition_uuid: uuid.UUID, register: str, fmt: str
) -> HttpResponse:
    """Participants who want points, as the register asks them (CSV or XLSX); logged."""
    edition = _managed_edition(request, edition_uuid)
    if register not in Register.values or fmt not in FORMATS:
        raise Http404
    sheet = register_sheet(edition, Register(register))
    log_action(
        "training.register.exported",
        actor=request.user,
        target=edition,
        organisation=request.membership.organisation,
        data={"register": register, "rows": len(sheet.rows) - 1, "format": fmt},
    )
    return export_response(fmt, f"{register}-{edition.label}", [sheet])


@requires(Capability.MANAGE_OWN_COURSES)
@require_POST
def edition_cancel(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    edition = _managed_edition(request, edition_uuid)
    try:
        cancel_edition(
            actor=request.user, edition=edition, reason=request.POST.get("reason", "")[:300]
        )
        messages.success(request, _("De uitvoering is geannuleerd; iedereen krijgt bericht."))
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:edition_manage", edition_uuid=edition.uuid)


@requires(Capability.MANAGE_OWN_COURSES)
@require_POST
def certificate_revoke(request: AuthedRequest, certificate_uuid: uuid.UUID) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.filter(course__organisation_id=request.membership.organisation_id),
        uuid=certificate_uuid,
    )
    try:
        revoke_certificate(
            actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")[:300]
        )
        messages.success(request, _("Het certificaat is ingetrokken."))
    except TrainingError as error:
        messages.error(request, str(error))
    return redirect("training:edition_manage", edition_uuid=certificate.enrolment.edition.uuid)


# --- the beheerder's course and edition forms -----------------------------------------------------


def _managed_course(request: AuthedRequest, course_uuid: uuid.UUID) -> Course:
    return get_object_or_404(
        Course.objects.of_organisation(request.membership.organisation_id), uuid=course_uuid
    )


def _session_plans(formset: Any) -> list[SessionPlan]:
    return [
        SessionPlan(
            topic=form.cleaned_data["topic"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            break_minutes=form.cleaned_data.get("break_minutes") or 0,
            contents=form.cleaned_data.get("contents", ""),
        )
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("topic")
    ]


def _course_form_page(
    request: AuthedRequest, form: CourseForm, formset: Any, course: Course | None
) -> HttpResponse:
    return render(
        request,
        "training/course_form.html",
        {"form": form, "formset": formset, "course": course},
        status=400 if form.is_bound else 200,
    )


@transaction.atomic
def _save_course(
    request: AuthedRequest, form: CourseForm, formset: Any, course: Course | None
) -> Course:
    data = form.cleaned_data
    common: dict[str, Any] = {
        "name": data["name"],
        "kind": CourseKind(data["kind"]),
        "sessions": _session_plans(formset),
        "summary": data["summary"],
        "target_roles": data["target_roles"],
        "group_min": data["group_min"],
        "group_max": data["group_max"],
        "price_excl_vat": data["price_excl_vat"],
        "vat_treatment": VatTreatment(data["vat_treatment"]),
        "price_note": data["price_note"],
        "prerequisite_note": data["prerequisite_note"],
        "attendance_threshold": data["attendance_threshold"],
        "test_required": data["test_required"],
        "evaluation_required": data["evaluation_required"],
        "issues_certificate": data["issues_certificate"],
        "certificate_valid_months": data["certificate_valid_months"],
        "accreditations": form.accreditations(),
        "requires": list(data["requires"]),
    }
    if course is None:
        course = create_course(
            actor=request.user, organisation=request.membership.organisation, **common
        )
    else:
        course = update_course(actor=request.user, course=course, **common)
    set_equivalents(
        actor=request.user, course=course, equivalents=list(data["equivalents"]), reason=""
    )
    set_intake_questions(actor=request.user, course=course, questions=form.questions())
    set_measurement_versions(
        actor=request.user,
        course=course,
        nulmeting=data["nulmeting_version"],
        test=data["test_version"],
        evaluation=data["evaluation_version"],
    )
    return course


def _course_form_view(request: AuthedRequest, course: Course | None) -> HttpResponse:
    if request.method != "POST":
        initial = course_initial(course) if course else {}
        sessions = (
            [
                {
                    "topic": s.topic,
                    "duration_minutes": s.duration_minutes,
                    "break_minutes": s.break_minutes,
                    "contents": s.contents,
                }
                for s in course.sessions.all()
            ]
            if course
            else []
        )
        form = CourseForm(initial=initial, course=course)
        formset = CourseSessionFormSet(initial=sessions, prefix="sessions")
        return _course_form_page(request, form, formset, course)
    form = CourseForm(request.POST, course=course)
    formset = CourseSessionFormSet(request.POST, prefix="sessions")
    if form.is_valid() and formset.is_valid():
        try:
            saved = _save_course(request, form, formset, course)
        except TrainingError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De cursus is opgeslagen."))
            return redirect("training:course_edit", course_uuid=saved.uuid)
    return _course_form_page(request, form, formset, course)


@requires(Capability.MANAGE_OWN_COURSES)
@require_http_methods(["GET", "POST"])
def course_new(request: AuthedRequest) -> HttpResponse:
    return _course_form_view(request, None)


@requires(Capability.MANAGE_OWN_COURSES)
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthedRequest, course_uuid: uuid.UUID) -> HttpResponse:
    return _course_form_view(request, _managed_course(request, course_uuid))


def _provider_trainers(request: AuthedRequest) -> dict[str, User]:
    memberships = Membership.objects.filter(
        organisation_id=request.membership.organisation_id, role=Role.TRAINER, is_active=True
    ).select_related("user")
    return {str(m.user.uuid): m.user for m in memberships}


def _dated_sessions(formset: Any) -> list[DatedSession]:
    """The dated sessions of an edition's session rows (empty rows left out)."""
    return [
        DatedSession(
            date=f.cleaned_data["date"],
            start_time=f.cleaned_data["start_time"],
            end_time=f.cleaned_data["end_time"],
            place=f.cleaned_data.get("place", ""),
            online_url=f.cleaned_data.get("online_url", ""),
        )
        for f in formset.forms
        if f.cleaned_data
    ]


def _show_edition_error(form: Any, formset: Any, error: TrainingError) -> None:
    """A refusal about one session goes on that session's row; any other on the form."""
    number = error.extra.get("session")
    if number and 0 < number <= len(formset.forms):
        formset.forms[number - 1].add_error(None, error.message)
    else:
        form.add_domain_error(error)


def _session_rows(formset: Any, topics: list[str]) -> list[tuple[Any, str]]:
    """Each session row with the course's topic for it (rows beyond the topics have none)."""
    return list(zip(formset.forms, [*topics, *([""] * len(formset.forms))], strict=False))


@requires(Capability.MANAGE_OWN_COURSES)
@require_http_methods(["GET", "POST"])
def edition_new(request: AuthedRequest, course_uuid: uuid.UUID) -> HttpResponse:
    course = _managed_course(request, course_uuid)
    trainers = _provider_trainers(request)
    choices = [(key, user.get_full_name() or user.email) for key, user in trainers.items()]
    topics = [s.topic for s in course.sessions.all()]
    if request.method != "POST":
        form = EditionForm(
            trainers=choices,
            initial={"min_participants": course.group_min, "max_participants": course.group_max},
        )
        formset = DatedSessionFormSet(prefix="sessions", initial=[{} for _topic in topics])
    else:
        form = EditionForm(request.POST, trainers=choices)
        formset = DatedSessionFormSet(request.POST, prefix="sessions")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                edition = schedule_edition(
                    actor=request.user,
                    course=course,
                    label=data["label"],
                    place=data["place"],
                    min_participants=data["min_participants"],
                    max_participants=data["max_participants"],
                    trainers=[trainers[key] for key in data["trainers"]],
                    publish=data["publish"],
                    sessions=_dated_sessions(formset),
                )
            except TrainingError as error:
                _show_edition_error(form, formset, error)
            else:
                messages.success(request, _("De uitvoering is gepland."))
                return redirect("training:edition_manage", edition_uuid=edition.uuid)
    rows = _session_rows(formset, topics)
    return render(
        request,
        "training/edition_form.html",
        {"course": course, "form": form, "formset": formset, "rows": rows},
        status=400 if form.is_bound else 200,
    )


@requires(Capability.MANAGE_OWN_COURSES)
@require_http_methods(["GET", "POST"])
def edition_edit(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    """Change a scheduled edition: name, place, trainers, capacity, dates and times."""
    edition = _managed_edition(request, edition_uuid)
    trainers = _provider_trainers(request)
    for user in edition.trainers.all():  # a trainer who left keeps their place on the edition
        trainers.setdefault(str(user.uuid), user)
    choices = [(key, user.get_full_name() or user.email) for key, user in trainers.items()]
    sessions = list(edition.sessions.order_by("order"))
    if request.method != "POST":
        form = EditionEditForm(
            trainers=choices,
            initial={
                "label": edition.label,
                "place": edition.place,
                "min_participants": edition.min_participants,
                "max_participants": edition.max_participants,
                "trainers": [str(t.uuid) for t in edition.trainers.all()],
            },
        )
        formset = DatedSessionFormSet(
            prefix="sessions",
            initial=[
                {
                    "date": s.date,
                    "start_time": s.start_time,
                    "end_time": s.end_time,
                    "place": "" if s.place == edition.place else s.place,
                    "online_url": s.online_url,
                }
                for s in sessions
            ],
        )
    else:
        form = EditionEditForm(request.POST, trainers=choices)
        formset = DatedSessionFormSet(request.POST, prefix="sessions")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                update_edition(
                    actor=request.user,
                    edition=edition,
                    label=data["label"],
                    place=data["place"],
                    min_participants=data["min_participants"],
                    max_participants=data["max_participants"],
                    trainers=[trainers[key] for key in data["trainers"]],
                    sessions=_dated_sessions(formset),
                )
            except TrainingError as error:
                _show_edition_error(form, formset, error)
            else:
                messages.success(request, _("De uitvoering is gewijzigd."))
                return redirect("training:edition_manage", edition_uuid=edition.uuid)
    topics = [s.topic for s in sessions]
    rows = _session_rows(formset, topics)
    return render(
        request,
        "training/edition_edit.html",
        {"edition": edition, "form": form, "formset": formset, "rows": rows},
        status=400 if form.is_bound else 200,
    )
