from __future__ import annotations

import pytest
from django.utils import timezone

from hechtwerk.accounts import demo as accounts_demo
from hechtwerk.accounts.demo import DemoContext
from hechtwerk.billing import demo as billing_demo
from hechtwerk.licensing import demo, queries
from hechtwerk.licensing.constants import Standing
from hechtwerk.licensing.models import EvaluationReport, Period
from hechtwerk.training import demo as training_demo

pytestmark = pytest.mark.django_db


def test_it_loads_a_licensed_demo_trainer_once_in_good_standing_and_listed():
    context = DemoContext()
    accounts_demo.load(context)
    training_demo.load(context)
    billing_demo.load(context)
    demo.load(context)
    demo.load(context)  # twice: nothing doubles
    foundation, trainer = context.organisations["foundation"], context.users["trainer"]
    periods = Period.objects.filter(trainer=trainer)
    assert periods.count() == 2  # licence and membership
    assert all(p.is_paid() for p in periods)
    standing = queries.standing_of(trainer, foundation, on=timezone.localdate())
    assert standing.licence.standing == Standing.CURRENT, standing.licence.reasons
    assert EvaluationReport.objects.get(trainer=trainer).submitted_at is not None
    entries = queries.register_entries(on=timezone.localdate())
    assert [e.region for e in entries] == ["Utrecht"]
