"""Scoring of a toets: points per answer option and a pass mark, kept through export and import."""

from __future__ import annotations

import json

import pytest

from hechtwerk.instruments.constants import InstrumentKind, ItemKind
from hechtwerk.instruments.exchange import export_native, import_version
from hechtwerk.instruments.rules import score_answers
from hechtwerk.instruments.services import (
    InstrumentError,
    add_item,
    create_instrument,
    create_version,
    publish_version,
    set_pass_mark,
)

pytestmark = pytest.mark.django_db


def _toets():
    instrument = create_instrument(
        actor=None, code="toets-hechting", name="Toets hechting", kind=InstrumentKind.TEST
    )
    version = create_version(actor=None, instrument=instrument, version="1", pass_mark=2)
    for code in ("v1", "v2", "v3"):
        add_item(
            actor=None,
            version=version,
            code=code,
            text=f"Vraag {code}",
            kind=ItemKind.CHOICE,
            options=[("goed", "Goed", 1), ("fout", "Fout", 0)],
        )
    return publish_version(actor=None, version=version)


def test_it_adds_up_the_points_of_the_chosen_options_and_applies_the_pass_mark():
    version = _toets()
    points = version.option_points()
    passed = score_answers(points, {"v1": "goed", "v2": "goed", "v3": "fout"}, version.pass_mark)
    failed = score_answers(points, {"v1": "goed", "v2": "fout", "v3": "fout"}, version.pass_mark)
    assert (passed.points, passed.max_points, passed.passed) == (2, 3, True)
    assert (failed.points, failed.passed) == (1, False)


def test_it_keeps_points_and_pass_mark_through_export_and_import():
    version = _toets()
    data = export_native(version)
    assert data["pass_mark"] == 2
    assert data["items"][0]["options"][0] == {"code": "goed", "label": "Goed", "points": 1}
    data["version"] = "2"
    copy = import_version(actor=None, content=json.dumps(data).encode())
    assert copy.pass_mark == 2
    assert copy.option_points() == version.option_points()


def test_it_refuses_a_pass_mark_that_is_not_a_whole_number():
    data = export_native(_toets())
    data["version"] = "3"
    data["pass_mark"] = "twee"
    with pytest.raises(InstrumentError, match="pass_mark"):
        import_version(actor=None, content=json.dumps(data).encode())


def test_it_fixes_the_pass_mark_once_published():
    version = _toets()
    with pytest.raises(InstrumentError):
        set_pass_mark(actor=None, version=version, pass_mark=1)
