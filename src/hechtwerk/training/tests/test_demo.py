"""The demo courses carry the structure of the seed documents (000, 001, 002, 004)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hechtwerk.accounts import demo as accounts_demo
from hechtwerk.accounts.demo import DemoContext
from hechtwerk.training import demo
from hechtwerk.training.models import Course, Edition
from hechtwerk.training.services import edition_status


@pytest.fixture
def loaded(db):
    context = DemoContext()
    accounts_demo.load(context)
    demo.load(context)
    demo.load(context)  # twice: nothing doubles
    return {c.name: c for c in Course.objects.all()}


def test_it_loads_five_courses_each_with_one_open_edition(loaded):
    assert len(loaded) == 5
    assert Edition.objects.count() == 5
    assert {edition_status(e) for e in Edition.objects.all()} == {"open"}


def test_it_gives_the_masterclass_its_price_days_and_prerequisite(loaded):
    masterclass = loaded["Masterclass Train de Trainer"]
    assert masterclass.price_excl_vat == Decimal("2000.00")
    assert masterclass.price_note == "inclusief lunch"
    assert [p.required_course.name for p in masterclass.prerequisites.all()] == [
        "Basistraining Focus op Hechting"
    ]
    days = list(masterclass.editions.get().sessions.all())
    assert [(s.start_time.hour, s.end_time.hour) for s in days] == [(11, 18), (11, 18)]


def test_it_gives_het_begint_bij_mij_six_meetings_of_three_hours(loaded):
    course = loaded["Het Begint Bij Mij"]
    sessions = list(course.sessions.all())
    assert len(sessions) == 6
    assert {s.duration_minutes for s in sessions} == {180}
    assert sessions[-1].topic.startswith("Afsluiting")
    assert course.group_max == 8


def test_it_gives_the_cursus_hechting_five_meetings_of_two_and_a_half_hours(loaded):
    sessions = list(loaded["Cursus hechting"].editions.get().sessions.all())
    assert [s.net_minutes for s in sessions] == [150] * 5
    assert sessions[0].break_minutes == 15


def test_it_gives_the_basistraining_four_half_days(loaded):
    assert loaded["Basistraining Focus op Hechting"].sessions.count() == 4
