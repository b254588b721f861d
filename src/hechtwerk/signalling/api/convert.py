"""Records as the API's response bodies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hechtwerk.method.ages import age_in_days
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    FactorColumn,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    ConversationModelStatus,
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import (
    SAMENSTARTEN_FIELDS,
    Child,
    Consult,
    ContactMoment,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)
from hechtwerk.signalling.rules import Policy
from hechtwerk.signalling.rules.windows import moment_window, window_for_age

from .schemas import (
    ChildOut,
    ConsultOut,
    ContactMomentOut,
    DimensionOut,
    FactorOut,
    InformatiekaartOut,
    MomentNotHeldOut,
    ReferralOut,
    SamenStartenOut,
    VulnerabilityOut,
)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def child_out(child: Child) -> ChildOut:
    return ChildOut(
        id=child.uuid,
        case_code=child.case_code,
        birth_date=child.birth_date,
        due_date=child.due_date,
        entered_in_error=child.entered_in_error,
    )


def contact_moment_out(moment: ContactMoment, policy: Policy) -> ContactMomentOut:
    window = moment_window(moment.code, moment.age_days, policy)
    return ContactMomentOut(
        code=moment.code,
        label=moment.label,
        age_days=moment.age_days,
        window_from_days=window.from_days,
        window_to_days=window.to_days,
        in_first_half_year=moment.age_days <= policy.first_half_year_days,
    )


def consult_out(
    consult: Consult, child: Child, schedule: Sequence[ContactMoment], policy: Policy
) -> ConsultOut:
    """`schedule` and `policy` once per request: a history converts many consults."""
    age = age_in_days(child.birth_date, consult.consult_date) if child.birth_date else None
    window = (
        window_for_age(age, [(m.code, m.age_days) for m in schedule], policy)
        if age is not None
        else None
    )
    return ConsultOut(
        id=consult.uuid,
        child=child.uuid,
        contact_moment=consult.contact_moment.code,
        consult_date=consult.consult_date,
        version=consult.version,
        entered_in_error=consult.entered_in_error,
        age_days=age,
        in_first_half_year=age is not None and 0 <= age <= policy.first_half_year_days,
        window_contact_moment=window.code if window else None,
        instrument_version=consult.instrument_version.uuid if consult.instrument_version else None,
        answers={a.item.code: a.option.code for a in consult.answers.all()},
        notes=consult.notes,
        rules_version=consult.rules_version,
        discuss_with_parents=consult.discuss_with_parents,
        offer_conversation_model=consult.offer_conversation_model,
        conversation_model=ConversationModelStatus(consult.conversation_status),
        conversation_held_on=consult.conversation_held_on,
        advice=lines(consult.advice_explanation),
        dimensions=[
            DimensionOut(
                dimension=Dimension(d.dimension),
                suggested_status=DimensionStatus(d.suggested_status),
                confirmed_status=DimensionStatus(d.confirmed_status)
                if d.confirmed_status
                else None,
                override_reason=d.override_reason,
                driving_items=list(d.driving_items),
                explanation=d.explanation,
            )
            for d in consult.dimensions.all()
        ],
    )


def informatiekaart_out(check: InformatiekaartCheck) -> InformatiekaartOut:
    return InformatiekaartOut(
        id=check.uuid,
        checked_on=check.checked_on,
        regulation_problems=check.regulation_problems,
        worry_or_overload=check.worry_or_overload,
        dysfunctional_pattern=check.dysfunctional_pattern,
        stress_factor_count=check.stress_factor_count,
        advise_referral=check.advise_referral,
        criteria_met=list(check.criteria_met),
        explanation=lines(check.explanation),
        rules_version=check.rules_version,
        entered_in_error=check.entered_in_error,
    )


def referral_out(referral: Referral) -> ReferralOut:
    intervention = referral.intervention
    check = referral.informatiekaart_check
    return ReferralOut(
        id=referral.uuid,
        destination=ReferralDestination(referral.destination),
        reason=referral.reason,
        referred_on=referral.referred_on,
        started_on=referral.started_on,
        completed_on=referral.completed_on,
        informatiekaart_check=check.uuid if check else None,
        entered_in_error=referral.entered_in_error,
        intervention=intervention.uuid if intervention else None,
        intervention_name=intervention.name if intervention else None,
        follow_up_status=ReferralFollowUpStatus(referral.follow_up_status),
        follow_up_noted_on=referral.follow_up_noted_on,
    )


def not_held_out(record: MomentNotHeld) -> MomentNotHeldOut:
    moment = record.contact_moment
    return MomentNotHeldOut(
        id=record.uuid,
        contact_moment=moment.code,
        contact_moment_label=moment.label,
        reason=MomentNotHeldReason(record.reason),
        noted_on=record.noted_on,
        entered_in_error=record.entered_in_error,
    )


def samenstarten_out(conversation: SamenStartenConversation) -> SamenStartenOut:
    return SamenStartenOut(
        id=conversation.uuid,
        held_on=conversation.held_on,
        ratings={
            domain: getattr(conversation, field) for domain, field in SAMENSTARTEN_FIELDS.items()
        },
        suggested_overall=SamenStartenRating(conversation.suggested_overall),
        overall=SamenStartenRating(conversation.overall),
        suggested_follow_up=SamenStartenFollowUp(conversation.suggested_follow_up),
        follow_up=SamenStartenFollowUp(conversation.follow_up),
        plan=conversation.plan,
        override_reason=conversation.override_reason,
        explanation=lines(conversation.explanation),
        rules_version=conversation.rules_version,
        entered_in_error=conversation.entered_in_error,
    )


def vulnerability_out(assessment: VulnerabilityAssessment) -> VulnerabilityOut:
    return VulnerabilityOut(
        id=assessment.uuid,
        assessed_on=assessment.assessed_on,
        pregnancy_week=assessment.pregnancy_week,
        balance_kept=assessment.balance_kept,
        factors=[
            FactorOut(code=f.code, column=FactorColumn(f.column), urgent=f.urgent, strong=f.strong)
            for f in assessment.factors.all()
        ],
        suggested_grade=VulnerabilityGrade(assessment.suggested_grade),
        final_grade=VulnerabilityGrade(assessment.final_grade),
        rationale=assessment.rationale,
        explanation=lines(assessment.explanation),
        rules_version=assessment.rules_version,
        entered_in_error=assessment.entered_in_error,
    )


def uuids(records: Iterable[Consult | Referral]) -> list[object]:
    return [r.uuid for r in records]
