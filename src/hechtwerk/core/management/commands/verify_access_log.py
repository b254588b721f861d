"""Recompute the access log's keyed hash chain and compare it with the signed checkpoints kept
outside the database; exit non-zero on any difference (T1.6, T1.14, T1.15)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hechtwerk.core.access import verify_chain
from hechtwerk.core.checkpoint import read_checkpoints, store_path
from hechtwerk.core.models import AccessEvent


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van het toegangslogboek (NEN 7513) met de sleutel en vergelijkt "
        "haar met het laatste ondertekende controlepunt buiten de database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        path = store_path()
        store = read_checkpoints(path)
        problems = [f"controlepunten: {problem}" for problem in store.problems]
        if path is None or not store.checkpoints:
            where = str(path) if path else "HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH is niet gezet"
            message = f"geen controlepunt gevonden ({where}); draai checkpoint_access_log"
            if path is not None and not settings.DEBUG:
                # A store is named but holds nothing: without a checkpoint a deleted suffix
                # cannot be told from a short log. (No store at all is what check --deploy
                # reports; in development it is only a note.)
                problems.append(message)
            else:
                self.stderr.write(f"Let op: {message}.")
        problems += [
            f"regel {problem.seq}: {problem.reason}"
            for problem in verify_chain(checkpoints=store.checkpoints)
        ]
        if problems:
            for problem in problems[:50]:
                self.stderr.write(problem)
            raise CommandError(
                f"Het toegangslogboek is niet intact: {len(problems)} afwijking(en)."
            )
        latest = store.checkpoints[-1] if store.checkpoints else None
        against = (
            f"; klopt met het controlepunt van {latest.at:%d-%m-%Y %H:%M} UTC (regel {latest.seq})"
            if latest
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Het toegangslogboek is intact ({AccessEvent.objects.count()} regels{against})."
            )
        )
