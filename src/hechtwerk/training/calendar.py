"""Training sessions as calendar events (core.calendar): the same UID for a session everywhere,
so a feed and a downloaded file update one appointment, and CANCELLED once the edition is."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hechtwerk.core.calendar import CalendarEvent

from .models import EditionSession


def session_event(session: EditionSession, *, with_link: bool = True) -> CalendarEvent:
    """One session as an appointment; the online link only in a private feed or download."""
    edition = session.edition
    description = session.topic
    if with_link and session.online_url:
        join = _("Online deelnemen: %(url)s") % {"url": session.online_url}
        description = f"{session.topic}\n{join}"
    return CalendarEvent(
        uid=session.uuid,
        start=session.starts_at,
        end=session.ends_at,
        summary=f"{edition.course.name}: {session.topic}",
        location=session.place or (_("Online") if session.online_url else ""),
        description=description,
        cancelled=edition.cancelled_at is not None,
    )
