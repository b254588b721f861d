"""Demo children for "jgz" (consults over the first half year, a zoekende dimension, a held
ééngespreksmodel, a referral, SamenStarten, vulnerability) and one child for "jgz_other".

The demo nurse's worklist today: DEMO-001 (referral without follow-up), DEMO-002 (zoekend without
ééngespreksmodel), DEMO-003 (4-week consult overdue), DEMO-006 (4-week consult due). DEMO-005 has
the whole first half year: six consults, a zoekende dimension at 3 months with the
ééngespreksmodel held, and a referral after the Informatiekaart check whose help has started.

Idempotent: a child whose case code exists is left as it is. Dates are relative to today.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hechtwerk.accounts.demo import DemoContext
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.codes import (
    RISK_GROUP,
    SIGNALENLIJST,
    VULNERABILITY_FACTORS,
    FactorColumn,
    ParentItemAnswer,
    RiskItemAnswer,
    SamenStartenDomain,
)
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import Child, Consult


def _answers(version: InstrumentVersion, not_positive: int = 0) -> dict[str, str]:
    """All parent items positief except the first `not_positive` ones; risk items absent."""
    answers: dict[str, str] = {}
    parent_seen = 0
    for item in version.items.order_by("order", "id"):
        if item.group == RISK_GROUP:
            answers[item.code] = RiskItemAnswer.ABSENT
            continue
        parent_seen += 1
        answers[item.code] = (
            ParentItemAnswer.NOT_YET_POSITIVE
            if parent_seen <= not_positive
            else ParentItemAnswer.POSITIVE
        )
    return answers


@transaction.atomic
def load(context: DemoContext) -> None:
    nurse = context.users.get("verpleegkundige")
    other_nurse = context.users.get("andere_regio")
    jgz = context.organisations.get("jgz")
    other = context.organisations.get("jgz_other")
    version = InstrumentVersion.objects.current_for(SIGNALENLIJST)
    if nurse is None or jgz is None or version is None:
        return
    today = timezone.localdate()
    moments = {m.code: m for m in services.ensure_schedule(jgz)}

    def child(code: str, *, days_old: int | None, due_in: int | None = None) -> Child | None:
        if Child.objects.filter(organisation=jgz, case_code=code).exists():
            return None
        return services.register_child(
            actor=nurse,
            organisation=jgz,
            case_code=code,
            birth_date=today - dt.timedelta(days=days_old) if days_old is not None else None,
            due_date=today + dt.timedelta(days=due_in) if due_in is not None else None,
        )

    def consult(c: Child, code: str, not_positive: int = 0) -> Consult:
        assert c.birth_date is not None
        moment = moments[code]
        return services.record_consult(
            actor=nurse,
            child=c,
            contact_moment=moment,
            consult_date=c.birth_date + dt.timedelta(days=moment.age_days),
            answers=_answers(version, not_positive),
            instrument_version=version,
        )

    # A child of 5 months: consults up to 4 months, one zoekende dimension at 8 weeks with a
    # held ééngespreksmodel, a SamenStarten conversation, and a referral without follow-up.
    first = child("DEMO-001", days_old=150)
    if first is not None:
        consult(first, "huisbezoek_2w")
        consult(first, "4w")
        consult(first, "8w", not_positive=1)
        last = first.consults.get(contact_moment=moments["8w"])
        services.record_conversation_model(
            actor=nurse,
            consult=last,
            expected_version=last.version,
            status=ConversationModelStatus.HELD,
            in_same_consult=True,
        )
        consult(first, "3m")
        consult(first, "4m")
        ratings = {d.value: "prima" for d in SamenStartenDomain}
        ratings[SamenStartenDomain.SOCIAL_NETWORK] = "aandachtspunten"
        assert first.birth_date is not None
        services.record_samenstarten(
            actor=nurse,
            child=first,
            held_on=first.birth_date + dt.timedelta(days=57),
            ratings=ratings,
            plan="Over vier weken bespreken hoe het met de steun uit de omgeving gaat.",
        )
        services.refer_child(
            actor=nurse,
            child=first,
            destination="eigen_organisatie",
            reason="Extra begeleiding bij het slaapritme.",
            # Older than the policy's referral_follow_up_days (42): on the worklist.
            referred_on=today - dt.timedelta(days=50),
        )

    # A child of 10 weeks whose 8-week consult found two items not yet positive (zoekend, no
    # ééngespreksmodel yet) and whose 3-month consult is due.
    second = child("DEMO-002", days_old=72)
    if second is not None:
        consult(second, "huisbezoek_2w")
        consult(second, "4w")
        consult(second, "8w", not_positive=2)

    # A child of 6 weeks with no consult since the home visit: the 4-week consult is overdue.
    third = child("DEMO-003", days_old=45)
    if third is not None:
        consult(third, "huisbezoek_2w")

    # A child of almost 7 months with the whole first half year recorded.
    full = child("DEMO-005", days_old=205)
    if full is not None:
        assert full.birth_date is not None
        for code in ("huisbezoek_2w", "4w", "8w"):
            consult(full, code)
        searching = consult(full, "3m", not_positive=1)
        services.confirm_dimensions(
            actor=nurse,
            consult=searching,
            expected_version=searching.version,
            decisions={d.dimension: (d.suggested_status, "") for d in searching.dimensions.all()},
        )
        services.record_conversation_model(
            actor=nurse,
            consult=searching,
            expected_version=searching.version,
            status=ConversationModelStatus.HELD,
            in_same_consult=True,
        )
        check = services.check_informatiekaart(
            actor=nurse,
            child=full,
            checked_on=searching.consult_date,
            regulation_problems=True,
            worry_or_overload=False,
            dysfunctional_pattern=False,
            stress_factor_count=0,
            consult=searching,
        )
        referral = services.refer_child(
            actor=nurse,
            child=full,
            destination="jeugd_ggz",
            reason="Aanhoudend huilen en moeite met troosten; ouders willen extra steun.",
            referred_on=searching.consult_date,
            informatiekaart_check=check,
        )
        services.record_referral_follow_up(
            actor=nurse,
            referral=referral,
            started_on=searching.consult_date + dt.timedelta(days=14),
            completed_on=None,
        )
        consult(full, "4m")
        consult(full, "6m")

    # A child of almost 4 weeks after the home visit: the 4-week consult is due.
    due = child("DEMO-006", days_old=26)
    if due is not None:
        consult(due, "huisbezoek_2w")

    # Before birth: a vulnerability assessment from the due date.
    unborn = child("DEMO-004", days_old=None, due_in=70)
    factors = InstrumentVersion.objects.current_for(VULNERABILITY_FACTORS)
    if unborn is not None:
        chosen = []
        if factors is not None:
            social = factors.items.filter(group=FactorColumn.SOCIAL_RISK).order_by("order")[:2]
            protective = factors.items.filter(group=FactorColumn.PROTECTIVE).order_by("order")[:1]
            chosen = [services.FactorInput(item=i) for i in social]
            chosen += [services.FactorInput(item=i, strong=True) for i in protective]
        services.assess_vulnerability(
            actor=nurse,
            child=unborn,
            assessed_on=today,
            factors=chosen,
            balance_kept=True,
            instrument_version=factors,
        )

    if (
        other is not None
        and other_nurse is not None
        and not Child.objects.filter(organisation=other, case_code="ELDERS-001").exists()
    ):
        services.register_child(
            actor=other_nurse,
            organisation=other,
            case_code="ELDERS-001",
            birth_date=today - dt.timedelta(days=30),
            due_date=None,
        )
