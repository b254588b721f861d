from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hechtwerk.training.constants import CourseKind
from hechtwerk.training.models import Course, Edition
from hechtwerk.training.services import DatedSession, SessionPlan, create_course, schedule_edition


@pytest.fixture
def course(foundation, provider_administrator) -> Course:
    """A two-session course with a 15-minute break, as the Cursus hechting (seed 002)."""
    return create_course(
        actor=provider_administrator.user,
        organisation=foundation,
        name="Cursus hechting",
        kind=CourseKind.PROFESSIONAL,
        sessions=[
            SessionPlan("Diagnostiek", 150, break_minutes=15),
            SessionPlan("Behandelmethodieken", 150, break_minutes=15),
        ],
        group_min=2,
        group_max=3,
        attendance_threshold=100,
    )


def make_edition(
    course: Course, trainer, *, start: datetime.date | None = None, **kwargs
) -> Edition:
    first = start or timezone.localdate() + datetime.timedelta(days=14)
    sessions = [
        DatedSession(
            first + datetime.timedelta(days=7 * i), datetime.time(19, 0), datetime.time(21, 45)
        )
        for i in range(course.sessions.count())
    ]
    return schedule_edition(
        actor=None,
        course=course,
        label="Utrecht voorjaar",
        sessions=sessions,
        trainers=[trainer.user],
        **kwargs,
    )


@pytest.fixture
def edition(course, trainer) -> Edition:
    return make_edition(course, trainer)
