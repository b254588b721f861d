"""Load demo data for every app (idempotent) and print the demo sign-ins."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hechtwerk.accounts.demo import DEMO_PASSWORD, USERS, DemoContext

# Apps load in INSTALLED_APPS order; later apps build on what earlier ones made.


class Command(BaseCommand):
    help = "Laadt demogegevens (alleen in demomodus) en toont de demo-aanmeldingen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Also outside demo mode (tests, benchmarks)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or options["force"]):
            raise CommandError(
                "Demogegevens worden alleen geladen in demomodus (HECHTWERK_DEMO_MODE=1)."
            )
        context = DemoContext()
        for app_config in apps.get_app_configs():
            if app_config.name.startswith("hechtwerk.") and find_spec(f"{app_config.name}.demo"):
                import_module(f"{app_config.name}.demo").load(context)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Hechtwerk draait op http://127.0.0.1:8000"))
        self.stdout.write(f"Demo-aanmeldingen (wachtwoord voor iedereen: {DEMO_PASSWORD})")
        for email, _name, org_key, role, _staff in USERS.values():
            org = context.organisations[org_key].name
            self.stdout.write(f"  {role.label:<22} {email:<42} {org}")
        self.stdout.write(
            "In demomodus mogen deze accounts de tweestapsverificatie overslaan; "
            "in productie is die verplicht voor JGZ-rollen, teamleiders, beheerders en logbeheerders."
        )
        self.stdout.write("")
