"""iCalendar events and feeds: stable UIDs, Amsterdam wall-clock times across DST, cancel (T6.11)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from icalendar import Calendar

from hechtwerk.core.calendar import (
    CONTENT_TYPE,
    CalendarEvent,
    build_calendar,
    calendar_response,
    issue_feed_link,
    resolve_feed,
)
from hechtwerk.core.links import LinkError, LinkProblem

AMS = ZoneInfo("Europe/Amsterdam")
SESSION = uuid.UUID("6f1c2d7e-8a7b-4c1e-9f3a-0b1c2d3e4f50")


def session(start: datetime, **fields) -> CalendarEvent:
    return CalendarEvent(
        uid=SESSION,
        start=start,
        end=start + timedelta(hours=2),
        summary="Training Samen Starten, bijeenkomst 1",
        **fields,
    )


def parse(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize(
    "day",
    [
        datetime(2026, 3, 29, 10, 0, tzinfo=AMS),  # last Sunday of March: clocks go forward
        datetime(2026, 10, 25, 10, 0, tzinfo=AMS),  # last Sunday of October: clocks go back
        datetime(2026, 3, 29, 1, 30, tzinfo=AMS),  # half an hour before the change
    ],
    ids=["march", "october", "before-change"],
)
def test_it_keeps_the_wall_clock_time_on_the_days_the_clocks_change(day):
    calendar, event = parse(build_calendar([session(day)]))

    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (day.date(), day.hour, day.minute)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert start == day  # the same instant
    assert event.decoded("dtend") - start == timedelta(hours=2)
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["tzid"] == "Europe/Amsterdam"


def test_it_writes_the_same_instant_when_given_utc():
    """A start stored in UTC (as the database does) is written as Amsterdam wall-clock time."""
    utc_start = datetime(2026, 3, 29, 8, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 summer time
    _, event = parse(build_calendar([session(utc_start)]))
    assert b"DTSTART;TZID=Europe/Amsterdam:20260329T100000" in build_calendar([session(utc_start)])
    assert event.decoded("dtstart").hour == 10


def test_it_gives_each_event_a_stable_uid_stamp_and_sequence(settings):
    settings.SITE_URL = "https://hechtwerk.example.nl"
    start = datetime(2026, 5, 4, 9, 30, tzinfo=AMS)
    first = build_calendar([session(start)])
    moved = build_calendar([session(start + timedelta(days=7), sequence=1)])

    _, original = parse(first)
    _, rescheduled = parse(moved)
    assert str(original["uid"]) == f"{SESSION}@hechtwerk.example.nl"
    assert original["uid"] == rescheduled["uid"]
    assert (original["sequence"], rescheduled["sequence"]) == (0, 1)
    assert original.decoded("dtstamp").utcoffset() == timedelta(0)
    assert original["status"] == "CONFIRMED"


def test_it_marks_a_cancelled_event_cancelled():
    _, event = parse(
        build_calendar(
            [session(datetime(2026, 6, 1, 14, 0, tzinfo=AMS), cancelled=True, sequence=2)]
        )
    )
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 2


def test_it_keeps_health_data_out_of_summary_and_description():
    _, event = parse(
        build_calendar(
            [
                session(
                    datetime(2026, 6, 1, 14, 0, tzinfo=AMS), description="Zaal 2, neem je map mee"
                )
            ]
        )
    )
    assert str(event["summary"]) == "Training Samen Starten, bijeenkomst 1"
    assert str(event["description"]) == "Zaal 2, neem je map mee"

    for text in ("Casuscode AB12", "Zorgen over de hechting", "Signalenlijst bespreken"):
        with pytest.raises(ValueError, match="health"):
            session(datetime(2026, 6, 1, 14, 0, tzinfo=AMS), description=text)


def test_it_refuses_naive_or_backwards_times():
    with pytest.raises(ValueError, match="aware"):
        session(datetime(2026, 6, 1, 14, 0))
    with pytest.raises(ValueError, match="end after"):
        CalendarEvent(
            uid=SESSION,
            start=datetime(2026, 6, 1, 14, 0, tzinfo=AMS),
            end=datetime(2026, 6, 1, 13, 0, tzinfo=AMS),
            summary="x",
        )


def test_it_answers_with_text_calendar_as_a_download():
    response = calendar_response(
        [session(datetime(2026, 6, 1, 14, 0, tzinfo=AMS))], filename="bijeenkomst 1.ics"
    )
    assert response["Content-Type"] == CONTENT_TYPE == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bijeenkomst 1.ics"'
    assert Calendar.from_ical(response.content).walk("VEVENT")


@pytest.mark.django_db
def test_it_stops_the_old_feed_address_when_a_new_one_is_made(trainer):
    cache.clear()
    owner = f"user:{trainer.user.uuid}"
    _, old = issue_feed_link(owner=owner, actor=trainer.user)
    assert resolve_feed(old, client_address="192.0.2.1") == owner

    _, new = issue_feed_link(owner=owner, actor=trainer.user)

    assert resolve_feed(new, client_address="192.0.2.1") == owner
    with pytest.raises(LinkError) as refused:
        resolve_feed(old, client_address="192.0.2.1")
    assert refused.value.problem == LinkProblem.REVOKED
