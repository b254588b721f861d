"""iCalendar files and feeds (RFC 5545) with Europe/Amsterdam times that survive the clock change.

    event = CalendarEvent(uid=session.uuid, start=session.starts_at, end=session.ends_at,
                          summary=_("Bijeenkomst %(course)s") % ..., sequence=session.sequence,
                          url=absolute_url(reverse(...)))
    return calendar_response([event], filename="bijeenkomst.ics")

Every VEVENT has a stable UID (`<uuid>@<host>`), DTSTAMP, DTSTART/DTEND with
TZID=Europe/Amsterdam and the matching VTIMEZONE, a SEQUENCE the owner raises on every
reschedule, and STATUS:CANCELLED once cancelled (T6.11). Titles and descriptions are about
trainings and meetings only; text that reads like health data is refused.

A personal feed is a signed link (purpose "calendar-feed"): `issue_feed_link(...)` revokes the
previous one, so a leaked feed address is stopped by making a new one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from .documents import file_response
from .links import issue_link, resolve_link, revoke_links
from .models import SignedLink

if TYPE_CHECKING:
    # The kernel imports no app: a user is Django's user model, whatever AUTH_USER_MODEL names.
    from django.contrib.auth.base_user import AbstractBaseUser as User

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Hechtwerk//Hechtwerk agenda//NL"
FEED_PURPOSE = "calendar-feed"
FEED_LIFETIME = timedelta(days=365)
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Words that have no place in an agenda (which syncs to phones and shared calendars).
HEALTH_WORDS = re.compile(
    r"casuscode|case.?code|\bbsn\b|burgerservicenummer|diagnose|signalenlijst|dimensie"
    r"|hechtingsproblem|zorgen over|geboortedatum|verwijzing",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CalendarEvent:
    """One appointment: a training session, a meeting. Times are aware datetimes (any zone)."""

    uid: uuid.UUID | str
    start: datetime
    end: datetime
    summary: str
    sequence: int = 0
    cancelled: bool = False
    location: str = ""
    description: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if timezone.is_naive(self.start) or timezone.is_naive(self.end):
            raise ValueError("calendar times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("an event must end after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")
        for text in (self.summary, self.description, self.location):
            if HEALTH_WORDS.search(text):
                raise ValueError("calendar text must not carry client or health data")


def calendar_host() -> str:
    """The domain part of every UID: the site's host name."""
    return urlparse(settings.SITE_URL).hostname or "hechtwerk.nl"


def _vevent(event: CalendarEvent, *, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", f"{event.uid}@{calendar_host()}")
    vevent.add("dtstamp", stamp)
    # Wall-clock time in Amsterdam with TZID: a 10:00 session stays 10:00 across DST changes.
    vevent.add("dtstart", event.start.astimezone(AMSTERDAM))
    vevent.add("dtend", event.end.astimezone(AMSTERDAM))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.summary)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    return vevent


def build_calendar(
    events: Iterable[CalendarEvent], *, name: str = "", now: datetime | None = None
) -> bytes:
    """An iCalendar document with these events and the VTIMEZONE they use."""
    stamp = (now or timezone.now()).astimezone(ZoneInfo("UTC"))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for event in events:
        calendar.add_component(_vevent(event, stamp=stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def calendar_response(
    events: Iterable[CalendarEvent], *, filename: str, name: str = "", download: bool = True
) -> HttpResponse:
    """`text/calendar; charset=utf-8`, as a download (.ics) or inline (a feed)."""
    return file_response(
        build_calendar(events, name=name),
        filename=filename,
        content_type=CONTENT_TYPE,
        inline=not download,
    )


@transaction.atomic
def issue_feed_link(*, owner: str, actor: User | None) -> tuple[SignedLink, str]:
    """A new private feed address for `owner` (e.g. "user:<uuid>"); earlier ones stop working."""
    revoke_links(purpose=FEED_PURPOSE, target=owner, actor=actor)
    return issue_link(
        purpose=FEED_PURPOSE,
        target=owner,
        expires_in=FEED_LIFETIME,
        single_use=False,
        actor=actor,
    )


def resolve_feed(raw_token: str, *, client_address: str) -> str:
    """The owner of a feed address; raises `LinkError` for an unknown, revoked or expired one."""
    return resolve_link(raw_token, purpose=FEED_PURPOSE, client_address=client_address).target_id
