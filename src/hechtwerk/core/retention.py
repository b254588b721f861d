"""Retention of the NEN 7513 access log (T1.7): purge only what is past the maximum, never
anything younger than the five-year minimum, and keep the hash chain verifiable.

In production the purge runs on its own connection, the database alias "purge" (from
HECHTWERK_PURGE_DATABASE_URL), as the only role that may write the purge permit and delete lines
(T1.14, docs/deploy.md). Without that alias it uses the default connection (development, tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .audit import log_action
from .checkpoint import store_path, write_checkpoint
from .constants import GENESIS_HASH
from .models import AccessEvent, AccessLogHead, AccessLogPurgePermit

# NEN 7513 / Besluit elektronische gegevensverwerking: at least five years from writing.
LEGAL_MINIMUM_YEARS = 5


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same calendar moment `years` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def retention_years() -> int:
    """Years a line is kept: the configured maximum, but never less than the minimum."""
    minimum = max(LEGAL_MINIMUM_YEARS, settings.ACCESS_LOG_RETENTION_YEARS)
    return max(minimum, settings.ACCESS_LOG_MAX_RETENTION_YEARS)


def purge_database() -> str:
    """The database alias whose role may delete old lines."""
    return "purge" if "purge" in settings.DATABASES else DEFAULT_DB_ALIAS


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.datetime
    deleted: int
    remaining: int


def purge_access_log(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the oldest lines written before the cutoff, as one prefix of the chain.

    Only a prefix can go: deleting a line from the middle would break the chain. A younger line
    that happens to sit before an older one (a back-dated import) stops the purge there.
    """
    cutoff = years_before(now or timezone.now(), retention_years())
    db = purge_database()
    events = AccessEvent.objects.using(db)
    with transaction.atomic(using=db):
        head, _ = (
            AccessLogHead.objects.using(db)
            .select_for_update()
            .get_or_create(id=1, defaults={"last_hash": GENESIS_HASH, "anchor_hash": GENESIS_HASH})
        )
        first_kept = events.filter(occurred_at__gte=cutoff).order_by("seq").first()
        doomed = events.all()
        if first_kept is not None:
            doomed = doomed.filter(seq__lt=first_kept.seq)
        count = doomed.count()
        if count == 0 or dry_run:
            return PurgeResult(cutoff, count, events.count())
        last_seq = doomed.order_by("-seq").values_list("seq", flat=True)[0]
        # The database triggers let a DELETE through only while a permit row exists (migration
        # core/0002); the permit never outlives this transaction, and only the purge role may
        # write it (T1.14).
        AccessLogPurgePermit.objects.using(db).create()
        with connections[db].cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent WHERE seq <= %s", [last_seq])
        AccessLogPurgePermit.objects.using(db).all().delete()
        anchor = first_kept.prev_hash if first_kept is not None else head.last_hash
        AccessLogHead.objects.using(db).filter(id=1).update(anchor_hash=anchor)
        log_action(
            "core.access_log.purged",
            actor=None,
            data={"deleted": count, "cutoff": cutoff.isoformat(), "up_to_seq": last_seq},
        )
    if store_path() is not None:
        # A checkpoint right after the purge: the next verification starts from the new anchor.
        write_checkpoint()
    return PurgeResult(cutoff, count, events.count())
