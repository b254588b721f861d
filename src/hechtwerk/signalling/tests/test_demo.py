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
    assert Child.objects.filter(organisation=context.organisations["jgz"]).count() == 6
    assert Child.objects.filter(organisation=context.organisations["jgz_other"]).count() == 1
    assert Consult.objects.filter(conversation_status="gevoerd").count() == 2
    assert Consult.objects.filter(offer_conversation_model=True).count() == 3
    assert Referral.objects.count() == 2
    assert SamenStartenConversation.objects.count() == 1
    assert VulnerabilityAssessment.objects.get().pregnancy_week is not None
    full = Child.objects.get(case_code="DEMO-005")
    assert full.consults.count() == 6


def test_it_gives_the_demo_nurse_a_worklist_for_today():
    from django.utils import timezone

    from hechtwerk.accounts.models import Membership
    from hechtwerk.signalling.queries import worklist
    from hechtwerk.signalling.services import current_policy, ensure_schedule

    context = accounts_demo.DemoContext()
    accounts_demo.load(context)
    instruments_demo.load(context)
    demo.load(context)
    membership = Membership.objects.get(
        user=context.users["verpleegkundige"], organisation=context.organisations["jgz"]
    )
    entries = {
        e.child.case_code: e
        for e in worklist(
            membership,
            ensure_schedule(membership.organisation),
            current_policy(),
            timezone.localdate(),
        )
    }
    assert entries["DEMO-003"].has_overdue
    assert [m.state for m in entries["DEMO-006"].moments] == ["due"]
    assert entries["DEMO-002"].open_conversations
    assert entries["DEMO-001"].open_referrals
    assert "DEMO-005" not in entries  # everything of the first half year is settled
