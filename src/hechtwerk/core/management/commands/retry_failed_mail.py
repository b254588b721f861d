"""Try again every mail whose send failed and whose back-off has passed (run by a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.core.mail import retry_failed_mail


class Command(BaseCommand):
    help = "Verstuurt mislukte e-mails opnieuw zodra hun wachttijd voorbij is."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retry_failed_mail()
        sent, failed = counts.get("sent", 0), counts.get("failed", 0)
        self.stdout.write(f"Opnieuw geprobeerd: {sent} verstuurd, {failed} opnieuw mislukt.")
