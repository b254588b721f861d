"""The planner and answer pages, through the test client."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hechtwerk.meetings.models import MeetingInvitation

from .test_services import token_of

pytestmark = pytest.mark.django_db


def test_it_plans_a_program_with_buttons_that_work_without_javascript(
    client_for, organiser, meeting, blocks
):
    client = client_for(organiser)
    add = reverse("meetings:add_block", kwargs={"meeting_uuid": meeting.uuid})
    for n in (1, 4, 5, 7):
        client.post(add, {"block": blocks[n].uuid})
    last = meeting.items.last()
    client.post(
        reverse("meetings:move_block", kwargs={"item_uuid": last.uuid}), {"direction": "omhoog"}
    )
    page = client.get(reverse("meetings:planner", kwargs={"meeting_uuid": meeting.uuid}))
    text = page.content.decode()
    assert "Totaal 125 van 120 minuten." in text
    assert "5 minuten te lang." in text
    assert text.index(blocks[7].name) < text.index(blocks[5].name)
    refused = client.post(
        reverse("meetings:finalise", kwargs={"meeting_uuid": meeting.uuid}), follow=True
    )
    assert "5 minuten langer" in refused.content.decode()


def test_it_shows_a_clear_message_for_bad_minutes_and_loses_nothing(
    client_for, organiser, meeting, blocks
):
    client = client_for(organiser)
    client.post(
        reverse("meetings:add_block", kwargs={"meeting_uuid": meeting.uuid}),
        {"block": blocks[1].uuid},
    )
    item = meeting.items.get()
    page = client.post(
        reverse("meetings:set_minutes", kwargs={"item_uuid": item.uuid}),
        {"minutes": "veel"},
        follow=True,
    )
    assert "Vul een duur in" in page.content.decode()
    item.refresh_from_db()
    assert item.minutes == 15


def test_it_lets_an_invitee_answer_through_the_link_without_an_account(client, organiser, meeting):
    client_for_organiser = client
    client_for_organiser.force_login(organiser.user)
    client_for_organiser.post(
        reverse("meetings:invite", kwargs={"meeting_uuid": meeting.uuid}),
        {"email": "ans@example.org"},
    )
    client_for_organiser.logout()
    url = reverse(
        "meetings:answer",
        kwargs={"meeting_uuid": meeting.uuid, "token": token_of("ans@example.org")},
    )
    assert client.get(url).status_code == 200
    page = client.post(
        url,
        {
            "answer": "ja",
            "profession": "kraamverzorgende",
            "organisation_name": "Kraamzorg Noord",
            "elearning_completed": "on",
        },
    )
    assert "je bent aangemeld" in page.content.decode()
    assert MeetingInvitation.objects.get(email="ans@example.org").answer == "ja"
    calendar = client.get(url + "agenda.ics")
    assert calendar["Content-Type"].startswith("text/calendar")


def test_it_refuses_an_unknown_link_with_a_dutch_message(client, meeting):
    url = reverse("meetings:answer", kwargs={"meeting_uuid": meeting.uuid, "token": "x" * 43})
    page = client.get(url)
    assert page.status_code == 404
    assert "Deze link bestaat niet" in page.content.decode()


def test_it_hides_another_coalitions_meeting(client_for, make_persona, meeting):
    from hechtwerk.accounts.constants import OrganisationKind, Role
    from hechtwerk.accounts.models import Organisation

    other = Organisation.objects.create(name="Coalitie Elders", kind=OrganisationKind.COALITION)
    stranger = make_persona(Role.COALITION_ORGANISER, other)
    page = client_for(stranger).get(
        reverse("meetings:planner", kwargs={"meeting_uuid": meeting.uuid})
    )
    assert page.status_code == 404
