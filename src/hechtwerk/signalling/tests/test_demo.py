"""The demo loader: the promised records exist, and loading twice changes nothing."""

from __future__ import annotations

import pytest

from hechtwerk.accounts import demo as accounts_demo
from hechtwerk.instruments import demo as instruments_demo
from hechtwerk.signalling import demo
from hechtwerk.signalling.models import (
    Child,
    Consult,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)

pytestmark = pytest.mark.django_db


def test_it_loads_the_demo_children_once():
    context = accounts_demo.DemoContext()
    accounts_demo.load(context)
    instruments_demo.load(context)
    demo.load(context)
    demo.load(context)
    assert Child.objects.filter(organisation=context.organisations["jgz"]).count() == 4
    assert Child.objects.filter(organisation=context.organisations["jgz_other"]).count() == 1
    assert Consult.objects.filter(conversation_status="gevoerd").count() == 1
    assert Consult.objects.filter(offer_conversation_model=True).count() == 2
    assert Referral.objects.count() == 1
    assert SamenStartenConversation.objects.count() == 1
    assert VulnerabilityAssessment.objects.get().pregnancy_week is not None
