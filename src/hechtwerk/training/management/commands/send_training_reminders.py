"""Timer job: reminders before a first session, evaluation requests after the last, and the
waiting lists moved on (each mail once). Safe to run as often as wanted; see docs/deploy.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.training.services.reminders import send_due_training_mails


class Command(BaseCommand):
    help = "Send due training reminders and evaluation requests; move waiting lists on."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_due_training_mails()
        self.stdout.write(
            f"reminders={counts['reminders']} evaluation_requests={counts['evaluation_requests']} "
            f"offers={counts['offers']}"
        )
