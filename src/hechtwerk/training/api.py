"""API of the training capability: the public course catalogue and open editions, enrolment,
withdrawal, the waiting list and accepting an offered seat for the signed-in professional,
attendance for the edition's trainer, an edition's measurement summary for its trainer and the
provider's beheerder, and certificate verification (public, rate-limited as the page).

Errors have the project's one shape (`hechtwerk.core.errors`); lists are paged with `limit` and
`offset`. Another person's enrolment, or an edition the caller does not teach, is a 404."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from hechtwerk.accounts.capabilities import Capability, can
from hechtwerk.accounts.permissions import api_member, api_public, api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.audit import log_action
from hechtwerk.core.paging import Page, PageParams, page_of
from hechtwerk.core.ratelimit import RateLimitedError, hit, request_key

from . import rules
from .constants import Register
from .measurements import edition_evaluation_summary
from .models import Certificate, Course, Edition, EditionSession, Enrolment
from .services import (
    accept_offer,
    edition_status,
    enrol,
    join_waiting_list,
    normalise_code,
    record_attendance,
    release_seat,
)

router = Router(tags=["opleidingen"])

# The same limit as the verification page, counted together with it per address.
VERIFY_LIMIT, VERIFY_PERIOD = 20, 600


# --- schemas ----------------------------------------------------------------------------------


class CourseSessionOut(Schema):
    order: int
    topic: str
    duration_minutes: int
    break_minutes: int


class AccreditationOut(Schema):
    scheme: str = Field(description="Het register: absg, vvn of skj.")
    points: Decimal


class CourseOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    summary: str
    provider: str
    group_min: int
    group_max: int
    price_excl_vat: Decimal
    vat_treatment: str
    sessions: list[CourseSessionOut]
    accreditations: list[AccreditationOut]


class EditionSessionOut(Schema):
    id: uuid.UUID
    order: int
    topic: str
    date: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    place: str


class EditionOut(Schema):
    id: uuid.UUID
    course: uuid.UUID
    course_name: str
    label: str
    place: str
    status: str
    min_participants: int
    max_participants: int
    seats_free: int
    sessions: list[EditionSessionOut]


class EnrolmentOut(Schema):
    id: uuid.UUID
    edition: uuid.UUID
    course_name: str
    status: str
    offer_expires_at: datetime.datetime | None


class EnrolIn(Schema):
    points_register: Register | None = Field(
        None, description="Alleen wie accreditatiepunten wil: absg, vvn of skj."
    )
    register_number: str = Field("", max_length=30)
    intake_answers: dict[uuid.UUID, bool] = Field(
        default_factory=dict, description="Per intakevraag (uuid) ja (true) of nee (false)."
    )


class AttendanceIn(Schema):
    present: bool
    minutes: int | None = Field(
        None, ge=0, le=1440, description="Netto minuten aanwezig; leeg: de hele bijeenkomst."
    )


class AttendanceOut(Schema):
    session: uuid.UUID
    enrolment: uuid.UUID
    present: bool
    minutes: int


class KnowledgeGainOut(Schema):
    pairs: int | None = Field(description="Deelnemers met nulmeting én toets; leeg: niet getoond.")
    mean_before: float | None
    mean_after: float | None
    mean_gain: float | None


class OptionCountOut(Schema):
    code: str
    label: str
    count: int | None
    percentage: int | None


class QuestionCountOut(Schema):
    item: str
    text: str
    total: int | None
    options: list[OptionCountOut]


class SummaryOut(Schema):
    edition: uuid.UUID
    respondents: int | None = Field(description="Ingevulde evaluaties; leeg: niet getoond (< 5).")
    nulmeting: int | None
    toets: int | None
    knowledge_gain: KnowledgeGainOut
    test_pass_rate: int | None
    evaluation: list[QuestionCountOut]
    suppressed: bool
    threshold: int


class VerifyQuery(Schema):
    code: str = Field(min_length=1, max_length=40, description="De verificatiecode.")


class VerificationOut(Schema):
    found: bool
    standing: str | None = Field(None, description="geldig, verlopen of ingetrokken.")
    course: str | None = None
    issued_on: datetime.date | None = None


class EditionFilter(PageParams):
    course: uuid.UUID | None = Field(None, description="Alleen uitvoeringen van deze cursus.")


# --- conversions ------------------------------------------------------------------------------


def _course_out(course: Course) -> CourseOut:
    return CourseOut(
        id=course.uuid,
        name=course.name,
        kind=course.kind,
        summary=course.summary,
        provider=course.organisation.name,
        group_min=course.group_min,
        group_max=course.group_max,
        price_excl_vat=course.price_excl_vat,
        vat_treatment=course.vat_treatment,
        sessions=[
            CourseSessionOut(
                order=s.order,
                topic=s.topic,
                duration_minutes=s.duration_minutes,
                break_minutes=s.break_minutes,
            )
            for s in course.sessions.all()
        ],
        accreditations=[
            AccreditationOut(scheme=a.register, points=a.points)
            for a in course.accreditations.all()
        ],
    )


def _session_out(session: EditionSession) -> EditionSessionOut:
    return EditionSessionOut(
        id=session.uuid,
        order=session.order,
        topic=session.topic,
        date=session.date,
        start=session.starts_at,
        end=session.ends_at,
        place=session.place,
    )


def _edition_out(edition: Edition) -> EditionOut:
    return EditionOut(
        id=edition.uuid,
        course=edition.course.uuid,
        course_name=edition.course.name,
        label=edition.label,
        place=edition.place,
        status=edition_status(edition),
        min_participants=edition.min_participants,
        max_participants=edition.max_participants,
        seats_free=rules.seats_free(capacity=edition.max_participants, taken=edition.seats_taken()),
        sessions=[_session_out(s) for s in edition.sessions.all()],
    )


def _enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        id=enrolment.uuid,
        edition=enrolment.edition.uuid,
        course_name=enrolment.edition.course.name,
        status=enrolment.status,
        offer_expires_at=enrolment.offer_expires_at,
    )


def _listed_editions() -> Any:
    return (
        Edition.objects.publicly_listed()
        .select_related("course")
        .prefetch_related("sessions")
        .order_by("created_at", "id")
    )


# --- the public catalogue ---------------------------------------------------------------------


@router.get(
    "/training/courses",
    auth=None,
    response=Page[CourseOut],
    summary="Gepubliceerde cursussen, met bijeenkomsten en accreditatie",
)
@api_public
def list_courses(request: HttpRequest, page: Query[PageParams]) -> Page[CourseOut]:
    courses = (
        Course.objects.published()
        .select_related("organisation")
        .prefetch_related("sessions", "accreditations")
        .order_by("name", "id")
    )
    return page_of(courses, page, _course_out)


@router.get("/training/courses/{course_id}", auth=None, response=CourseOut, summary="Eén cursus")
@api_public
def read_course(request: HttpRequest, course_id: uuid.UUID) -> CourseOut:
    course = get_object_or_404(
        Course.objects.published().select_related("organisation"), uuid=course_id
    )
    return _course_out(course)


@router.get(
    "/training/editions",
    auth=None,
    response=Page[EditionOut],
    summary="Aangeboden uitvoeringen (niet geannuleerd), met data en vrije plaatsen",
)
@api_public
def list_editions(request: HttpRequest, filters: Query[EditionFilter]) -> Page[EditionOut]:
    editions = _listed_editions()
    if filters.course is not None:
        editions = editions.filter(course__uuid=filters.course)
    return page_of(editions, filters, _edition_out)


@router.get(
    "/training/editions/{edition_id}", auth=None, response=EditionOut, summary="Eén uitvoering"
)
@api_public
def read_edition(request: HttpRequest, edition_id: uuid.UUID) -> EditionOut:
    return _edition_out(get_object_or_404(_listed_editions(), uuid=edition_id))


# --- the signed-in professional ---------------------------------------------------------------


@router.get(
    "/training/enrolments",
    response=Page[EnrolmentOut],
    summary="Mijn inschrijvingen (ook wachtlijst en aangeboden plaatsen)",
)
@api_requires(Capability.ENROL_IN_COURSES)
def list_my_enrolments(request: ApiRequest, page: Query[PageParams]) -> Page[EnrolmentOut]:
    enrolments = (
        Enrolment.objects.of_user(request.user)
        .select_related("edition__course")
        .order_by("-created_at", "-id")
    )
    return page_of(enrolments, page, _enrolment_out)


@router.post(
    "/training/editions/{edition_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Inschrijven (409 als de uitvoering vol is: dan kan de wachtlijst)",
)
@api_requires(Capability.ENROL_IN_COURSES)
def enrol_endpoint(
    request: ApiRequest, edition_id: uuid.UUID, body: EnrolIn
) -> Status[EnrolmentOut]:
    edition = get_object_or_404(Edition.objects.publicly_listed(), uuid=edition_id)
    questions = {str(q.uuid): q.pk for q in edition.course.intake_questions.all()}
    enrolment = enrol(
        actor=request.user,
        edition=edition,
        user=request.user,
        register=body.points_register.value if body.points_register else "",
        register_number=body.register_number,
        intake_answers={
            questions[str(key)]: value
            for key, value in body.intake_answers.items()
            if str(key) in questions
        },
    )
    return Status(201, _enrolment_out(enrolment))


@router.post(
    "/training/editions/{edition_id}/waiting-list",
    response={201: EnrolmentOut},
    summary="Op de wachtlijst van een uitvoering",
)
@api_requires(Capability.ENROL_IN_COURSES)
def join_waiting_list_endpoint(request: ApiRequest, edition_id: uuid.UUID) -> Status[EnrolmentOut]:
    edition = get_object_or_404(Edition.objects.publicly_listed(), uuid=edition_id)
    enrolment = join_waiting_list(actor=request.user, edition=edition, user=request.user)
    return Status(201, _enrolment_out(enrolment))


def _own(request: ApiRequest, enrolment_id: uuid.UUID) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.of_user(request.user).select_related("edition__course"),
        uuid=enrolment_id,
    )


@router.post(
    "/training/enrolments/{enrolment_id}/accept",
    response=EnrolmentOut,
    summary="Een aangeboden plaats aannemen (409 als het aanbod verlopen is)",
)
@api_requires(Capability.ENROL_IN_COURSES)
def accept_offer_endpoint(request: ApiRequest, enrolment_id: uuid.UUID) -> EnrolmentOut:
    enrolment = accept_offer(actor=request.user, enrolment=_own(request, enrolment_id))
    return _enrolment_out(enrolment)


@router.post(
    "/training/enrolments/{enrolment_id}/withdraw",
    response=EnrolmentOut,
    summary="Afmelden (ook van de wachtlijst); een vrije plaats gaat naar de volgende",
)
@api_requires(Capability.ENROL_IN_COURSES)
def withdraw_endpoint(request: ApiRequest, enrolment_id: uuid.UUID) -> EnrolmentOut:
    enrolment = release_seat(actor=request.user, enrolment=_own(request, enrolment_id))
    return _enrolment_out(enrolment)


# --- trainers and the beheerder ---------------------------------------------------------------


@router.put(
    "/training/sessions/{session_id}/attendance/{enrolment_id}",
    response=AttendanceOut,
    summary="Aanwezigheid van een deelnemer bij een bijeenkomst vastleggen",
)
@api_requires(Capability.TEACH_EDITIONS)
def record_attendance_endpoint(
    request: ApiRequest, session_id: uuid.UUID, enrolment_id: uuid.UUID, body: AttendanceIn
) -> AttendanceOut:
    session = get_object_or_404(
        EditionSession.objects.filter(
            edition__in=Edition.objects.visible_to(request.membership)
        ).select_related("edition__course"),
        uuid=session_id,
    )
    enrolment = get_object_or_404(session.edition.enrolments, uuid=enrolment_id)
    attendance = record_attendance(
        actor=request.user,
        session=session,
        enrolment=enrolment,
        present=body.present,
        minutes=body.minutes,
    )
    return AttendanceOut(
        session=session.uuid,
        enrolment=enrolment.uuid,
        present=attendance.present,
        minutes=attendance.minutes,
    )


@router.get(
    "/training/editions/{edition_id}/measurements",
    response=SummaryOut,
    summary="Samenvatting van de metingen van een uitvoering (kleine aantallen niet getoond)",
)
@api_member
def edition_measurements(request: ApiRequest, edition_id: uuid.UUID) -> SummaryOut:
    membership = request.membership
    if not (
        can(membership, Capability.TEACH_EDITIONS) or can(membership, Capability.MANAGE_OWN_COURSES)
    ):
        raise PermissionDenied
    edition = get_object_or_404(
        Edition.objects.visible_to(membership).select_related("course"), uuid=edition_id
    )
    summary = edition_evaluation_summary(edition)
    log_action(
        "training.measurements.viewed",
        actor=request.user,
        target=edition,
        organisation=membership.organisation,
        data={"channel": "api"},
    )
    return SummaryOut(edition=edition.uuid, **summary)


# --- certificate verification -----------------------------------------------------------------


@router.get(
    "/training/certificates/verify",
    auth=None,
    response=VerificationOut,
    summary="Een certificaat controleren: geldig, verlopen of ingetrokken (20 per 10 minuten)",
)
@api_public
def verify_certificate(request: HttpRequest, query: Query[VerifyQuery]) -> VerificationOut:
    limited = hit(f"verify:{request_key(request, 'ip')}", limit=VERIFY_LIMIT, period=VERIFY_PERIOD)
    if limited is not None:
        raise RateLimitedError(limited)
    certificate = Certificate.objects.filter(verification_code=normalise_code(query.code)).first()
    if certificate is None:
        return VerificationOut(found=False, standing=None, course=None, issued_on=None)
    return VerificationOut(
        found=True,
        standing=rules.certificate_standing(
            revoked_at=certificate.revoked_at,
            valid_until=certificate.valid_until,
            today=timezone.localdate(),
        ),
        course=certificate.course_name,
        issued_on=timezone.localdate(certificate.issued_at),
    )
