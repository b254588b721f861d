"""Daily timer: write due renewals (with invoices) and send licensing reminders, each once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.licensing.services import renew_periods, send_licensing_reminders


class Command(BaseCommand):
    help = "Renew licence and membership periods that are due and send licensing reminders."

    def handle(self, *args: Any, **options: Any) -> None:
        renewed = renew_periods()
        sent = send_licensing_reminders()
        self.stdout.write(f"renewed={renewed} " + " ".join(f"{k}={v}" for k, v in sent.items()))
