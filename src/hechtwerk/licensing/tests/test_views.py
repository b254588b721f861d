"""The trainer's "Mijn licentie", the foundation's compliance overview and the public register
(issue 10; domain.md §6)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hechtwerk.core.models import AuditEntry
from hechtwerk.licensing import services
from hechtwerk.licensing.models import Cancellation, EvaluationReport, Period, RegisterListing

from .conftest import certify, edition_on
from .test_services import pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensed(world, foundation, trainer):
    certify(world, foundation, trainer.user)
    return pay(services.start_licence(actor=None, organisation=foundation, trainer=trainer.user))


def test_it_lets_a_certified_trainer_start_the_licence_from_the_page(
    client_for, world, foundation, trainer
):
    certify(world, foundation, trainer.user)
    client = client_for(trainer)
    assert "Licentie starten" in client.get(reverse("licensing:mine")).content.decode()
    response = client.post(reverse("licensing:start"), follow=True)
    assert "Je licentie loopt van" in response.content.decode()
    assert Period.objects.filter(trainer=trainer.user).count() == 2  # licence and membership


def test_it_tells_a_trainer_without_certificate_what_to_do(client_for, world, trainer):
    page = client_for(trainer).get(reverse("licensing:mine")).content.decode()
    assert "Na het certificaat van de Masterclass" in page
    assert "Licentie starten" not in page


def test_it_shows_the_standing_the_cut_off_and_cancels_renewal(client_for, licensed, trainer):
    client = client_for(trainer)
    page = client.get(reverse("licensing:mine")).content.decode()
    assert "Licentie: Geldig" in page
    assert "Zeg je op tot en met" in page
    response = client.post(reverse("licensing:cancel"), {"reason": "Ik stop"}, follow=True)
    assert "Opgezegd. Je licentie loopt nog tot en met" in response.content.decode()
    assert Cancellation.objects.filter(trainer=trainer.user).count() == 1
    again = client.post(reverse("licensing:cancel"), {"reason": ""})
    assert again.status_code == 400
    assert "Je hebt al opgezegd." in again.content.decode()


def test_it_submits_an_evaluation_report_with_one_action(
    client_for, world, licensed, foundation, trainer
):
    edition = edition_on(
        world["licensed"], trainer.user, timezone.localdate() - datetime.timedelta(days=3)
    )
    client = client_for(trainer)
    page = client.get(reverse("licensing:mine")).content.decode()
    assert "Verslag naar de stichting sturen" in page
    response = client.post(
        reverse("licensing:submit_report", args=[edition.uuid]),
        {f"r{edition.pk}-remarks": "Goede groep"},
        follow=True,
    )
    assert "Het evaluatieverslag is naar de stichting gestuurd." in response.content.decode()
    report = EvaluationReport.objects.get(edition=edition)
    assert report.submitted_at is not None
    assert report.remarks == "Goede groep"


def test_it_keeps_the_region_typed_when_consent_cannot_be_saved(client_for, licensed, trainer):
    client = client_for(trainer)
    bad = client.post(reverse("licensing:listing"), {"listed": "on", "region": ""})
    assert bad.status_code == 400
    assert not RegisterListing.objects.exists()
    client.post(reverse("licensing:listing"), {"listed": "on", "region": "Limburg"})
    assert RegisterListing.objects.get().region == "Limburg"


def test_it_lists_a_consenting_licensed_trainer_in_the_public_register(
    client, client_for, licensed, trainer
):
    assert "Limburg" not in client.get(reverse("licensing:register")).content.decode()
    client_for(trainer).post(reverse("licensing:listing"), {"listed": "on", "region": "Limburg"})
    page = client.get(reverse("licensing:register")).content.decode()
    assert "Limburg" in page
    assert "Basistraining Focus op Hechting" in page
    assert reverse("training:verify") + "?code=" in page
    assert trainer.user.email not in page
    client_for(trainer).post(reverse("licensing:listing"), {"region": "Limburg"})
    assert "Limburg" not in client.get(reverse("licensing:register")).content.decode()


def test_it_shows_the_foundation_every_trainer_with_standing_and_unpaid_invoices(
    client_for, world, foundation, trainer, provider_administrator
):
    certify(world, foundation, trainer.user)
    period = services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    from hechtwerk.billing.services import send_invoice

    type(period.invoice).objects.filter(pk=period.invoice.pk).update(
        buyer_address="Straat 1\n6211 AA Maastricht"
    )
    period.invoice.refresh_from_db()
    invoice = send_invoice(actor=None, invoice=period.invoice)
    client = client_for(provider_administrator)
    page = client.get(reverse("licensing:compliance")).content.decode()
    assert "In respijt" in page
    assert invoice.number in page
    assert "Licenties per stand" in page
    filtered = client.get(reverse("licensing:compliance") + "?standing=lapsed").content.decode()
    assert "Geen trainers met deze stand." in filtered
    export = client.get(reverse("licensing:compliance_export", args=["csv"]))
    assert export.status_code == 200
    assert invoice.number in export.content.decode("utf-8-sig")
    xlsx = client.get(reverse("licensing:compliance_export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="licensing.compliance.exported").count() == 2


def test_it_refuses_the_overview_to_a_trainer(client_for, trainer):
    assert client_for(trainer).get(reverse("licensing:compliance")).status_code == 403


def test_it_reads_each_trainers_facts_once_for_all_quarters_of_the_figures(
    licensed, foundation, trainer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hechtwerk.licensing import queries

    today = timezone.localdate()
    days = [today - datetime.timedelta(days=91 * n) for n in range(8)]
    with CaptureQueriesContext(connection) as one_day:
        single = queries.standing_counts(foundation, days[:1])
    with CaptureQueriesContext(connection) as eight_days:
        counts = queries.standing_counts(foundation, days)
    # The quarters of the figures cost no query more than one day does.
    assert len(eight_days) == len(one_day)
    assert counts[today] == single[today]
    # And each day's count is the standing the trainer's own page shows for that day.
    for day in days:
        code = str(queries.standing_of(trainer.user, foundation, on=day).licence.standing)
        assert counts[day] == {code: 1}
