"""Planner completeness, groups by hand, the printable pack, and what happens after the meeting
(seed 004; domain.md §7). Signed links: T-numbers of core (expired, revoked, another target)."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.urls import resolve, reverse
from django.utils.html import escape
from pypdf import PdfReader

from hechtwerk.core.links import LinkError
from hechtwerk.core.models import AuditEntry, OutgoingMail
from hechtwerk.meetings import services
from hechtwerk.meetings.constants import GroupingKind
from hechtwerk.meetings.cooperation import cooperation_map
from hechtwerk.meetings.models import CaseCard, MeetingGroup, MeetingInvitation
from hechtwerk.meetings.services import MeetingError

from .test_services import say

pytestmark = pytest.mark.django_db

PROFESSIONS = ["jgz", "verloskundige", "wijkteam", "schuldhulp", "kraamverzorgende", "buurtgezin"]


def fill(meeting, organiser, n=9, consent=lambda i: i % 2 == 0):
    for i in range(n):
        email = f"p{i}@example.org"
        services.invite_participant(actor=organiser.user, meeting=meeting, email=email)
        services.answer_invitation(
            meeting=meeting,
            token=_token(email),
            answer="ja",
            profession=PROFESSIONS[i % len(PROFESSIONS)],
            organisation_name=f"Organisatie {i % 4}",
            elearning_completed=True,
            consent_share_contact=consent(i),
        )
    return list(MeetingInvitation.objects.filter(meeting=meeting).accepted())


def _token(email: str, marker: str = "/antwoord/") -> str:
    body = OutgoingMail.objects.filter(recipient=email).order_by("-id").first().body_text
    url = next(w for w in body.split() if marker in w and "agenda" not in w)
    return resolve(urlparse(url).path).kwargs["token"]


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs=kwargs)


# --- planner details ---------------------------------------------------------------------------


def test_it_keeps_learning_goals_room_and_costs_and_refuses_bad_input_without_losing_it(
    client_for, organiser, meeting
):
    client = client_for(organiser)
    data = {
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "starts_at": "13:00",
        "learning_goals": "Elkaars aanbod kennen",
        "place": "Wijkcentrum De Brug",
        "room_notes": "Vier tafels van vier",
        "capacity": "veel",
        "costs": "Zaalhuur 150 euro",
        "paid_by": "Budget coalitie",
    }
    refused = client.post(url("details", meeting_uuid=meeting.uuid), data)
    text = refused.content.decode()
    assert "Vier tafels van vier" in text  # nothing typed is lost
    assert "Vul een geheel getal in" in text or "geheel getal" in text
    data["capacity"] = "18"
    client.post(url("details", meeting_uuid=meeting.uuid), data)
    meeting.refresh_from_db()
    assert (meeting.room_notes, meeting.paid_by, meeting.capacity) == (
        "Vier tafels van vier",
        "Budget coalitie",
        18,
    )


def test_it_shows_a_late_task_and_ticks_it_off_with_htmx(client_for, organiser, meeting):
    client = client_for(organiser)
    client.post(
        url("add_task", meeting_uuid=meeting.uuid),
        {
            "description": "Zaal reserveren",
            "organiser": str(organiser.user.pk),
            "due_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
        },
    )
    page = client.get(url("details", meeting_uuid=meeting.uuid)).content.decode()
    assert "Zaal reserveren" in page
    assert "te laat" in page
    task = meeting.tasks.get()
    partial = client.post(
        url("task_done", task_uuid=task.uuid), {"done": "1"}, headers={"HX-Request": "true"}
    )
    text = partial.content.decode()
    assert "<html" not in text
    assert "klaar" in text
    assert "te laat" not in text
    task.refresh_from_db()
    assert task.done_at is not None


def test_it_lists_take_home_material_and_marks_it_arranged(client_for, organiser, meeting):
    client = client_for(organiser)
    client.post(
        url("add_checklist", meeting_uuid=meeting.uuid),
        {"kind": "meegeven", "description": "Sociale kaart van de wijk", "quantity": "20"},
    )
    item = meeting.checklist.get()
    assert item.get_kind_display() == "Meegeefmateriaal"
    client.post(url("checklist_arranged", checklist_uuid=item.uuid), {"done": "1"})
    item.refresh_from_db()
    assert item.arranged


def test_it_refuses_a_minimum_above_the_maximum_with_a_clear_message(
    client_for, organiser, meeting
):
    client = client_for(organiser)
    page = client.post(
        url("set_bound", meeting_uuid=meeting.uuid),
        {"profession": "verloskundige", "minimum": "4", "maximum": "2"},
    )
    assert page.status_code == 400
    assert "minimum is groter dan het maximum" in page.content.decode()
    client.post(
        url("set_bound", meeting_uuid=meeting.uuid),
        {"profession": "verloskundige", "minimum": "2", "maximum": "4"},
    )
    assert meeting.bounds.get().maximum == 4


def test_it_moves_a_dragged_block_to_its_place_and_answers_htmx_with_the_program_only(
    client_for, organiser, meeting, blocks
):
    client = client_for(organiser)
    for n in (1, 2, 3, 7):
        services.add_block(actor=organiser.user, meeting=meeting, block=blocks[n])
    closing = meeting.items.get(block=blocks[7])
    response = client.post(
        url("move_block_to", item_uuid=closing.uuid),
        {"position": "1"},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "<html" not in text
    assert 'id="programma-inhoud"' in text
    assert [i.block.script_number for i in meeting.items.all()] == [7, 1, 2, 3]
    assert text.index(blocks[7].name) < text.index(blocks[1].name)


# --- groups by hand ----------------------------------------------------------------------------


def test_it_moves_a_person_to_another_group_and_shows_the_new_quality(
    client_for, organiser, meeting
):
    fill(meeting, organiser, n=9)
    services.form_groups(actor=organiser.user, meeting=meeting, kind=GroupingKind.SPEED_DATE)
    client = client_for(organiser)
    first, second = MeetingGroup.objects.filter(meeting=meeting, round_number=1)[:2]
    before = client.get(url("groups", meeting_uuid=meeting.uuid)).content.decode()
    assert "Dubbele ontmoetingen: 0." in before
    person = first.members.first()
    client.post(
        url("move_member", group_uuid=first.uuid),
        {"invitation": person.uuid, "to_group": second.uuid},
    )
    assert second.members.filter(pk=person.pk).exists()
    assert not first.members.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="meetings.groups.member_moved").exists()
    later = MeetingGroup.objects.get(meeting=meeting, round_number=2, number=1)
    with pytest.raises(MeetingError):
        services.move_member(actor=organiser.user, invitation=person, group=second, to_group=later)


def test_it_gives_a_group_a_case_card_and_prints_a_sheet_with_three_columns(
    client_for, organiser, meeting
):
    fill(meeting, organiser, n=8)
    services.form_groups(actor=organiser.user, meeting=meeting, kind=GroupingKind.MIXED)
    group = MeetingGroup.objects.filter(meeting=meeting).first()
    card = CaseCard.objects.get(script_number=3)
    client = client_for(organiser)
    client.post(url("assign_card", group_uuid=group.uuid), {"card": card.uuid})
    sheet = client.get(url("group_sheet", group_uuid=group.uuid)).content.decode()
    for column in ("Medisch risico", "Sociaal risico", "Beschermende factoren"):
        assert column in sheet
    assert escape(card.title) in sheet
    refused = client.post(url("assign_card", group_uuid=group.uuid), {"card": "geen-uuid"})
    assert refused.status_code == 302


# --- the pack ----------------------------------------------------------------------------------


def test_it_downloads_the_pack_as_a_tagged_pdf_with_program_groups_and_attendance_list(
    client_for, organiser, meeting, blocks
):
    """T6.6: the PDF is tagged; it holds the program, groups, checklist and attendance list."""
    services.add_block(actor=organiser.user, meeting=meeting, block=blocks[1])
    services.add_checklist_item(
        actor=organiser.user, meeting=meeting, kind="materiaal", description="Post-its"
    )
    fill(meeting, organiser, n=6)
    services.form_groups(actor=organiser.user, meeting=meeting, kind=GroupingKind.MIXED)
    response = client_for(organiser).get(url("pack", meeting_uuid=meeting.uuid))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (blocks[1].name, "Post-its", "Presentielijst", "Groepje 1", "13:00"):
        assert expected in text


# --- after the meeting -------------------------------------------------------------------------


def test_it_places_organisations_on_a_circle_and_names_those_without_a_link():
    drawing = cooperation_map({"GGD": 2, "Wijkteam": 1, "Kraamzorg": 1}, [("GGD", "Wijkteam")])
    assert [n.name for n in drawing.nodes] == ["GGD", "Kraamzorg", "Wijkteam"]
    assert len(drawing.edges) == 1
    assert [n.name for n in drawing.isolated] == ["Kraamzorg"]
    for node in drawing.nodes:
        assert 0 < node.x < drawing.size
        assert 0 < node.y < drawing.size


def test_it_records_attendance_report_agreements_and_map_and_shares_only_consented_contacts(
    client_for, organiser, meeting
):
    people = fill(meeting, organiser, n=6)
    client = client_for(organiser)
    present = [p.uuid for p in people[:5]]
    client.post(url("attendance", meeting_uuid=meeting.uuid), {"present": present})
    client.post(
        url("save_report", meeting_uuid=meeting.uuid),
        {"went_well": "Korte lijnen met de kraamzorg", "can_improve": "Overdracht na de bevalling"},
    )
    client.post(
        url("add_agreement", meeting_uuid=meeting.uuid),
        {"who": "Wijkteam", "what": "Spreekuur in het consultatiebureau", "due_on": "2027-06-01"},
    )
    client.post(
        url("add_link", meeting_uuid=meeting.uuid),
        {"source": "Organisatie 0", "target": "Organisatie 1"},
    )
    page = client.get(url("after", meeting_uuid=meeting.uuid)).content.decode()
    assert "<svg" in page
    assert "mt-map-edge" in page
    assert 'style="' not in page
    assert "Samenwerking per organisatie" in page
    consenting = [p.email for p in people[:5] if p.consent_share_contact]
    contacts = page[page.index('id="contact"') :]
    for email in consenting:
        assert email in contacts
    assert people[1].email not in contacts  # said no to sharing
    assert people[5].email not in contacts  # was not there
    agreement = meeting.agreements.get()
    client.post(url("agreement_done", agreement_uuid=agreement.uuid), {"done": "1"})
    agreement.refresh_from_db()
    assert agreement.done_at is not None


def test_it_sends_the_report_once_as_a_link_without_its_content(client_for, organiser, meeting):
    """The mail carries a personal signed link, never the report itself."""
    people = fill(meeting, organiser, n=4)
    services.save_report(
        actor=organiser.user,
        meeting=meeting,
        went_well="Goede sfeer aan tafel",
        can_improve="Meer tijd voor de casus",
    )
    client = client_for(organiser)
    sent = client.post(url("send_report", meeting_uuid=meeting.uuid), follow=True)
    assert "naar 4 deelnemers gestuurd" in sent.content.decode()
    again = client.post(url("send_report", meeting_uuid=meeting.uuid), follow=True)
    assert "al verstuurd" in again.content.decode()
    mails = OutgoingMail.objects.filter(kind="meetings/report")
    assert mails.count() == 4
    assert all("Goede sfeer" not in m.body_text + m.body_html for m in mails)
    token = _token(people[0].email, marker="/verslag/")
    client.logout()
    page = client.get(url("report_read", meeting_uuid=meeting.uuid, token=token))
    assert "Goede sfeer aan tafel" in page.content.decode()
    other = services.create_meeting(
        actor=organiser.user,
        organisation=organiser.organisation,
        title="Andere",
        date=meeting.date,
        starts_at=meeting.starts_at,
    )
    refused = client.get(url("report_read", meeting_uuid=other.uuid, token=token))
    assert refused.status_code == 404
    with pytest.raises(LinkError):
        services.reader_of_report(meeting=other, token=token, client_address=None)


def test_it_refuses_to_send_an_empty_report(organiser, meeting):
    fill(meeting, organiser, n=3)
    with pytest.raises(MeetingError, match="Schrijf eerst"):
        services.send_report(actor=organiser.user, meeting=meeting)


def test_say_helper_still_answers(organiser, meeting):
    services.invite_participant(actor=organiser.user, meeting=meeting, email="x@example.org")
    assert say(meeting, "x@example.org").answer == "ja"
