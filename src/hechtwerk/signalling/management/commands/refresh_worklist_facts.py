"""Derive the worklist facts of every child (or one organisation's) again from their records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hechtwerk.accounts.models import Organisation
from hechtwerk.signalling.services import refresh_worklist_facts


class Command(BaseCommand):
    help = "Berekent de werklijstgegevens van alle kinderen (of van één organisatie) opnieuw."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", type=int, help="Only this organisation (its id).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"] is not None:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Geen organisatie met id {options['organisation']}.")
        count = refresh_worklist_facts(organisation=organisation)
        self.stdout.write(f"{count} kinderen bijgewerkt.")
