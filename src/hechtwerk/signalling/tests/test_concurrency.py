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


@pytest.mark.parametrize("read_together", [True, False], ids=["inputs read together", "one by one"])
def test_two_first_consults_for_one_moment_at_once_store_one(
    nurse, doctor, monkeypatch, read_together
):
    """Both saves pass the second-consult check before either is stored (held there by a
    barrier); the database's unique constraint lets one in, and the other gets the method's
    message with the consult that went in, as if it had come a moment later."""
    import datetime as dt

    from hechtwerk.signalling.models import Child
    from hechtwerk.signalling.services import consults as consult_services

    version = signalenlijst_version()
    child = ChildFactory(organisation=nurse.organisation)
    assert child.birth_date is not None
    moment = next(m for m in services.ensure_schedule(child.organisation) if m.code == "4w")
    services.current_policy()  # made on first use: not by one save while the other waits
    both_checked = threading.Barrier(2)
    waited = threading.local()
    check = consult_services._check_consult

    def check_then_wait(*args: Any, **kwargs: Any) -> None:
        check(*args, **kwargs)
        if not getattr(waited, "done", False):  # the first check of each save only
            waited.done = True
            both_checked.wait(timeout=10)

    monkeypatch.setattr(consult_services, "_check_consult", check_then_wait)
    outcome: dict[str, Any] = {}

    def save(name: str, user: Any) -> None:
        try:
            mine = Child.objects.select_related("organisation").get(pk=child.pk)
            inputs = (
                services.consult_inputs(mine.organisation_id, mine.uuid, "4w")
                if read_together
                else None
            )
            outcome[name] = services.record_consult(
                actor=user,
                child=mine,
                contact_moment=moment,
                consult_date=child.birth_date + dt.timedelta(days=28),
                answers=all_positive(),
                instrument_version=version,
                inputs=inputs,
            )
        except services.SignallingError as error:
            outcome[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(name, persona.user))
        for name, persona in (("nurse", nurse), ("doctor", doctor))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    stored = [r for r in outcome.values() if isinstance(r, Consult)]
    refused = [r for r in outcome.values() if isinstance(r, services.SignallingError)]
    assert len(stored) == 1, outcome
    assert len(refused) == 1, outcome
    assert "is al een consult vastgelegd" in refused[0].message
    assert refused[0].field == "contact_moment"
    assert refused[0].extra["existing_consult"] == str(stored[0].uuid)
    assert list(Consult.objects.filter(child=child).values_list("pk", flat=True)) == [stored[0].pk]
