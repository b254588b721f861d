"""Pure rules of the proactive access-log review (T1.10): what counts as a finding.

Source: NEN 7513:2018 ch. 8 (review of logs) and the MedMij review duty (trust.md §1); the
night window and bulk threshold are our own choice, documented in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

REVIEW_RULES_VERSION = "2026.1"
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
# Night: from 22:00 until 06:00 local time; a night belongs to the date on which it starts.
NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)
# More client reads than this by one user in one night is a bulk read worth a look.
NIGHT_BULK_THRESHOLD = 20


def is_night(moment: dt.datetime) -> bool:
    """True when `moment` (tz-aware) falls between 22:00 and 06:00 in Amsterdam."""
    local = moment.astimezone(LOCAL_TIME).time()
    return local >= NIGHT_STARTS or local < NIGHT_ENDS


def night_of(moment: dt.datetime) -> dt.date:
    """The date on which the night containing `moment` started (00:30 belongs to yesterday)."""
    local = moment.astimezone(LOCAL_TIME)
    return local.date() - dt.timedelta(days=1) if local.time() < NIGHT_ENDS else local.date()


@dataclass(frozen=True)
class NightBulk:
    """One user's client reads in one night, above the threshold."""

    user_id: int
    night: dt.date
    reads: int
    threshold: int = NIGHT_BULK_THRESHOLD

    @property
    def explanation(self) -> str:
        return f"{self.reads} reads > {self.threshold} between 22:00 and 06:00"


def night_bulk_reads(
    reads: Iterable[tuple[int | None, dt.datetime]], *, threshold: int = NIGHT_BULK_THRESHOLD
) -> list[NightBulk]:
    """Group (user id, moment) client reads by user and night; keep groups above `threshold`."""
    counts: Counter[tuple[int, dt.date]] = Counter(
        (user_id, night_of(moment))
        for user_id, moment in reads
        if user_id is not None and is_night(moment)
    )
    return sorted(
        (
            NightBulk(user_id=user_id, night=night, reads=n, threshold=threshold)
            for (user_id, night), n in counts.items()
            if n > threshold
        ),
        key=lambda bulk: (bulk.night, bulk.user_id),
    )
