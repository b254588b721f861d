"""Delete access-log lines past their retention (T1.7); run daily from a timer (docs/deploy.md),
with HECHTWERK_PURGE_DATABASE_URL: only the purge role may delete lines (T1.14)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hechtwerk.core.retention import purge_access_log, purge_database, retention_years


class Command(BaseCommand):
    help = (
        "Verwijdert regels uit het toegangslogboek die ouder zijn dan de bewaartermijn "
        "(nooit jonger dan vijf jaar) en houdt de hashketen controleerbaar."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = purge_access_log(dry_run=options["dry_run"])
        verb = "zou verwijderen" if options["dry_run"] else "verwijderd"
        self.stdout.write(
            f"Bewaartermijn {retention_years()} jaar, grens {result.cutoff:%d-%m-%Y %H:%M} UTC: "
            f"{result.deleted} regel(s) {verb}, {result.remaining} over "
            f"(databaseverbinding '{purge_database()}')."
        )
