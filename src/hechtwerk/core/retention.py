"""Retention of the NEN 7513 access log (T1.7): purge only what is past the maximum, never
anything younger than the five-year minimum, and keep the hash chain verifiable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .audit import log_action
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
    with transaction.atomic():
        head, _ = AccessLogHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH, "anchor_hash": GENESIS_HASH}
        )
        first_kept = AccessEvent.objects.filter(occurred_at__gte=cutoff).order_by("seq").first()
        doomed = AccessEvent.objects.all()
        if first_kept is not None:
            doomed = doomed.filter(seq__lt=first_kept.seq)
        count = doomed.count()
        if count == 0 or dry_run:
            return PurgeResult(cutoff, count, AccessEvent.objects.count())
        last_seq = doomed.order_by("-seq").values_list("seq", flat=True)[0]
        # The database triggers let a DELETE through only while a permit row exists (migration
        # core/0002); the permit never outlives this transaction.
        AccessLogPurgePermit.objects.create()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent WHERE seq <= %s", [last_seq])
        AccessLogPurgePermit.objects.all().delete()
        anchor = first_kept.prev_hash if first_kept is not None else head.last_hash
        AccessLogHead.objects.filter(id=1).update(anchor_hash=anchor)
        log_action(
            "core.access_log.purged",
            actor=None,
            data={"deleted": count, "cutoff": cutoff.isoformat(), "up_to_seq": last_seq},
        )
    return PurgeResult(cutoff, count, AccessEvent.objects.count())
