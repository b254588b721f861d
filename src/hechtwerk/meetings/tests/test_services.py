"""Services of the meeting planner (seed 004; domain.md §7). Signed links: T-numbers of core."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

import pytest
from django.urls import resolve
from django.utils import timezone

from hechtwerk.core.links import LinkError, revoke_link
from hechtwerk.core.models import AuditEntry, OutgoingMail, SignedLink
from hechtwerk.meetings import services
from hechtwerk.meetings.constants import Answer, GroupingKind
from hechtwerk.meetings.models import MeetingGroup, MeetingSettings, ProfessionBound
from hechtwerk.meetings.services import MeetingError

pytestmark = pytest.mark.django_db


def token_of(email: str) -> str:
    body = OutgoingMail.objects.get(recipient=email).body_text
    url = next(w for w in body.split() if "/antwoord/" in w and "agenda" not in w)
    return resolve(urlparse(url).path).kwargs["token"]


def say(meeting, email, answer="ja", profession="jgz", **extra):
    return services.answer_invitation(
        meeting=meeting,
        token=token_of(email),
        answer=answer,
        profession=profession,
        organisation_name="GGD",
        elearning_completed=True,
        consent_share_contact=False,
        **extra,
    )


def test_it_takes_the_coalition_time_limit_for_a_new_meeting(organiser, script_library):
    MeetingSettings.objects.create(organisation=organiser.organisation, time_limit_minutes=150)
    meeting = services.create_meeting(
        actor=organiser.user,
        organisation=organiser.organisation,
        title="Bijeenkomst",
        date=datetime.date(2027, 3, 1),
        starts_at=datetime.time(9, 0),
    )
    assert meeting.time_limit_minutes == 150
    assert AuditEntry.objects.filter(action="meetings.meeting.created").exists()


def test_it_refuses_to_finalise_the_full_script_and_accepts_it_shortened(
    organiser, meeting, blocks
):
    """Seed 004: the seven blocks take 205 minutes; the meeting lasts at most 2 hours."""
    items = [
        services.add_block(actor=organiser.user, meeting=meeting, block=blocks[n])
        for n in range(1, 8)
    ]
    with pytest.raises(MeetingError, match="205 minuten"):
        services.finalise_program(actor=organiser.user, meeting=meeting)
    for item in items[3:6]:
        services.remove_block(actor=organiser.user, item=item)
    services.set_block_minutes(actor=organiser.user, item=items[2], minutes=20)
    services.finalise_program(actor=organiser.user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.finalised_at is not None
    # A later change makes the program a draft again.
    services.set_block_minutes(actor=organiser.user, item=items[2], minutes=25)
    meeting.refresh_from_db()
    assert meeting.finalised_at is None


def test_it_moves_a_block_up_and_down_and_keeps_start_times_in_order(organiser, meeting, blocks):
    a = services.add_block(actor=organiser.user, meeting=meeting, block=blocks[1])
    b = services.add_block(actor=organiser.user, meeting=meeting, block=blocks[7])
    services.move_block(actor=organiser.user, item=b, up=True)
    assert [i.block.script_number for i in meeting.items.all()] == [7, 1]
    services.move_block(actor=organiser.user, item=b, up=True)  # already first: no change
    services.move_block(actor=organiser.user, item=b, up=False)
    assert [i.pk for i in meeting.items.all()] == [a.pk, b.pk]


def test_it_refuses_minutes_outside_reason(organiser, meeting, blocks):
    item = services.add_block(actor=organiser.user, meeting=meeting, block=blocks[1])
    with pytest.raises(MeetingError):
        services.set_block_minutes(actor=organiser.user, item=item, minutes=0)


def test_it_invites_once_with_a_link_and_an_agenda_file_and_warns_when_late(organiser, meeting):
    """Seed 004 §3 stap 2: invite personally, at least six weeks ahead."""
    _inv, warning = services.invite_participant(
        actor=organiser.user, meeting=meeting, email="Ans@Example.org"
    )
    assert warning is None  # ten weeks ahead
    mail = OutgoingMail.objects.get(recipient="ans@example.org")
    assert "/antwoord/" in mail.body_text
    assert "agenda.ics" in mail.body_text
    with pytest.raises(MeetingError, match="al uitgenodigd"):
        services.invite_participant(actor=organiser.user, meeting=meeting, email="ans@example.org")
    _inv, warning = services.invite_participant(
        actor=organiser.user,
        meeting=meeting,
        email="bo@example.org",
        today=meeting.date - datetime.timedelta(weeks=4),
    )
    assert warning is not None
    assert warning.code == "late_invitation"


def test_it_records_an_answer_through_the_link(organiser, meeting):
    services.invite_participant(actor=organiser.user, meeting=meeting, email="ans@example.org")
    invitation = say(meeting, "ans@example.org", profession="wijkteam")
    assert invitation.answer == Answer.YES
    assert invitation.domain == "sociaal"
    assert invitation.waiting_position is None


def test_it_refuses_a_yes_without_the_elearning(organiser, meeting):
    """Seed 004 §2: the e-learning is a condition for taking part."""
    services.invite_participant(actor=organiser.user, meeting=meeting, email="ans@example.org")
    with pytest.raises(MeetingError, match="e-learning"):
        services.answer_invitation(
            meeting=meeting,
            token=token_of("ans@example.org"),
            answer="ja",
            profession="jgz",
            organisation_name="GGD",
            elearning_completed=False,
            consent_share_contact=False,
        )


def test_it_refuses_an_expired_a_revoked_and_another_meetings_link(organiser, meeting):
    services.invite_participant(actor=organiser.user, meeting=meeting, email="ans@example.org")
    services.invite_participant(actor=organiser.user, meeting=meeting, email="bo@example.org")
    other = services.create_meeting(
        actor=organiser.user,
        organisation=organiser.organisation,
        title="Andere",
        date=meeting.date,
        starts_at=datetime.time(9, 0),
    )
    with pytest.raises(LinkError) as refused:
        say(other, "ans@example.org")
    assert refused.value.status == 404
    link = SignedLink.objects.get(pk=meeting.invitations.get(email="ans@example.org").link_id)
    revoke_link(link=link, actor=organiser.user)
    with pytest.raises(LinkError, match="ingetrokken"):
        say(meeting, "ans@example.org")
    expired = SignedLink.objects.get(pk=meeting.invitations.get(email="bo@example.org").link_id)
    SignedLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(LinkError, match="verlopen"):
        say(meeting, "bo@example.org")


def test_it_puts_a_yes_beyond_capacity_on_the_waiting_list_and_promotes_keeping_the_mix(
    organiser, meeting
):
    meeting.capacity = 2
    meeting.save()
    ProfessionBound.objects.create(meeting=meeting, profession="verloskundige", maximum=1)
    for email in ("a@x.nl", "b@x.nl", "c@x.nl", "d@x.nl"):
        services.invite_participant(actor=organiser.user, meeting=meeting, email=email)
    say(meeting, "a@x.nl", profession="verloskundige")
    say(meeting, "b@x.nl", profession="jgz")
    c = say(meeting, "c@x.nl", profession="verloskundige")
    d = say(meeting, "d@x.nl", profession="buurtgezin")
    assert (c.waiting_position, d.waiting_position) == (1, 2)
    # The JGZ nurse cancels: the second midwife would break the maximum, so d moves up.
    say(meeting, "b@x.nl", answer="nee")
    c.refresh_from_db()
    d.refresh_from_db()
    assert d.waiting_position is None
    assert c.waiting_position == 1


def test_it_forms_and_stores_speed_date_rounds_from_accepted_people(organiser, meeting):
    professions = ["jgz", "verloskundige", "wijkteam", "buurtgezin", "huisarts", "kinderopvang"]
    for i in range(12):
        email = f"p{i}@x.nl"
        services.invite_participant(actor=organiser.user, meeting=meeting, email=email)
        say(meeting, email, profession=professions[i % 6])
    result = services.form_groups(
        actor=organiser.user, meeting=meeting, kind=GroupingKind.SPEED_DATE
    )
    assert result.quality.repeated_pairs == 0
    stored = MeetingGroup.objects.filter(meeting=meeting, kind=GroupingKind.SPEED_DATE)
    assert stored.count() == 12  # four threes in each of three rounds
    assert all(g.members.count() == 3 for g in stored)


def test_it_needs_three_accepted_people_to_form_groups(organiser, meeting):
    with pytest.raises(MeetingError, match="drie"):
        services.form_groups(actor=organiser.user, meeting=meeting, kind=GroupingKind.MIXED)
