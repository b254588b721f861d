"""Informatiekaart check, referral and its follow-up, SamenStarten, vulnerability, and marking
any record as entered in error; the suggestions of the rules before the final choice."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.access import client_object_or_404, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.instruments.models import InstrumentVersion, Item
from hechtwerk.method.codes import VULNERABILITY_FACTORS, FactorColumn
from hechtwerk.signalling.models import (
    SAMENSTARTEN_FIELDS,
    Child,
    Consult,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)
from hechtwerk.signalling.rules import Factor, suggest_samenstarten, suggest_vulnerability
from hechtwerk.signalling.services import (
    ConsultConflictError,
    FactorInput,
    SignallingError,
    assess_vulnerability,
    check_informatiekaart,
    current_policy,
    ensure_schedule,
    mark_entered_in_error,
    mark_moment_not_held,
    record_referral_follow_up,
    record_samenstarten,
    refer_child,
)
from hechtwerk.signalling.views.common import DATA_CATEGORY, child_ref, record_ref

from .common import InErrorIn, api_fields, load_child, load_referral, refuse_non_clinical
from .convert import (
    child_out,
    informatiekaart_out,
    not_held_out,
    referral_out,
    samenstarten_out,
    vulnerability_out,
)
from .schemas import (
    ChildOut,
    ConsultOut,
    FollowUpIn,
    InformatiekaartIn,
    InformatiekaartOut,
    MomentNotHeldIn,
    MomentNotHeldOut,
    ReferralIn,
    ReferralOut,
    SamenStartenIn,
    SamenStartenOut,
    SamenStartenRatingsIn,
    SamenStartenSuggestionOut,
    VulnerabilityFactorsIn,
    VulnerabilityIn,
    VulnerabilityOut,
    VulnerabilitySuggestionOut,
)

router = Router()
clinical = api_requires(Capability.RECORD_SIGNALLING, client_data=True)

# SamenStarten's columns (the services' field names) as paths in the API's body.
SAMENSTARTEN_PATHS = {field: f"ratings.{domain}" for domain, field in SAMENSTARTEN_FIELDS.items()}


def _consult_of(child: Child, consult_id: uuid.UUID | None) -> Consult | None:
    """A consult named in a body: of this child only, else a 400 at the field."""
    if consult_id is None:
        return None
    consult = Consult.objects.filter(child=child, uuid=consult_id).first()
    if consult is None:
        raise SignallingError(_("Dit consult hoort niet bij dit kind."), field="consult")
    return consult


@router.post(
    "/signalling/children/{child_id}/informatiekaart-checks",
    response={201: InformatiekaartOut},
    summary="Check Informatiekaart ouder-kindrelatie: de vier criteria in, het verwijsadvies uit",
    description="Adviseert de check een verwijzing, dan legt POST …/referrals met "
    "`informatiekaart_check` die verwijzing vast.",
)
@clinical
def informatiekaart(
    request: ApiRequest, child_id: uuid.UUID, payload: InformatiekaartIn
) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    check = check_informatiekaart(
        actor=request.user,
        child=child,
        checked_on=payload.checked_on,
        regulation_problems=payload.regulation_problems,
        worry_or_overload=payload.worry_or_overload,
        dysfunctional_pattern=payload.dysfunctional_pattern,
        stress_factor_count=payload.stress_factor_count,
        consult=_consult_of(child, payload.consult),
    )
    write_succeeded(request)
    return Status(201, informatiekaart_out(check))


@router.post(
    "/signalling/children/{child_id}/referrals",
    response={201: ReferralOut},
    summary="Een verwijzing vastleggen, eventueel naar een interventie uit de catalogus",
)
@clinical
def submit_referral(request: ApiRequest, child_id: uuid.UUID, payload: ReferralIn) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    intervention = None
    if payload.intervention is not None:
        intervention = Intervention.objects.filter(uuid=payload.intervention).first()
        if intervention is None:
            raise SignallingError(
                _("Deze interventie staat niet in de catalogus."), field="intervention"
            )
    check = None
    if payload.informatiekaart_check is not None:
        check = InformatiekaartCheck.objects.filter(
            child=child, uuid=payload.informatiekaart_check
        ).first()
        if check is None:
            raise SignallingError(
                _("Deze check hoort niet bij dit kind."), field="informatiekaart_check"
            )
    referral = refer_child(
        actor=request.user,
        child=child,
        destination=str(payload.destination),
        reason=payload.reason,
        referred_on=payload.referred_on,
        consult=_consult_of(child, payload.consult),
        informatiekaart_check=check,
        intervention=intervention,
    )
    write_succeeded(request)
    return Status(201, referral_out(referral))


@router.post(
    "/signalling/referrals/{referral_id}/follow-up",
    response=ReferralOut,
    summary="Het vervolg van een verwijzing: wanneer de hulp startte en is afgerond",
)
@clinical
def follow_up(request: ApiRequest, referral_id: uuid.UUID, payload: FollowUpIn) -> ReferralOut:
    referral = load_referral(request, referral_id, AccessAction.UPDATE)
    record_referral_follow_up(
        actor=request.user,
        referral=referral,
        started_on=payload.started_on,
        completed_on=payload.completed_on,
        status=str(payload.status),
    )
    write_succeeded(request)
    return referral_out(referral)


@router.post(
    "/signalling/children/{child_id}/moments-not-held",
    response={201: MomentNotHeldOut},
    summary="Een contactmoment als niet gehouden noteren, met de reden (het verlaat de werklijst)",
)
@clinical
def moment_not_held(
    request: ApiRequest, child_id: uuid.UUID, payload: MomentNotHeldIn
) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    moment = next(
        (m for m in ensure_schedule(child.organisation) if m.code == payload.contact_moment), None
    )
    if moment is None:
        raise SignallingError(
            _("Dit contactmoment staat niet in het schema van je organisatie."),
            field="contact_moment",
        )
    record = mark_moment_not_held(
        actor=request.user,
        child=child,
        contact_moment=moment,
        reason=str(payload.reason),
        noted_on=payload.noted_on,
    )
    write_succeeded(request)
    return Status(201, not_held_out(record))


@router.post(
    "/signalling/samenstarten/suggestion",
    response=SamenStartenSuggestionOut,
    summary="Het voorstel van de regels bij de vijf oordelen van SamenStarten",
    description="Leest en bewaart geen gegevens van een kind: alleen de regels.",
)
@clinical
def samenstarten_suggestion(
    request: ApiRequest, payload: SamenStartenRatingsIn
) -> SamenStartenSuggestionOut:
    refuse_non_clinical(request)
    try:
        suggestion = suggest_samenstarten(payload.ratings)
    except ValueError as problem:
        raise SignallingError(str(problem), field="ratings") from problem
    return SamenStartenSuggestionOut(
        overall=suggestion.overall,
        follow_up=suggestion.follow_up,
        explanation=list(suggestion.explanation),
        rules_version=suggestion.rules_version,
    )


@router.post(
    "/signalling/children/{child_id}/samenstarten",
    response={201: SamenStartenOut},
    summary="Het SamenStarten-gesprek: oordelen in, voorgesteld vervolg uit, met de eigen keuze",
)
@clinical
def samenstarten(request: ApiRequest, child_id: uuid.UUID, payload: SamenStartenIn) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    with api_fields(SAMENSTARTEN_PATHS):
        conversation = record_samenstarten(
            actor=request.user,
            child=child,
            held_on=payload.held_on,
            ratings={str(domain): str(rating) for domain, rating in payload.ratings.items()},
            overall=str(payload.overall or ""),
            follow_up=str(payload.follow_up or ""),
            plan=payload.plan,
            consult=_consult_of(child, payload.consult),
            override_reason=payload.override_reason,
        )
    write_succeeded(request)
    return Status(201, samenstarten_out(conversation))


def _factor_items(codes: list[str]) -> tuple[InstrumentVersion | None, dict[str, Item]]:
    """The published factor list and the items named, or a 400 naming the unknown code."""
    version = InstrumentVersion.objects.current_for(VULNERABILITY_FACTORS)
    items = {item.code: item for item in version.items.all()} if version else {}
    for position, code in enumerate(codes):
        if code not in items:
            raise SignallingError(
                _("Onbekende factor %(code)s.") % {"code": code[:60]},
                field=f"factors.{position}.code",
            )
    return version, items


@router.post(
    "/signalling/vulnerability/suggestion",
    response=VulnerabilitySuggestionOut,
    summary="De voorgestelde gradatie van kwetsbaarheid bij de aangekruiste factoren",
    description="Leest en bewaart geen gegevens van een kind: alleen de regels.",
)
@clinical
def vulnerability_suggestion(
    request: ApiRequest, payload: VulnerabilityFactorsIn
) -> VulnerabilitySuggestionOut:
    refuse_non_clinical(request)
    _version, items = _factor_items([f.code for f in payload.factors])
    suggestion = suggest_vulnerability(
        [
            Factor(
                f.code,
                FactorColumn(items[f.code].group),
                urgent=f.urgent,
                strong=f.strong,
                label=items[f.code].text,
            )
            for f in payload.factors
            if items[f.code].group in FactorColumn.values
        ],
        balance_kept=payload.balance_kept,
        policy=current_policy(),
    )
    return VulnerabilitySuggestionOut(
        grade=suggestion.grade,
        driving_factors=list(suggestion.driving_factors),
        explanation=list(suggestion.explanation),
        rules_version=suggestion.rules_version,
    )


@router.post(
    "/signalling/children/{child_id}/vulnerability-assessments",
    response={201: VulnerabilityOut},
    summary="Inschatting kwetsbaarheid (Kansrijke Start): factoren in, gradatie en redenen uit",
    description="Zonder `final_grade` geldt de voorgestelde gradatie; kies je een andere, dan "
    "is `rationale` verplicht.",
)
@clinical
def vulnerability(
    request: ApiRequest, child_id: uuid.UUID, payload: VulnerabilityIn
) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    version, items = _factor_items([f.code for f in payload.factors])
    assessment = assess_vulnerability(
        actor=request.user,
        child=child,
        assessed_on=payload.assessed_on,
        factors=[
            FactorInput(item=items[f.code], urgent=f.urgent, strong=f.strong)
            for f in payload.factors
        ],
        balance_kept=payload.balance_kept,
        final_grade=str(payload.final_grade or ""),
        rationale=payload.rationale,
        instrument_version=version,
        consult=_consult_of(child, payload.consult),
    )
    write_succeeded(request)
    return Status(201, vulnerability_out(assessment))


class RecordKind(StrEnum):
    """The kinds of record that can be marked as entered in error."""

    CHILDREN = "children"
    CONSULTS = "consults"
    INFORMATIEKAART_CHECKS = "informatiekaart-checks"
    REFERRALS = "referrals"
    SAMENSTARTEN = "samenstarten"
    VULNERABILITY_ASSESSMENTS = "vulnerability-assessments"
    MOMENTS_NOT_HELD = "moments-not-held"


MODELS: dict[RecordKind, Any] = {
    RecordKind.CHILDREN: Child,
    RecordKind.CONSULTS: Consult,
    RecordKind.INFORMATIEKAART_CHECKS: InformatiekaartCheck,
    RecordKind.REFERRALS: Referral,
    RecordKind.SAMENSTARTEN: SamenStartenConversation,
    RecordKind.VULNERABILITY_ASSESSMENTS: VulnerabilityAssessment,
    RecordKind.MOMENTS_NOT_HELD: MomentNotHeld,
}

InErrorOut = (
    ChildOut
    | ConsultOut
    | InformatiekaartOut
    | ReferralOut
    | SamenStartenOut
    | VulnerabilityOut
    | MomentNotHeldOut
)


@router.post(
    "/signalling/{kind}/{record_id}/entered-in-error",
    response=InErrorOut,
    summary="Een kind of een vastlegging markeren als onjuist ingevoerd, met de reden",
    description="Het blijft bewaard, maar telt nergens meer mee. Bij een consult: stuur "
    "`version` mee; is die verouderd, dan volgt 409 met de huidige versie.",
)
@clinical
def entered_in_error(
    request: ApiRequest, kind: RecordKind, record_id: uuid.UUID, payload: InErrorIn
) -> Any:
    refuse_non_clinical(request)
    model = MODELS[kind]
    is_child = model is Child
    related = "organisation" if is_child else "child__organisation"
    if model is Consult:
        related = "child__organisation"
    record = client_object_or_404(
        request,
        model.objects.visible_to(request.membership).select_related(related),
        data_category=DATA_CATEGORY,
        client_ref=child_ref if is_child else record_ref,
        action=AccessAction.UPDATE,
        detail={kind.value: str(record_id)},
        uuid=record_id,
    )
    stale = payload.version is not None and payload.version != getattr(record, "version", None)
    if isinstance(record, Consult) and stale:
        raise ConsultConflictError(
            _("Dit consult is intussen gewijzigd; er is niets overschreven. Lees het opnieuw."),
            current_version=record.version,
        )
    mark_entered_in_error(actor=request.user, record=record, reason=payload.reason)
    write_succeeded(request)
    if is_child:
        return child_out(record)
    if isinstance(record, Consult):
        from .consults import answer

        return answer(record, record.child)
    converters: dict[type, Any] = {
        InformatiekaartCheck: informatiekaart_out,
        Referral: referral_out,
        SamenStartenConversation: samenstarten_out,
        VulnerabilityAssessment: vulnerability_out,
        MomentNotHeld: not_held_out,
    }
    return converters[model](record)
