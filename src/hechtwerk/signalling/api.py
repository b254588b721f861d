"""API: submit a consult's answers and get the derived advice back; read a child's history.

Same rules as the pages: JGZ nurses and doctors of the child's own organisation only (another
organisation's child is a 404), every read and change written to the access log, and bad input
answered with 400 naming the field, in the API's one error shape (`hechtwerk.core.errors`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.access import expect_write, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.signalling.models import Child, Consult, Referral, sees_children
from hechtwerk.signalling.queries import child_history
from hechtwerk.signalling.services import (
    SignallingError,
    current_signalenlijst,
    ensure_schedule,
    import_child_history,
    record_consult,
    refer_child,
)
from hechtwerk.signalling.views.common import DATA_CATEGORY, load_child

router = Router(tags=["signalering"])


class ConsultIn(Schema):
    contact_moment: str
    consult_date: date
    answers: dict[str, str]  # item code → option code
    notes: str = ""


class ReferralIn(Schema):
    destination: str
    reason: str
    referred_on: date
    intervention: uuid.UUID | None = None  # a catalogue intervention's id, optional


class DimensionOut(Schema):
    dimension: str
    suggested_status: str
    confirmed_status: str
    driving_items: list[str]
    explanation: str


class ConsultOut(Schema):
    id: uuid.UUID
    contact_moment: str
    consult_date: date
    version: int
    entered_in_error: bool
    rules_version: str
    discuss_with_parents: bool
    offer_conversation_model: bool
    conversation_model: str
    advice: list[str]
    dimensions: list[DimensionOut]


class ReferralOut(Schema):
    id: uuid.UUID
    destination: str
    referred_on: date
    started_on: date | None
    completed_on: date | None
    entered_in_error: bool
    intervention: uuid.UUID | None = None
    intervention_name: str | None = None


class HistoryOut(Schema):
    case_code: str
    birth_date: date | None
    due_date: date | None
    consults: list[ConsultOut]
    referrals: list[ReferralOut]


class ImportedOut(Schema):
    id: uuid.UUID
    case_code: str
    consults: int


def _child(request: HttpRequest, child_id: uuid.UUID, action: str) -> Child:
    if not sees_children(getattr(request, "membership", None)):
        raise HttpError(403, _("Alleen jeugdverpleegkundigen en jeugdartsen zien kinderen."))
    # The same scoped, logged load as the pages (the token middleware set request.membership).
    return load_child(request, child_id, action)  # type: ignore[arg-type]


def _consult_out(consult: Consult) -> ConsultOut:
    return ConsultOut(
        id=consult.uuid,
        contact_moment=consult.contact_moment.code,
        consult_date=consult.consult_date,
        version=consult.version,
        entered_in_error=consult.entered_in_error,
        rules_version=consult.rules_version,
        discuss_with_parents=consult.discuss_with_parents,
        offer_conversation_model=consult.offer_conversation_model,
        conversation_model=consult.conversation_status,
        advice=consult.advice_explanation.splitlines(),
        dimensions=[
            DimensionOut(
                dimension=d.dimension,
                suggested_status=d.suggested_status,
                confirmed_status=d.confirmed_status,
                driving_items=list(d.driving_items),
                explanation=d.explanation,
            )
            for d in consult.dimensions.all()
        ],
    )


@router.post(
    "/signalling/children/{child_id}/consults",
    response={201: ConsultOut},
    summary="Een consult met Signalenlijst vastleggen; het afgeleide advies komt terug",
)
@api_requires(Capability.RECORD_SIGNALLING, client_data=True)
def submit_consult(request: HttpRequest, child_id: uuid.UUID, payload: ConsultIn) -> Status[Any]:
    child = _child(request, child_id, AccessAction.CREATE)
    moments = {m.code: m for m in ensure_schedule(child.organisation)}
    moment = moments.get(payload.contact_moment)
    if moment is None:
        raise SignallingError(_("Onbekend contactmoment in het schema."), field="contact_moment")
    consult = record_consult(
        actor=request.user,  # type: ignore[arg-type]
        child=child,
        contact_moment=moment,
        consult_date=payload.consult_date,
        answers=payload.answers,
        instrument_version=current_signalenlijst(),
        notes=payload.notes,
    )
    write_succeeded(request)  # the CREATE line says success only now (T1.16)
    consult = Consult.objects.select_related("contact_moment").get(pk=consult.pk)
    return Status(201, _consult_out(consult))


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.uuid,
        destination=r.destination,
        referred_on=r.referred_on,
        started_on=r.started_on,
        completed_on=r.completed_on,
        entered_in_error=r.entered_in_error,
        intervention=r.intervention.uuid if r.intervention else None,
        intervention_name=r.intervention.name if r.intervention else None,
    )


@router.post(
    "/signalling/children/{child_id}/referrals",
    response={201: ReferralOut},
    summary="Een verwijzing vastleggen, eventueel naar een interventie uit de catalogus",
)
@api_requires(Capability.RECORD_SIGNALLING, client_data=True)
def submit_referral(request: HttpRequest, child_id: uuid.UUID, payload: ReferralIn) -> Status[Any]:
    child = _child(request, child_id, AccessAction.CREATE)
    intervention = None
    if payload.intervention is not None:
        intervention = Intervention.objects.filter(uuid=payload.intervention).first()
        if intervention is None:
            raise SignallingError(
                _("Deze interventie staat niet in de catalogus."), field="intervention"
            )
    referral = refer_child(
        actor=request.user,  # type: ignore[arg-type]
        child=child,
        destination=payload.destination,
        reason=payload.reason,
        referred_on=payload.referred_on,
        intervention=intervention,
    )
    write_succeeded(request)
    return Status(201, _referral_out(referral))


@router.get(
    "/signalling/children/{child_id}/history",
    response=HistoryOut,
    summary="De geschiedenis van één kind: consulten met dimensies, en verwijzingen",
)
@api_requires(Capability.RECORD_SIGNALLING, client_data=True)
def read_history(request: HttpRequest, child_id: uuid.UUID) -> HistoryOut:
    child = _child(request, child_id, AccessAction.READ)
    history = child_history(child)
    return HistoryOut(
        case_code=child.case_code,
        birth_date=child.birth_date,
        due_date=child.due_date,
        consults=[_consult_out(c) for c in history.consults],
        referrals=[_referral_out(r) for r in history.referrals],
    )


@router.post(
    "/signalling/children/import",
    response={201: ImportedOut},
    summary="De geschiedenis van een kind importeren (FHIR Bundle zoals de export die maakt)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        }
    },
)
@api_requires(Capability.RECORD_SIGNALLING, client_data=True)
def import_history(request: HttpRequest) -> Status[Any]:
    """The body is the Bundle itself; one problem refuses the whole file (400 naming it)."""
    membership = getattr(request, "membership", None)
    if membership is None or not sees_children(membership):
        raise HttpError(403, _("Alleen jeugdverpleegkundigen en jeugdartsen importeren."))
    # A refused import is logged as a failure; a stored one is logged by the service (T1.16).
    expect_write(
        request, action=AccessAction.CREATE, data_category=DATA_CATEGORY, detail={"import": "fhir"}
    )
    child = import_child_history(
        actor=request.user,  # type: ignore[arg-type]
        organisation=membership.organisation,
        bundle_json=request.body,
        via=request,
    )
    write_succeeded(request, logged_by_service=True)
    return Status(
        201,
        ImportedOut(id=child.uuid, case_code=child.case_code, consults=child.consults.count()),
    )
