"""Two professionals save the same consult at the same moment, both from the version they opened:
PostgreSQL lets exactly one through; the other gets the conflict message and overwrites nothing."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from hechtwerk.method.codes import Dimension
from hechtwerk.signalling import services
from hechtwerk.signalling.models import Consult, ConsultRevision

from .factories import (
    PARENT_ITEMS,
    ChildFactory,
    all_positive,
    answers_with,
    make_consult,
    signalenlijst_version,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATT1, _ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]


def test_it_lets_exactly_one_of_two_simultaneous_saves_through(nurse, doctor):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks decide between the two saves")
    signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    consult = make_consult(child=child, actor=nurse.user, answers=all_positive())
    opened = consult.version
    edits = {
        "nurse": (nurse.user, answers_with(**{ATT1: "nog_niet_positief"}), "Versie van Vera."),
        "doctor": (doctor.user, all_positive(), "Versie van Jasper."),
    }
    start = threading.Barrier(len(edits))
    outcome: dict[str, Any] = {}

    def save(name: str) -> None:
        user, answers, note = edits[name]
        try:
            mine = Consult.objects.select_related("child", "contact_moment").get(pk=consult.pk)
            start.wait(timeout=10)
            services.correct_consult(
                actor=user,
                consult=mine,
                expected_version=opened,
                contact_moment=mine.contact_moment,
                consult_date=mine.consult_date,
                answers=answers,
                notes=note,
            )
            outcome[name] = "saved"
        except services.ConsultConflictError as error:
            outcome[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, result in outcome.items() if result == "saved"]
    losers = [r for r in outcome.values() if isinstance(r, services.ConsultConflictError)]
    assert len(winners) == 1, outcome
    assert len(losers) == 1, outcome
    assert "niets overschreven" in losers[0].message

    consult.refresh_from_db()
    _user, answers, note = edits[winners[0]]
    assert consult.version == opened + 1
    assert consult.notes == note
    assert {a.item.code: a.option.code for a in consult.answers.all()} == answers
    assert ConsultRevision.objects.filter(consult=consult).count() == 1
