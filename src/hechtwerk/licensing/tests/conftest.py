from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hechtwerk.billing.tests.conftest import products, seller_profile
from hechtwerk.licensing.constants import CourseRole, PeriodKind
from hechtwerk.licensing.models import LicensingCourse, Terms
from hechtwerk.training.constants import CourseKind
from hechtwerk.training.services import DatedSession, SessionPlan, create_course, schedule_edition
from hechtwerk.training.tests.factories import completed_certificate, in_the_past


def one_day_course(foundation, name: str, role: str):
    course = create_course(
        actor=None,
        organisation=foundation,
        name=name,
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Dag", 360, break_minutes=30)],
        group_min=1,
        group_max=12,
        attendance_threshold=100,
    )
    LicensingCourse.objects.create(course=course, role=role)
    return course


def edition_on(course, trainer_user, day: datetime.date, label: str = "Maastricht"):
    edition = schedule_edition(
        actor=None,
        course=course,
        label=label,
        sessions=[
            DatedSession(
                timezone.localdate() + datetime.timedelta(days=10),
                datetime.time(11),
                datetime.time(18),
            )
        ],
        trainers=[trainer_user],
    )
    edition.sessions.update(date=day)
    return edition


@pytest.fixture
def world(foundation, trainer):
    seller_profile(foundation)
    licence, membership = products(foundation)
    Terms.objects.create(organisation=foundation, kind=PeriodKind.LICENCE, product_line=licence)
    Terms.objects.create(
        organisation=foundation, kind=PeriodKind.MEMBERSHIP, product_line=membership
    )
    masterclass = one_day_course(foundation, "Masterclass Train de Trainer", CourseRole.MASTERCLASS)
    licensed = one_day_course(foundation, "Basistraining Focus op Hechting", CourseRole.LICENSED)
    return_day = one_day_course(foundation, "Terugkomdag", CourseRole.RETURN_DAY)
    return {
        "licence": licence,
        "masterclass": masterclass,
        "licensed": licensed,
        "return_day": return_day,
    }


def certify(world, foundation, user):
    edition = schedule_edition(
        actor=None,
        course=world["masterclass"],
        label="Maastricht",
        sessions=[
            DatedSession(
                timezone.localdate() + datetime.timedelta(days=10),
                datetime.time(11),
                datetime.time(18),
            )
        ],
        trainers=[user],
    )
    in_the_past(edition, days=40)
    return completed_certificate(edition, user)
