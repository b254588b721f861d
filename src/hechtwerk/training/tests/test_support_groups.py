"""Het Begint Bij Mij's support group after the last meeting (seed 001): whether it started, its
volunteer leader's first name or alias, and its meetings."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.training.constants import CourseKind
from hechtwerk.training.models import SupportGroup
from hechtwerk.training.services import TrainingError
from hechtwerk.training.services.support_groups import record_support_group

from .factories import in_the_past


@pytest.fixture
def parents_edition(edition):
    edition.course.kind = CourseKind.PARENT
    edition.course.save()
    return edition


def test_it_waits_for_the_last_meeting(parents_edition, trainer):
    with pytest.raises(TrainingError, match="na de laatste bijeenkomst"):
        record_support_group(actor=trainer.user, edition=parents_edition, started=False)


def test_it_records_a_started_group_with_its_leader_and_meetings(parents_edition, trainer):
    in_the_past(parents_edition)
    later = timezone.localdate() + datetime.timedelta(days=14)
    group = record_support_group(
        actor=trainer.user,
        edition=parents_edition,
        started=True,
        leader_alias="Fatima",
        meeting_dates=[timezone.localdate(), later],
    )
    assert group.started is True
    assert group.leader_alias == "Fatima"
    assert [m.date for m in group.meetings.all()] == [timezone.localdate(), later]
    # Correcting it later replaces the meetings, it does not add a second group.
    record_support_group(
        actor=trainer.user,
        edition=parents_edition,
        started=True,
        leader_alias="Fatima",
        meeting_dates=[later],
    )
    assert SupportGroup.objects.get().meetings.count() == 1


def test_it_asks_for_the_leader_of_a_started_group(parents_edition, trainer):
    in_the_past(parents_edition)
    with pytest.raises(TrainingError) as refused:
        record_support_group(actor=trainer.user, edition=parents_edition, started=True)
    assert refused.value.field == "leader_alias"


def test_it_refuses_a_meeting_before_the_training_ended(parents_edition, trainer):
    in_the_past(parents_edition)
    first_day = parents_edition.sessions.first().date
    with pytest.raises(TrainingError):
        record_support_group(
            actor=trainer.user,
            edition=parents_edition,
            started=True,
            leader_alias="Fatima",
            meeting_dates=[first_day],
        )


def test_it_takes_the_follow_up_on_the_trainers_page(client_for, trainer, parents_edition):
    in_the_past(parents_edition)
    client = client_for(trainer)
    url = reverse("training:support_group", args=[parents_edition.uuid])
    bad = client.post(url, {"started": "on", "leader_alias": "Fatima", "meeting_dates": "morgen"})
    assert bad.status_code == 400
    assert "is geen datum" in bad.content.decode()
    day = timezone.localdate() + datetime.timedelta(days=7)
    client.post(
        url, {"started": "on", "leader_alias": "Fatima", "meeting_dates": f"{day:%d-%m-%Y}"}
    )
    page = client.get(url).content.decode()
    assert "1 bijeenkomst vastgelegd" in page
