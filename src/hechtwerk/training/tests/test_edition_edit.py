"""The beheerder changes a scheduled edition: dates, place, trainers and capacity; the capacity
never drops below the seats taken (no overbooking), and a raised capacity offers the freed seats
to the waiting list at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from hechtwerk.training.constants import EnrolmentStatus
from hechtwerk.training.models import Enrolment
from hechtwerk.training.services import DatedSession, TrainingError, enrol, join_waiting_list
from hechtwerk.training.services.editions import update_edition

from .factories import in_the_past

pytestmark = pytest.mark.django_db


def _post_data(edition, trainer, **changes):
    sessions = list(edition.sessions.order_by("order"))
    data = {
        "label": edition.label,
        "place": edition.place,
        "min_participants": edition.min_participants,
        "max_participants": edition.max_participants,
        "trainers": [str(trainer.user.uuid)],
        "sessions-TOTAL_FORMS": len(sessions),
        "sessions-INITIAL_FORMS": len(sessions),
        "sessions-MIN_NUM_FORMS": 1,
        "sessions-MAX_NUM_FORMS": 30,
    }
    for i, s in enumerate(sessions):
        data[f"sessions-{i}-date"] = s.date.isoformat()
        data[f"sessions-{i}-start_time"] = s.start_time.strftime("%H:%M")
        data[f"sessions-{i}-end_time"] = s.end_time.strftime("%H:%M")
    data.update(changes)
    return data


def test_it_changes_the_place_and_a_date_of_a_scheduled_edition(
    client_for, provider_administrator, trainer, edition
):
    client = client_for(provider_administrator)
    url = reverse("training:edition_edit", args=[edition.uuid])
    assert (
        url in client.get(reverse("training:edition_manage", args=[edition.uuid])).content.decode()
    )
    form = client.get(url).content.decode()
    assert edition.label in form
    later = edition.sessions.order_by("order").last().date + datetime.timedelta(days=7)
    response = client.post(
        url, _post_data(edition, trainer, place="Zaal 2, Utrecht", **{"sessions-1-date": later})
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.place == "Zaal 2, Utrecht"
    assert edition.sessions.order_by("order").last().date == later
    assert edition.sessions.order_by("order").last().place == "Zaal 2, Utrecht"


def test_it_refuses_a_capacity_below_the_seats_taken_and_keeps_the_form(
    client_for, provider_administrator, trainer, nurse, doctor, edition
):
    for persona in (nurse, doctor):
        enrol(actor=persona.user, edition=edition, user=persona.user)
    response = client_for(provider_administrator).post(
        reverse("training:edition_edit", args=[edition.uuid]),
        _post_data(edition, trainer, max_participants=1, min_participants=1, place="Nieuw"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er zijn al 2 plaatsen bezet" in page
    assert 'value="Nieuw"' in page
    edition.refresh_from_db()
    assert edition.max_participants == 3
    assert edition.place != "Nieuw"


def test_it_offers_a_seat_to_the_waiting_list_when_the_capacity_is_raised(
    provider_administrator, trainer, nurse, doctor, participant, outsider, edition
):
    for persona in (nurse, doctor, participant):
        enrol(actor=persona.user, edition=edition, user=persona.user)
    join_waiting_list(actor=trainer.user, edition=edition, user=trainer.user)
    sessions = [
        DatedSession(s.date, s.start_time, s.end_time) for s in edition.sessions.order_by("order")
    ]
    update_edition(
        actor=provider_administrator.user,
        edition=edition,
        label=edition.label,
        place="",
        min_participants=2,
        max_participants=4,
        trainers=[trainer.user],
        sessions=sessions,
    )
    assert Enrolment.objects.get(user=trainer.user).status == EnrolmentStatus.OFFERED


def test_it_refuses_to_move_a_session_into_the_past_or_change_a_finished_edition(
    provider_administrator, trainer, edition
):
    sessions = [
        DatedSession(s.date, s.start_time, s.end_time) for s in edition.sessions.order_by("order")
    ]
    sessions[0] = DatedSession(
        datetime.date(2000, 1, 1), sessions[0].start_time, sessions[0].end_time
    )
    common = {
        "actor": provider_administrator.user,
        "edition": edition,
        "label": edition.label,
        "place": "",
        "min_participants": 2,
        "max_participants": 3,
        "trainers": [trainer.user],
    }
    with pytest.raises(TrainingError, match="verleden"):
        update_edition(sessions=sessions, **common)
    in_the_past(edition)
    kept = [
        DatedSession(s.date, s.start_time, s.end_time) for s in edition.sessions.order_by("order")
    ]
    with pytest.raises(TrainingError, match="afgelopen"):
        update_edition(sessions=kept, **common)
