"""Dutch dates (T6.7) and structured, single-line JSON logs (T1.12)."""

from __future__ import annotations

import datetime as dt
import json
import logging

from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from hechtwerk.core.logging import JsonFormatter

MARCH_7 = dt.date(2025, 3, 7)


def test_it_writes_dates_as_day_month_year_in_dutch():
    with translation.override("nl"):
        assert Template("{{ d|date }}").render(Context({"d": MARCH_7})) == "07-03-2025"
        assert formats.date_format(MARCH_7, "SHORT_DATE_FORMAT") == "07-03-2025"
        assert Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": MARCH_7})) == (
            "07-03-2025"
        )


def test_it_reads_dutch_and_iso_dates():
    field = forms.DateField()
    with translation.override("nl"):
        assert field.clean("07-03-2025") == MARCH_7
        assert field.clean("2025-03-07") == MARCH_7


def test_it_formats_a_log_record_as_one_json_line_with_newlines_escaped():
    record = logging.LogRecord(
        "hechtwerk.test", logging.WARNING, __file__, 1, "regel 1\nregel 2", None, None
    )
    record.event_id = "abc"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["message"] == "regel 1\nregel 2"
    assert payload["level"] == "WARNING"
    assert payload["event_id"] == "abc"
    assert payload["time"].endswith("+00:00")
