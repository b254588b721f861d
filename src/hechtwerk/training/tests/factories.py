"""Helpers that put training records in the states tests need, through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hechtwerk.training.models import Attendance, Certificate, Edition, Enrolment
from hechtwerk.training.services import issue_certificate


def completed_certificate(edition: Edition, user) -> Certificate:
    """A certificate for `user` after full attendance (facts written directly: a past course)."""
    enrolment = Enrolment.objects.create(
        edition=edition, user=user, status="ingeschreven", enrolled_at=timezone.now()
    )
    for session in edition.sessions.all():
        Attendance.objects.create(
            enrolment=enrolment, session=session, present=True, minutes=session.net_minutes
        )
    return issue_certificate(actor=None, enrolment=enrolment)


def in_the_past(edition: Edition, days: int = 30) -> Edition:
    """Move an edition's sessions back so that it is over."""
    for i, session in enumerate(edition.sessions.order_by("order")):
        session.date = timezone.localdate() - datetime.timedelta(days=days - i)
        session.save(update_fields=["date"])
    return edition
