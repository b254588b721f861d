"""Mails a timer sends, each once: the reminder before the first session, the evaluation request
after the last; the waiting list moves on without a visit; private calendar feeds (T6.11)."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.models import OutgoingMail
from hechtwerk.training.constants import EnrolmentStatus
from hechtwerk.training.models import Enrolment
from hechtwerk.training.services import enrol, join_waiting_list
from hechtwerk.training.services.reminders import send_due_training_mails

from .conftest import make_edition
from .factories import in_the_past


def test_it_reminds_each_participant_once_before_the_first_session(
    course, trainer, participant, nurse
):
    edition = make_edition(course, trainer, start=timezone.localdate() + datetime.timedelta(days=1))
    enrol(actor=participant.user, edition=edition, user=participant.user)
    enrol(actor=nurse.user, edition=edition, user=nurse.user)
    call_command("send_training_reminders")
    call_command("send_training_reminders")
    mails = OutgoingMail.objects.filter(kind="training/reminder")
    assert sorted(m.recipient for m in mails) == sorted([participant.user.email, nurse.user.email])
    assert "19:00" in mails.first().body_text


def test_it_does_not_remind_two_weeks_ahead(course, trainer, participant, edition):
    enrol(actor=participant.user, edition=edition, user=participant.user)
    assert send_due_training_mails()["reminders"] == 0


def test_it_asks_for_the_evaluation_after_the_last_session_once(
    course, trainer, participant, edition
):
    enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition, days=10)
    assert send_due_training_mails()["evaluation_requests"] == 1
    assert send_due_training_mails()["evaluation_requests"] == 0
    mail = OutgoingMail.objects.get(kind="training/evaluation_request")
    assert "evaluatie" in mail.body_text


def test_it_moves_a_lapsed_offer_on_without_a_visit(course, trainer, participant, nurse, doctor):
    edition = make_edition(course, trainer, max_participants=2, min_participants=1)
    enrol(actor=participant.user, edition=edition, user=participant.user)
    enrol(actor=doctor.user, edition=edition, user=doctor.user)
    first = join_waiting_list(actor=nurse.user, edition=edition, user=nurse.user)
    seat = Enrolment.objects.get(user=doctor.user)
    seat.status = EnrolmentStatus.OFFERED
    seat.offer_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    seat.save()
    counts = send_due_training_mails()
    first.refresh_from_db()
    assert counts["offers"] == 1
    assert first.status == EnrolmentStatus.OFFERED


def test_it_gives_a_private_renewable_feed_with_own_and_taught_sessions(
    client, client_for, trainer, participant, edition
):
    enrol(actor=participant.user, edition=edition, user=participant.user)
    page = client_for(participant).post(reverse("training:my_feed")).content.decode()
    url = page.split("/opleidingen/agenda/")[1].split(".ics")[0]
    feed = client.get(f"/opleidingen/agenda/{url}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == edition.sessions.count()
    assert "TZID=Europe/Amsterdam" in body
    # A new address stops the old one.
    client_for(participant).post(reverse("training:my_feed"))
    assert client.get(f"/opleidingen/agenda/{url}.ics").status_code == 410
    # The trainer's feed lists the sessions they teach.
    page = client_for(trainer).post(reverse("training:my_feed")).content.decode()
    token = page.split("/opleidingen/agenda/")[1].split(".ics")[0]
    assert (
        client.get(f"/opleidingen/agenda/{token}.ics").content.decode().count("BEGIN:VEVENT")
        == edition.sessions.count()
    )


def test_it_links_the_agenda_file_in_the_confirmation(client, participant, edition):
    enrol(actor=participant.user, edition=edition, user=participant.user)
    mail = OutgoingMail.objects.get(kind="training/enrolled")
    ics = reverse("training:edition_calendar", args=[edition.uuid])
    assert ics in mail.body_text
    response = client.get(ics)
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content
