"""Demo data for licensing (idempotent; runs after training and billing in load_demo): the
foundation's terms (licence €300, membership €150 a year excl. BTW, as data), the course roles,
and the demo trainer licensed: Masterclass certificate, a current paid period, one Basistraining
given with its evaluation report submitted, a return day booked, listed in the register."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Membership, User
from hechtwerk.billing import demo as billing_demo
from hechtwerk.billing import services as billing
from hechtwerk.billing.constants import ProductCode
from hechtwerk.billing.models import Invoice
from hechtwerk.training.constants import CourseKind
from hechtwerk.training.models import Course, Edition, Enrolment
from hechtwerk.training.services import (
    DatedSession,
    SessionPlan,
    create_course,
    enrol,
    record_attendance,
    record_evaluation_submitted,
    record_test_result,
    schedule_edition,
)

from . import services
from .constants import CourseRole, PeriodKind
from .models import LicensingCourse, Period, Terms

if TYPE_CHECKING:
    from hechtwerk.accounts.demo import DemoContext
    from hechtwerk.accounts.models import Organisation

MASTERCLASS = "Masterclass Train de Trainer"
BASIS = "Basistraining Focus op Hechting"
RETURN_DAY = "Terugkomdag trainers Focus op Hechting"
LICENCE_START_DAYS_AGO = 60
DOCENT = "docent-masterclass@kinderleven.example"


def _terms(organisation: Organisation) -> None:
    lines = billing_demo.product_lines(organisation)
    for kind, code in (
        (PeriodKind.LICENCE, ProductCode.LICENCE),
        (PeriodKind.MEMBERSHIP, ProductCode.MEMBERSHIP),
    ):
        Terms.objects.get_or_create(
            organisation=organisation, kind=kind, defaults={"product_line": lines[code]}
        )


def _docent(organisation: Organisation) -> User:
    """The foundation's guest docent who gives the Masterclass (not a sign-in of the demo)."""
    user = User.objects.filter(email=DOCENT).first() or User.objects.create_user(
        DOCENT, None, first_name="Gerda"
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.TRAINER)
    return user


def _role(organisation: Organisation, name: str, role: str) -> Course | None:
    course = Course.objects.filter(organisation=organisation, name=name).first()
    if course is not None:
        LicensingCourse.objects.get_or_create(course=course, role=role)
    return course


def _edition(course: Course, trainer: User, actor: User | None) -> Edition:
    """An edition of the course on the course's own session plan, a week from now."""
    first = datetime.datetime.combine(timezone.localdate(), datetime.time(9))
    sessions = []
    for i, plan in enumerate(course.sessions.order_by("order")):
        begin = first + datetime.timedelta(days=7 + i)
        end = begin + datetime.timedelta(minutes=plan.duration_minutes + plan.break_minutes)
        sessions.append(DatedSession(begin.date(), begin.time(), end.time()))
    return schedule_edition(
        actor=actor,
        course=course,
        label="Utrecht (afgelopen)",
        place="Utrecht",
        sessions=sessions,
        trainers=[trainer],
    )


def _move_to_past(edition: Edition, days_ago: int) -> None:
    # A course already given: its days lie in the past (demo facts, written directly).
    for i, session in enumerate(edition.sessions.order_by("order")):
        session.date = timezone.localdate() - datetime.timedelta(days=days_ago - i)
        session.save(update_fields=["date"])


def _pay(period: Period) -> None:
    invoice = period.invoice
    if invoice is None:
        return
    if not invoice.is_sent:
        # A trainer invoiced as a person: the beheerder adds the address before sending.
        Invoice.objects.filter(pk=invoice.pk).update(
            buyer_address="Stationsplein 2\n3511 ED Utrecht"
        )
        invoice.refresh_from_db()
        invoice = billing.send_invoice(actor=None, invoice=invoice)
    if invoice.outstanding() > 0:
        billing.register_payment(
            actor=None, invoice=invoice, amount=invoice.outstanding(), paid_on=timezone.localdate()
        )


def load(context: DemoContext) -> None:
    organisation = context.organisations.get("foundation")
    trainer = context.users.get("trainer")
    actor = context.users.get("beheerder")
    if organisation is None or trainer is None:
        return
    _terms(organisation)
    masterclass = _role(organisation, MASTERCLASS, CourseRole.MASTERCLASS)
    basis = _role(organisation, BASIS, CourseRole.LICENSED)
    return_day = Course.objects.filter(organisation=organisation, name=RETURN_DAY).first()
    if return_day is None:
        return_day = create_course(
            actor=actor,
            organisation=organisation,
            name=RETURN_DAY,
            kind=CourseKind.PROFESSIONAL,
            summary="De jaarlijkse terugkomdag voor trainers met een licentie.",
            sessions=[SessionPlan("Terugkomdag", 360, break_minutes=30)],
            group_min=1,
            group_max=30,
        )
        schedule_edition(
            actor=actor,
            course=return_day,
            label="Utrecht",
            place="Utrecht",
            sessions=[
                DatedSession(
                    timezone.localdate() + datetime.timedelta(days=45),
                    datetime.time(10),
                    datetime.time(16),
                )
            ],
            trainers=[trainer],
        ).trainers.clear()  # given by a guest trainer of the foundation, not the demo trainer
    LicensingCourse.objects.get_or_create(course=return_day, role=CourseRole.RETURN_DAY)
    if masterclass is None or basis is None:
        return
    if Period.objects.filter(organisation=organisation, trainer=trainer).exists():
        return  # loaded before

    # The Masterclass, followed in full through training's own services: the guest docent records
    # attendance and the toets result, the trainer fills in the evaluation; the certificate
    # follows from the course's completion rule (attendance, toets passed, evaluation).
    docent = _docent(organisation)
    edition = _edition(masterclass, docent, actor)
    enrolment = enrol(
        actor=actor or docent,
        edition=edition,
        user=trainer,
        override_reason="Gaf de Basistraining al jaren als docent; instroom met akkoord van de stichting.",
    )
    _move_to_past(edition, days_ago=LICENCE_START_DAYS_AGO + 30)
    for session in edition.sessions.all():
        record_attendance(actor=docent, session=session, enrolment=enrolment, present=True)
    record_test_result(actor=docent, enrolment=enrolment, passed=True)
    record_evaluation_submitted(actor=trainer, enrolment=enrolment)

    start = timezone.localdate() - datetime.timedelta(days=LICENCE_START_DAYS_AGO)
    services.start_licence(actor=actor, organisation=organisation, trainer=trainer, start=start)
    for period in Period.objects.filter(organisation=organisation, trainer=trainer):
        _pay(period)

    given = _edition(basis, trainer, actor)
    _move_to_past(given, days_ago=20)
    services.submit_evaluation_report(
        actor=trainer,
        edition=given,
        remarks="Betrokken groep; de toets ging goed.",
    )
    upcoming = return_day.editions.filter(cancelled_at__isnull=True).first()
    if (
        upcoming is not None
        and not Enrolment.objects.filter(edition=upcoming, user=trainer).exists()
    ):
        enrol(actor=trainer, edition=upcoming, user=trainer)
    services.save_register_listing(
        actor=trainer, organisation=organisation, region="Utrecht", listed=True
    )
