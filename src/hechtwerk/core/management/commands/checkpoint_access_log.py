"""Append a signed checkpoint of the access log's head to the store outside the database (T1.15);
run every few minutes from a timer (docs/deploy.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hechtwerk.core.checkpoint import CheckpointError, write_checkpoint


class Command(BaseCommand):
    help = (
        "Schrijft een ondertekend controlepunt van de kop van het toegangslogboek naar het "
        "bestand in HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH (alleen toevoegen)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = write_checkpoint()
        except CheckpointError as error:
            raise CommandError(str(error)) from error
        # The same line on stdout: the journal, shipped to the central log store, is a second copy.
        self.stdout.write(json.dumps({"access_log_checkpoint": checkpoint.fields()}))
