"""Print or run the GRANT/REVOKE statements of the three database roles (T1.14); run it as the
owner of the tables after creating the roles (docs/deploy.md §5)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hechtwerk.core.dbroles import apply_grants, grant_statements


class Command(BaseCommand):
    help = (
        "Geeft de applicatierol en de opschoonrol precies hun rechten op PostgreSQL "
        "(zonder --execute: alleen de SQL tonen)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--app-role", default=settings.DATABASE_APP_ROLE)
        parser.add_argument("--purge-role", default=settings.DATABASE_PURGE_ROLE)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--execute", action="store_true", help="Run the statements instead of printing them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        app_role, purge_role = options["app_role"], options["purge_role"]
        if not app_role or not purge_role:
            raise CommandError(
                "Noem beide rollen: --app-role en --purge-role "
                "(of HECHTWERK_DATABASE_APP_ROLE en HECHTWERK_DATABASE_PURGE_ROLE)."
            )
        if app_role == purge_role:
            raise CommandError("De applicatierol en de opschoonrol moeten verschillen.")
        if not options["execute"]:
            for statement in grant_statements(app_role, purge_role):
                self.stdout.write(statement + ";")
            return
        if connections[options["database"]].vendor != "postgresql":
            raise CommandError("Databaserollen bestaan alleen op PostgreSQL.")
        count = len(apply_grants(app_role, purge_role, using=options["database"]))
        self.stdout.write(
            self.style.SUCCESS(f"{count} opdrachten uitgevoerd voor {app_role} en {purge_role}.")
        )
