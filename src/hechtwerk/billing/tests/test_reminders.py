"""Payment reminders 14 and 30 days after the due date, each sent once (send_mail_once)."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.management import call_command

from hechtwerk.billing import services
from hechtwerk.core.mail import OutgoingMail

from .conftest import draft

ISSUED = datetime.date(2026, 1, 5)  # due 04-02-2026 (30 days)


def test_it_reminds_an_unpaid_invoice_twice_and_never_more(
    billing_world, django_capture_on_commit_callbacks
) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "100", "21")), today=ISSUED
    )
    assert invoice.due_date == datetime.date(2026, 2, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invoice_reminders(today=datetime.date(2026, 2, 17)) == 0
        assert services.send_invoice_reminders(today=datetime.date(2026, 2, 18)) == 1
        assert services.send_invoice_reminders(today=datetime.date(2026, 2, 19)) == 0
        assert services.send_invoice_reminders(today=datetime.date(2026, 3, 6)) == 1
        assert services.send_invoice_reminders(today=datetime.date(2026, 4, 1)) == 0
    assert OutgoingMail.objects.count() == 2
    assert mail.outbox[0].to == ["facturen@jgz.example"]
    assert invoice.number in mail.outbox[0].subject
    assert "€\xa0121,00" in mail.outbox[0].body


def test_it_does_not_remind_a_paid_invoice(billing_world) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "100", "21")), today=ISSUED
    )
    services.register_payment(actor=None, invoice=invoice, amount="121", paid_on=ISSUED)
    call_command("send_invoice_reminders")
    assert not OutgoingMail.objects.exists()
