"""Parents enrol by the edition's signed link, without an account and with nothing about a child
(domain.md §6), and keep a personal link to see, accept or cancel their place."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from hechtwerk.core.models import OutgoingMail
from hechtwerk.training.constants import CourseKind, EnrolmentStatus
from hechtwerk.training.models import Enrolment
from hechtwerk.training.services import TrainingError
from hechtwerk.training.services.parents import issue_parent_link


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def parent_edition(edition):
    edition.course.kind = CourseKind.PARENT
    edition.course.save()
    return edition


def link_path(url: str) -> str:
    return url.split("testserver")[-1] if "testserver" in url else "/" + url.split("/", 3)[3]


def test_it_lets_only_the_editions_trainer_share_the_link(parent_edition, doctor):
    with pytest.raises(TrainingError):
        issue_parent_link(actor=doctor.user, edition=parent_edition)


def test_it_enrols_a_parent_by_link_with_an_alias_and_address_only(client, parent_edition, trainer):
    url = issue_parent_link(actor=trainer.user, edition=parent_edition)
    path = link_path(url)
    page = client.get(path).content.decode()
    assert "Vul niets in over je kind" in page
    response = client.post(path, {"alias": "Sam", "contact_email": "sam@ouder.example"})
    assert "Je bent aangemeld" in response.content.decode()
    enrolment = Enrolment.objects.get(contact_email="sam@ouder.example")
    assert enrolment.alias == "Sam"
    assert enrolment.user is None
    assert enrolment.status == EnrolmentStatus.ENROLLED
    mail = OutgoingMail.objects.get(recipient="sam@ouder.example", kind="training/enrolled")
    place = re.search(r"(/opleidingen/mijn-plaats/[^/\s]+/)", mail.body_text).group(1)
    assert "agenda.ics" in mail.body_text
    # The personal link shows the place and cancels it.
    assert "Ingeschreven" in client.get(place).content.decode()
    client.post(place, {"action": "cancel"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_it_refuses_a_parent_without_an_alias_and_keeps_the_address(
    client, parent_edition, trainer
):
    path = link_path(issue_parent_link(actor=trainer.user, edition=parent_edition))
    response = client.post(path, {"alias": "  ", "contact_email": "sam@ouder.example"})
    assert response.status_code == 400
    assert "sam@ouder.example" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_it_stops_a_revoked_or_renewed_link(client, client_for, parent_edition, trainer):
    old = link_path(issue_parent_link(actor=trainer.user, edition=parent_edition))
    trainer_client = client_for(trainer)
    page = trainer_client.post(
        reverse("training:parent_link", args=[parent_edition.uuid]), {"action": "issue"}
    ).content.decode()
    assert "maar één keer" in page
    assert client.get(old).status_code == 410
    trainer_client.post(
        reverse("training:parent_link", args=[parent_edition.uuid]), {"action": "revoke"}
    )
    page = trainer_client.get(
        reverse("training:parent_link", args=[parent_edition.uuid])
    ).content.decode()
    assert "geen werkende aanmeldlink" in page


def test_it_puts_a_parent_in_line_when_full_and_offers_the_freed_seat_by_mail(
    client, parent_edition, trainer
):
    parent_edition.min_participants = parent_edition.max_participants = 1
    parent_edition.save()
    path = link_path(issue_parent_link(actor=trainer.user, edition=parent_edition))
    client.post(path, {"alias": "Sam", "contact_email": "sam@ouder.example"})
    client.post(path, {"alias": "Noor", "contact_email": "noor@ouder.example", "action": "wait"})
    noor = Enrolment.objects.get(alias="Noor")
    assert noor.status == EnrolmentStatus.WAITING
    sam_mail = OutgoingMail.objects.get(recipient="sam@ouder.example")
    sam_place = re.search(r"(/opleidingen/mijn-plaats/[^/\s]+/)", sam_mail.body_text).group(1)
    client.post(sam_place, {"action": "cancel"})
    offer = OutgoingMail.objects.get(recipient="noor@ouder.example", kind="training/seat_offered")
    noor_place = re.search(r"(/opleidingen/mijn-plaats/[^/\s]+/)", offer.body_text).group(1)
    client.post(noor_place, {"action": "accept"})
    noor.refresh_from_db()
    assert noor.status == EnrolmentStatus.ENROLLED


def test_it_shows_a_clear_message_for_an_unknown_link(client, db):
    response = client.get(reverse("training:parent_enrol", args=["x" * 43]))
    assert response.status_code == 404
    assert "Deze link bestaat niet" in response.content.decode()
