"""Recompute the access log's hash chain; exit non-zero when any row was altered (T1.6)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hechtwerk.core.access import verify_chain
from hechtwerk.core.models import AccessEvent


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslogboek (NEN 7513)."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"regel {problem.seq}: {problem.reason}")
            raise CommandError(
                f"Het toegangslogboek is niet intact: {len(problems)} afwijking(en)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Het toegangslogboek is intact ({AccessEvent.objects.count()} regels)."
            )
        )
