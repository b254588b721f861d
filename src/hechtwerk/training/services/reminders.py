"""Mails a timer sends (`manage.py send_training_reminders`, docs/deploy.md): a reminder before the
first session and the request to fill in the evaluation after the last one, each once per person
(send_mail_once keys); the waiting list moves on as well, so an offer that lapsed passes to the next
in line without anyone visiting a page. Due-ness is derived from the dates (rules)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.mail import absolute_url, key_hash, send_mail_once
from hechtwerk.core.models import OutgoingMail

from .. import rules
from ..constants import (
    EVALUATION_REQUEST_DAYS,
    REMINDER_DAYS_BEFORE,
    EnrolmentStatus,
    IntakeStatus,
)
from ..models import Edition, EditionSession, Enrolment
from .base import advance_waiting_list, participant_url

# Participants who are sure of their place: enrolled, and accepted if the course has an intake.
PLACED = Q(status=EnrolmentStatus.ENROLLED) & Q(intake_status__in=["", IntakeStatus.ACCEPTED])


def _send(
    enrolment: Enrolment, key: tuple[str, ...], template: str, context: Callable[[], dict[str, Any]]
) -> bool:
    # A parent's link is made only for a mail that is really sent (keys already used are skipped).
    if OutgoingMail.objects.filter(key_hash=key_hash(key)).exists():
        return False
    edition = enrolment.edition
    _mail, created = send_mail_once(
        key=key,
        to=enrolment.email,
        template=f"training/{template}",
        context={"course_name": edition.course.name, "edition_label": edition.label, **context()},
        language="nl",
        organisation=edition.course.organisation,
    )
    return created


def _reminder_context(enrolment: Enrolment, first: EditionSession) -> dict[str, Any]:
    return {
        "first_day": first.date,
        "start_time": first.start_time.strftime("%H:%M"),
        "place": first.place or first.online_url,
        "my_courses_url": participant_url(enrolment),
    }


def _evaluation_context(enrolment: Enrolment) -> dict[str, Any]:
    return {"my_courses_url": participant_url(enrolment)}


def send_due_training_mails(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send every reminder and evaluation request that is due, and move waiting lists on."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminders": 0, "evaluation_requests": 0, "offers": 0}
    window = Edition.objects.filter(
        cancelled_at__isnull=True,
        sessions__date__gte=today - datetime.timedelta(days=EVALUATION_REQUEST_DAYS + 1),
        sessions__date__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE + 1),
    ).distinct()
    for edition in window.select_related("course").prefetch_related("sessions"):
        sessions = list(edition.sessions.all())
        first = min(sessions, key=lambda s: s.starts_at)
        last = max(sessions, key=lambda s: s.ends_at)
        placed = list(edition.enrolments.filter(PLACED).select_related("user"))
        if rules.reminder_due(
            first_start=first.starts_at, now=now, days_before=REMINDER_DAYS_BEFORE
        ):
            for enrolment in placed:
                counts["reminders"] += _send(
                    enrolment,
                    ("training", "reminder", str(enrolment.uuid), first.date.isoformat()),
                    "reminder",
                    partial(_reminder_context, enrolment, first),
                )
        if rules.evaluation_request_due(
            last_end=last.ends_at, now=now, within_days=EVALUATION_REQUEST_DAYS
        ):
            for enrolment in placed:
                if enrolment.evaluation_submitted_at is not None:
                    continue
                counts["evaluation_requests"] += _send(
                    enrolment,
                    ("training", "evaluation", str(enrolment.uuid)),
                    "evaluation_request",
                    partial(_evaluation_context, enrolment),
                )
    waiting = Edition.objects.filter(
        cancelled_at__isnull=True,
        enrolments__status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED],
    ).distinct()
    for edition in waiting:
        counts["offers"] += len(advance_waiting_list(edition=edition, now=now))
    return counts


def feed_owner(user_uuid: object) -> str:
    """The owner key of a person's training calendar feed (core.calendar)."""
    return f"training-user:{user_uuid}"


def feed_url(token: str) -> str:
    return absolute_url(reverse("training:feed", args=[token]))
