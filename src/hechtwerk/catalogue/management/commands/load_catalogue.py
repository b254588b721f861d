"""Load the initial interventions catalogue (idempotent); usable in production."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.catalogue.services import load_catalogue


class Command(BaseCommand):
    help = "Laadt de interventies, thema's en standaard koppelregels uit de brondocumenten."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing interventions with the seed values (kept in the history).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_catalogue(update=options["update"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogus geladen: {result.created} nieuw, {result.updated} bijgewerkt, "
                f"{result.unchanged} ongewijzigd; {result.themes} nieuwe thema's, "
                f"{result.rules} nieuwe koppelregels."
            )
        )
