"""Daily: remind buyers of unpaid invoices 14 and 30 days after the due date, each once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.billing.services import send_invoice_reminders


class Command(BaseCommand):
    help = "Send the payment reminders that are due (14 and 30 days past the due date), once each."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_invoice_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
