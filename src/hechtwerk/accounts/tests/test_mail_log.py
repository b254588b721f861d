"""The beheerder's mail log: own organisation only, who/what/when/outcome, no content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hechtwerk.accounts.constants import Role
from hechtwerk.core.constants import MailStatus
from hechtwerk.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


def record(organisation, n=0, **fields):
    defaults = {
        "key_hash": f"{organisation.pk:08d}{n:056d}",
        "kind": "training/reminder",
        "recipient": f"deelnemer{n}@example.org",
        "organisation_id": organisation.uuid,
        "language": "nl",
        "subject": f"Herinnering bijeenkomst {n}",
    }
    return OutgoingMail.objects.create(**{**defaults, **fields})


@pytest.fixture
def beheerder(make_persona, jgz):
    return make_persona(Role.ADMINISTRATOR, jgz, email="joke@jgz.example")


def test_it_shows_a_beheerder_the_mails_of_their_own_organisation_only(
    beheerder, client_for, jgz, other_jgz
):
    record(jgz, 1, status=MailStatus.SENT, sent_at=timezone.now())
    record(
        jgz,
        2,
        status=MailStatus.FAILED,
        attempts=2,
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    record(jgz, 3, status=MailStatus.FAILED, attempts=6, last_error="SMTPRecipientsRefused")
    record(other_jgz, 4, recipient="elders@example.org", subject="Van een ander")

    response = client_for(beheerder).get(reverse("accounts:mail_log"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "deelnemer1@example.org" in page
    assert "Herinnering bijeenkomst 1" in page
    assert "Verstuurd op" in page
    assert "Mislukt na 2 pogingen; nieuwe poging na" in page
    assert "Niet bezorgd: opgegeven na 6 pogingen" in page
    # Another organisation's mail is not there, nor any internal error name.
    assert "elders@example.org" not in page
    assert "Van een ander" not in page
    assert "SMTPRecipientsRefused" not in page


def test_it_refuses_the_mail_log_to_a_nurse(nurse, client_for):
    assert client_for(nurse).get(reverse("accounts:mail_log")).status_code == 403


def test_it_says_so_when_no_mail_was_sent(beheerder, client_for):
    response = client_for(beheerder).get(reverse("accounts:mail_log"))
    assert "nog geen e-mails verstuurd" in response.content.decode()


def test_it_reads_the_mail_log_in_the_same_number_of_queries_for_1_or_50_mails(
    beheerder, client_for, jgz
):
    client = client_for(beheerder)
    record(jgz, 0)
    client.get(reverse("accounts:mail_log"))  # warm up session and membership caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("accounts:mail_log"))
    for n in range(1, 50):
        record(jgz, n)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("accounts:mail_log"))
    assert response.content.decode().count("@example.org") == 50
    assert len(fifty) == len(one)


def test_it_offers_the_mail_log_in_the_menu_of_a_beheerder_only(beheerder, nurse, client_for):
    link = f'href="{reverse("accounts:mail_log")}"'
    assert link in client_for(beheerder).get(reverse("accounts:account")).content.decode()
    assert link not in client_for(nurse).get(reverse("accounts:account")).content.decode()
