"""The planner and answer pages, through the test client."""

from __future__ import annotations

import re

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


def test_it_arranges_a_whole_round_in_one_form_without_javascript(client_for, organiser, meeting):
    """A 3-round speed date shows one form per round (not one per person per round); the form
    moves people and sets case cards at once, and refuses to empty a group, losing nothing."""
    from hechtwerk.meetings import services
    from hechtwerk.meetings.constants import GroupingKind
    from hechtwerk.meetings.models import CaseCard, MeetingGroup

    from .test_after_and_pack import fill

    fill(meeting, organiser, n=16)
    services.form_groups(actor=organiser.user, meeting=meeting, kind=GroupingKind.SPEED_DATE)
    client = client_for(organiser)
    page = client.get(reverse("meetings:groups", kwargs={"meeting_uuid": meeting.uuid}))
    text = page.content.decode()
    assert len(re.findall(r'<form method="post" action="[^"]*/ronde-\d/"', text)) == 3
    assert text.count('name="plaats-') == 3 * 16  # a select per person per round
    assert "Verplaats" not in text
    one, two = MeetingGroup.objects.filter(meeting=meeting, round_number=2)[:2]
    person = one.members.first()
    card = CaseCard.objects.get(script_number=2)
    url = reverse(
        "meetings:arrange_round",
        kwargs={"meeting_uuid": meeting.uuid, "kind": "speeddate", "round_number": 2},
    )
    saved = client.post(
        url, {f"plaats-{person.uuid}": two.uuid, f"kaart-{two.uuid}": card.uuid}, follow=True
    )
    assert "1 deelnemer is verplaatst" in saved.content.decode()
    assert two.members.filter(pk=person.pk).exists()
    two.refresh_from_db()
    assert two.case_card == card
    # Emptying group 1 of round 2 is refused; nobody moves.
    everyone = {f"plaats-{m.uuid}": two.uuid for m in one.members.all()}
    refused = client.post(url, everyone, follow=True)
    assert "zou leeg raken" in refused.content.decode()
    assert one.members.count() >= 2
