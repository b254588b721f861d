"""Informatiekaart check, referrals, SamenStarten, vulnerability, and marking in error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.accounts.models import User
from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.audit import log_action
from hechtwerk.instruments.models import InstrumentVersion, Item
from hechtwerk.method.ages import pregnancy_week
from hechtwerk.method.codes import (
    FactorColumn,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import (
    SAMENSTARTEN_FIELDS,
    Child,
    Consult,
    ContactMoment,
    InErrorMarkable,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
    VulnerabilityFactor,
)
from hechtwerk.signalling.rules import (
    Factor,
    InformatiekaartInput,
    advise_referral,
    factor_flag_problem,
    samenstarten_override_problem,
    suggest_samenstarten,
    suggest_vulnerability,
)

from .common import (
    SignallingError,
    check_record_date,
    check_text,
    clean_or_raise,
    current_policy,
    not_in_future,
    today,
)
from .worklist_facts import refresh_child_facts


def _check_consult_of(child: Child, consult: Consult | None) -> None:
    if consult is not None and consult.child_id != child.pk:
        raise SignallingError(_("Dit consult hoort niet bij dit kind."), field="consult")


@transaction.atomic
def check_informatiekaart(
    *,
    actor: User,
    child: Child,
    checked_on: date,
    regulation_problems: bool,
    worry_or_overload: bool,
    dysfunctional_pattern: bool,
    stress_factor_count: int,
    consult: Consult | None = None,
) -> InformatiekaartCheck:
    """Record the four criteria and whether they advise referral to more intensive help."""
    _check_consult_of(child, consult)
    check_record_date(checked_on, child=child, field="checked_on")
    if stress_factor_count < 0:
        raise SignallingError(_("Een aantal kan niet negatief zijn."), field="stress_factor_count")
    advice = advise_referral(
        InformatiekaartInput(
            regulation_problems=regulation_problems,
            worry_or_overload=worry_or_overload,
            dysfunctional_pattern=dysfunctional_pattern,
            stress_factor_count=stress_factor_count,
        ),
        current_policy(),
    )
    check = InformatiekaartCheck(
        child=child,
        consult=consult,
        professional=actor,
        checked_on=checked_on,
        regulation_problems=regulation_problems,
        worry_or_overload=worry_or_overload,
        dysfunctional_pattern=dysfunctional_pattern,
        stress_factor_count=stress_factor_count,
        advise_referral=advice.advise_referral,
        criteria_met=[str(c) for c in advice.criteria_met],
        explanation="\n".join(advice.explanation),
        rules_version=advice.rules_version,
        created_by=actor,
        updated_by=actor,
    )
    clean_or_raise(check)
    check.save()
    log_action(
        "signalling.informatiekaart.checked",
        actor=actor,
        target=check,
        organisation=child.organisation,
        data={"advise_referral": advice.advise_referral},
    )
    return check


@transaction.atomic
def refer_child(
    *,
    actor: User,
    child: Child,
    destination: str,
    reason: str,
    referred_on: date,
    consult: Consult | None = None,
    informatiekaart_check: InformatiekaartCheck | None = None,
    intervention: Intervention | None = None,
) -> Referral:
    """Record a referral to more intensive help, with destination, reason and date, and the
    catalogue intervention referred to when one is named (it must be in the catalogue now)."""
    _check_consult_of(child, consult)
    if informatiekaart_check is not None and informatiekaart_check.child_id != child.pk:
        raise SignallingError(_("Deze check hoort niet bij dit kind."))
    if intervention is not None and not (
        intervention.pk and Intervention.objects.active().filter(pk=intervention.pk).exists()
    ):
        raise SignallingError(
            _("Deze interventie staat niet (meer) in de catalogus; kies een andere."),
            field="intervention",
        )
    if destination not in ReferralDestination.values:
        raise SignallingError(_("Kies waarheen je verwijst."), field="destination")
    if not reason.strip():
        raise SignallingError(_("Vul de reden van de verwijzing in."), field="reason")
    reason = check_text(reason, field="reason")
    check_record_date(referred_on, child=child, field="referred_on")
    referral = Referral(
        child=child,
        consult=consult,
        professional=actor,
        destination=destination,
        reason=reason.strip(),
        referred_on=referred_on,
        informatiekaart_check=informatiekaart_check,
        intervention=intervention,
        created_by=actor,
        updated_by=actor,
    )
    clean_or_raise(referral)
    referral.save()
    refresh_child_facts(child.pk)
    log_action(
        "signalling.referral.created",
        actor=actor,
        target=referral,
        organisation=child.organisation,
        data={
            "destination": destination,
            "intervention": str(intervention.uuid) if intervention else None,
        },
    )
    return referral


@transaction.atomic
def record_referral_follow_up(
    *,
    actor: User,
    referral: Referral,
    started_on: date | None,
    completed_on: date | None,
    status: str = "",
    noted_on: date | None = None,
) -> Referral:
    """Record when the help started and when it was completed, or what became of the referral
    otherwise: parents on a waiting list, declined, or started elsewhere (noted today)."""
    if referral.entered_in_error:
        raise SignallingError(_("Deze verwijzing is als onjuist gemarkeerd."))
    if status not in ReferralFollowUpStatus.values:
        raise SignallingError(_("Kies een geldige stand van het vervolg."), field="status")
    for value, field in ((started_on, "started_on"), (completed_on, "completed_on")):
        not_in_future(value, field=field)
        if value is not None and value < referral.referred_on:
            raise SignallingError(
                _("Deze datum ligt vóór de verwijsdatum (%(date)s).")
                % {"date": referral.referred_on.strftime("%d-%m-%Y")},
                field=field,
            )
    if completed_on is not None and started_on is None:
        raise SignallingError(_("Vul ook in wanneer de hulp is gestart."), field="started_on")
    if started_on and completed_on and completed_on < started_on:
        raise SignallingError(
            _("De hulp kan niet zijn afgerond vóór de start."), field="completed_on"
        )
    if status in (ReferralFollowUpStatus.WAITING_LIST, ReferralFollowUpStatus.DECLINED) and (
        started_on is not None
    ):
        raise SignallingError(
            _("De hulp is gestart; een wachtlijst of afzien past daar niet bij."), field="status"
        )
    before = {
        "started_on": str(referral.started_on),
        "completed_on": str(referral.completed_on),
        "status": referral.follow_up_status,
    }
    not_in_future(noted_on, field="noted_on")
    if noted_on is not None and noted_on < referral.referred_on:
        raise SignallingError(
            _("Het vervolg kan niet vóór de verwijsdatum zijn genoteerd."), field="noted_on"
        )
    if status != referral.follow_up_status or (status and noted_on is not None):
        # The waiting list is followed up again counted from this day (rules.schedule); an
        # import keeps the day it was noted.
        referral.follow_up_noted_on = (noted_on or today()) if status else None
    referral.follow_up_status = status
    referral.started_on = started_on
    referral.completed_on = completed_on
    referral.updated_by = actor
    clean_or_raise(referral)
    referral.save(
        update_fields=[
            "started_on",
            "completed_on",
            "follow_up_status",
            "follow_up_noted_on",
            "updated_by",
            "updated_at",
        ]
    )
    refresh_child_facts(referral.child_id)
    log_action(
        "signalling.referral.follow_up_recorded",
        actor=actor,
        target=referral,
        organisation=referral.child.organisation,
        data={"before": before, "status": status},
    )
    return referral


@transaction.atomic
def mark_moment_not_held(
    *,
    actor: User,
    child: Child,
    contact_moment: ContactMoment,
    reason: str,
    noted_on: date | None = None,
) -> MomentNotHeld:
    """Record that a contact moment of the child's schedule was not held, and why; the moment
    then leaves the worklist (marked entered in error, it comes back)."""
    if child.entered_in_error:
        raise SignallingError(_("Dit kind is als onjuist gemarkeerd."))
    if contact_moment.organisation_id != child.organisation_id:
        raise SignallingError(
            _("Dit contactmoment hoort niet bij je organisatie."), field="contact_moment"
        )
    if reason not in MomentNotHeldReason.values:
        raise SignallingError(_("Kies waarom het contactmoment niet is gehouden."), field="reason")
    noted_on = noted_on or today()
    not_in_future(noted_on, field="noted_on")
    if Consult.objects.counted().filter(child=child, contact_moment=contact_moment).exists():
        raise SignallingError(
            _("Er is al een consult voor dit contactmoment vastgelegd."), field="contact_moment"
        )
    if MomentNotHeld.objects.counted().filter(child=child, contact_moment=contact_moment).exists():
        raise SignallingError(
            _("Dit contactmoment staat al als niet gehouden genoteerd."), field="contact_moment"
        )
    record = MomentNotHeld(
        child=child,
        professional=actor,
        contact_moment=contact_moment,
        reason=reason,
        noted_on=noted_on,
        created_by=actor,
        updated_by=actor,
    )
    clean_or_raise(record)
    record.save()
    refresh_child_facts(child.pk)
    log_action(
        "signalling.moment_not_held.recorded",
        actor=actor,
        target=record,
        organisation=child.organisation,
        data={"contact_moment": contact_moment.code, "reason": reason},
    )
    return record


@transaction.atomic
def record_samenstarten(
    *,
    actor: User,
    child: Child,
    held_on: date,
    ratings: Mapping[str, str],
    overall: str = "",
    follow_up: str = "",
    plan: str = "",
    consult: Consult | None = None,
    override_reason: str = "",
) -> SamenStartenConversation:
    """The 8-week conversation: five domains rated; the whole and the follow-up default to the
    suggestion of the rules when the professional leaves them open."""
    _check_consult_of(child, consult)
    check_record_date(held_on, child=child, field="held_on")
    if child.birth_date is not None and held_on < child.birth_date:
        raise SignallingError(_("Het gesprek ligt vóór de geboortedatum."), field="held_on")
    plan = check_text(plan, field="plan")
    typed: dict[SamenStartenDomain, SamenStartenRating] = {}
    for domain, field in SAMENSTARTEN_FIELDS.items():
        value = ratings.get(domain, "")
        if value not in SamenStartenRating.values:
            raise SignallingError(_("Beoordeel dit domein."), field=field)
        typed[domain] = SamenStartenRating(value)
    suggestion = suggest_samenstarten(typed)
    if overall and overall not in SamenStartenRating.values:
        raise SignallingError(_("Kies een geldig totaaloordeel."), field="overall")
    if follow_up and follow_up not in SamenStartenFollowUp.values:
        raise SignallingError(_("Kies een geldig vervolg."), field="follow_up")
    override_reason = check_text(override_reason, field="override_reason")
    problem = samenstarten_override_problem(
        suggested_overall=suggestion.overall,
        overall=overall,
        suggested_follow_up=suggestion.follow_up,
        follow_up=follow_up,
        reason=override_reason,
    )
    if problem:
        raise SignallingError(problem, field="override_reason")
    conversation = SamenStartenConversation(
        child=child,
        consult=consult,
        professional=actor,
        held_on=held_on,
        suggested_overall=suggestion.overall,
        overall=overall or suggestion.overall,
        suggested_follow_up=suggestion.follow_up,
        follow_up=follow_up or suggestion.follow_up,
        plan=plan.strip(),
        override_reason=override_reason.strip()
        if (overall or suggestion.overall) != suggestion.overall
        or (follow_up or suggestion.follow_up) != suggestion.follow_up
        else "",
        explanation="\n".join(suggestion.explanation),
        rules_version=suggestion.rules_version,
        created_by=actor,
        updated_by=actor,
        **{field: typed[domain] for domain, field in SAMENSTARTEN_FIELDS.items()},
    )
    clean_or_raise(conversation)
    conversation.save()
    log_action(
        "signalling.samenstarten.recorded",
        actor=actor,
        target=conversation,
        organisation=child.organisation,
        data={"overall": conversation.overall, "follow_up": conversation.follow_up},
    )
    return conversation


@dataclass(frozen=True)
class FactorInput:
    """One factor ticked on the Kwetsbaarheid list (an item of the factor list version)."""

    item: Item
    urgent: bool = False
    strong: bool = False
    present: bool = True  # False: only "urgent" or "sterk" was ticked, which is refused


@transaction.atomic
def assess_vulnerability(
    *,
    actor: User,
    child: Child,
    assessed_on: date,
    factors: Sequence[FactorInput],
    balance_kept: bool,
    final_grade: str = "",
    rationale: str = "",
    instrument_version: InstrumentVersion | None = None,
    consult: Consult | None = None,
) -> VulnerabilityAssessment:
    """Kansrijke Start: store the suggested gradation and the professional's final choice."""
    _check_consult_of(child, consult)
    check_record_date(assessed_on, child=child, field="assessed_on")
    rationale = check_text(rationale, field="rationale")
    for factor in factors:
        problem = factor_flag_problem(
            label=factor.item.text,
            present=factor.present,
            urgent=factor.urgent,
            strong=factor.strong,
        )
        if problem:
            raise SignallingError(problem, field=f"factor_{factor.item.code}")
    factors = [factor for factor in factors if factor.present]
    for factor in factors:
        if factor.item.group not in FactorColumn.values:
            raise SignallingError(
                _("Factor %(code)s hoort niet in een kolom.") % {"code": factor.item.code},
                field="factors",
            )
        if instrument_version is not None and factor.item.version_id != instrument_version.pk:
            raise SignallingError(_("Onbekende factor %(code)s.") % {"code": factor.item.code})
    suggestion = suggest_vulnerability(
        [
            Factor(
                f.item.code,
                FactorColumn(f.item.group),
                urgent=f.urgent,
                strong=f.strong,
                label=f.item.text,
            )
            for f in factors
        ],
        balance_kept=balance_kept,
        policy=current_policy(),
    )
    if final_grade and final_grade not in VulnerabilityGrade.values:
        raise SignallingError(_("Kies een geldige gradatie."), field="final_grade")
    final = final_grade or suggestion.grade
    if final != suggestion.grade and not rationale.strip():
        raise SignallingError(
            _("Je kiest een andere gradatie dan voorgesteld; onderbouw je keuze."),
            field="rationale",
        )
    week = None
    before_birth = child.birth_date is None or assessed_on < child.birth_date
    if before_birth and child.due_date is not None:
        week = max(pregnancy_week(child.due_date, assessed_on), 0)
    assessment = VulnerabilityAssessment(
        child=child,
        consult=consult,
        professional=actor,
        assessed_on=assessed_on,
        pregnancy_week=week,
        balance_kept=balance_kept,
        suggested_grade=suggestion.grade,
        final_grade=final,
        rationale=rationale.strip(),
        explanation="\n".join(suggestion.explanation),
        rules_version=suggestion.rules_version,
        instrument_version=instrument_version,
        created_by=actor,
        updated_by=actor,
    )
    clean_or_raise(assessment)
    assessment.save()
    VulnerabilityFactor.objects.bulk_create(
        [
            VulnerabilityFactor(
                assessment=assessment,
                item=f.item,
                code=f.item.code,
                label=f.item.text[:300],
                column=f.item.group,
                urgent=f.urgent,
                strong=f.strong,
            )
            for f in factors
        ]
    )
    log_action(
        "signalling.vulnerability.assessed",
        actor=actor,
        target=assessment,
        organisation=child.organisation,
        data={"suggested": suggestion.grade, "final": final},
    )
    return assessment


@transaction.atomic
def mark_entered_in_error(*, actor: User, record: InErrorMarkable, reason: str) -> InErrorMarkable:
    """Hide a record from every figure while keeping it, with the reason and who marked it."""
    if record.entered_in_error:
        raise SignallingError(_("Dit is al als onjuist gemarkeerd."))
    if not reason.strip():
        raise SignallingError(_("Vul de reden in."), field="reason")
    reason = check_text(reason, field="reason")
    if isinstance(record, Consult):
        # Marking in error is a change of the consult: it goes through the version too.
        from .consults import _claim

        _claim(record, record.version, actor, "onjuist")
    record.entered_in_error = True
    record.error_reason = reason.strip()
    record.error_marked_at = timezone.now()
    record.error_marked_by = actor
    record.save()
    if not isinstance(record, Child):  # a child's own save refreshes its facts
        refresh_child_facts(record.child_id)  # type: ignore[attr-defined]
    child = record if isinstance(record, Child) else getattr(record, "child", None)
    log_action(
        f"signalling.{record._meta.model_name}.entered_in_error",
        actor=actor,
        target=record,
        organisation=child.organisation if child is not None else None,
    )
    return record
