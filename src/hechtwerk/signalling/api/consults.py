"""Consults: record (JSON or a FHIR QuestionnaireResponse), read, correct with the version,
confirm or override the dimensions, and the ééngespreksmodel."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from ninja import Router
from ninja.responses import Status
from pydantic import ValidationError

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.access import write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.inputs import UnsafeInputError, load_json
from hechtwerk.signalling.fhir import questionnaire_response
from hechtwerk.signalling.models import (
    Child,
    Consult,
    ContactMoment,
    DimensionAssessment,
    SignalenlijstAnswer,
)
from hechtwerk.signalling.services import (
    ConversationInput,
    SignallingError,
    confirm_dimensions,
    consult_inputs,
    correct_consult,
    current_policy,
    current_signalenlijst,
    ensure_schedule,
    history_import,
    record_consult,
    record_conversation_model,
    review_consult,
)

from .common import (
    FHIR_JSON,
    api_fields,
    fhir_openapi,
    fhir_response,
    load_child,
    load_consult,
    refuse_non_clinical,
)
from .convert import consult_out
from .schemas import (
    ConsultCorrectionIn,
    ConsultIn,
    ConsultOut,
    ConsultReviewIn,
    ConversationModelIn,
    DimensionsIn,
)

router = Router()
clinical = api_requires(Capability.RECORD_SIGNALLING, client_data=True)

# The largest QuestionnaireResponse taken (one consult is a few kB).
MAX_RESPONSE_BYTES = 256 * 1024


def consult_field(name: str) -> str:
    """The services' form field names as paths in the API's bodies."""
    if name.startswith("item_"):
        return f"answers.{name.removeprefix('item_')}"
    for prefix in ("status_", "reason_"):
        if name.startswith(prefix):
            return f"dimensions.{name.removeprefix(prefix)}.{prefix.rstrip('_')}"
    return name


def with_details(consults: list[Consult]) -> list[Consult]:
    """Answers (with item and option) and dimensions of the consults in two queries."""
    prefetch_related_objects(
        consults,
        Prefetch(
            "answers",
            queryset=SignalenlijstAnswer.objects.select_related("item", "option").order_by(
                "item__order", "item__id"
            ),
        ),
        Prefetch("dimensions", queryset=DimensionAssessment.objects.order_by("id")),
    )
    return consults


def answer(consult: Consult, child: Child) -> ConsultOut:
    """The consult as stored now, with its window in the organisation's schedule."""
    fresh = Consult.objects.select_related("contact_moment", "instrument_version").get(
        pk=consult.pk
    )
    with_details([fresh])
    schedule = ensure_schedule(child.organisation)
    return consult_out(fresh, child, schedule, current_policy())


def _moment(child: Child, code: str, schedule: list[ContactMoment] | None = None) -> ContactMoment:
    moments = schedule if schedule is not None else ensure_schedule(child.organisation)
    moment = next((m for m in moments if m.code == code), None)
    if moment is None:
        raise SignallingError(_("Onbekend contactmoment in het schema."), field="contact_moment")
    return moment


@router.post(
    "/signalling/children/{child_id}/consults",
    response={201: ConsultOut},
    summary="Een consult met Signalenlijst vastleggen; het afgeleide advies komt terug",
    description="Het antwoord zegt ook of het consult in het eerste halfjaar valt en in het "
    "venster van welk contactmoment.",
)
@clinical
def submit_consult(request: ApiRequest, child_id: uuid.UUID, payload: ConsultIn) -> Status[Any]:
    refuse_non_clinical(request)
    # The child, schedule, policy, current Signalenlijst and second-consult check in one round
    # trip; the service checks against them and the answer is built from them.
    inputs = consult_inputs(request.membership.organisation_id, child_id, payload.contact_moment)
    child = load_child(request, child_id, AccessAction.CREATE, fetched=inputs.child)
    with api_fields(consult_field):
        consult = record_consult(
            actor=request.user,
            child=child,
            contact_moment=_moment(child, payload.contact_moment, inputs.schedule),
            consult_date=payload.consult_date,
            answers=payload.answers,
            notes=payload.notes,
            inputs=inputs,
        )
    write_succeeded(request)  # the CREATE line says success only now (T1.16)
    # The consult as just stored (the service returns it with its answers and dimensions).
    return Status(201, consult_out(consult, child, inputs.schedule, inputs.policy))


def _read_response(
    request: ApiRequest, child: Child, schedule: list[ContactMoment]
) -> history_import._ConsultIn:
    """The body as a FHIR R4 QuestionnaireResponse about this child, read like the import does."""
    content_type = request.content_type or ""
    if content_type not in (FHIR_JSON, "application/json"):
        raise SignallingError(
            _("Stuur een FHIR QuestionnaireResponse als application/fhir+json."), status=415
        )
    if len(request.body) > MAX_RESPONSE_BYTES:
        raise SignallingError(_("Het verzoek is te groot."), status=413)
    try:
        data = load_json(request.body)
    except UnsafeInputError as error:
        message = _("Dit is geen geldige JSON.") if error.syntax else error.message
        raise SignallingError(message, field="") from error
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        raise SignallingError(
            _("Dit is geen FHIR QuestionnaireResponse (resourceType ontbreekt)."), field=""
        )
    try:
        response = QuestionnaireResponse.model_validate(data)
    except (ValidationError, LookupError, TypeError) as error:
        raise SignallingError(
            _("Dit is geen geldige FHIR R4 QuestionnaireResponse."), field=""
        ) from error
    identifier = getattr(response.subject, "identifier", None) if response.subject else None
    if identifier is not None and identifier.value and identifier.value != child.case_code:
        raise SignallingError(
            _("Het kind in het bericht (subject) is niet dit kind."), field="subject"
        )
    moments = {m.code: m for m in schedule}
    # The import's reading of a response: contact moment, date, version, answers, note.
    with api_fields({"bundle": ""}):
        parsed = history_import._consult(response, moments)
    if parsed.in_error:
        raise SignallingError(
            _("Een nieuw consult kan niet als onjuist ingevoerd binnenkomen."), field="status"
        )
    return parsed


@router.post(
    "/signalling/children/{child_id}/consults/fhir",
    response={201: ConsultOut},
    summary="Een consult vastleggen als FHIR QuestionnaireResponse; hetzelfde advies komt terug",
    description="De body is een FHIR R4 QuestionnaireResponse (application/fhir+json), zoals "
    "GET /signalling/consults/{id}/fhir die geeft: `authored` is de consultdatum, de extensie "
    "contact-moment het contactmoment, `questionnaire` de versie van de Signalenlijst, de items "
    "de antwoorden. Het antwoord is hetzelfde als bij het JSON-endpoint.",
    openapi_extra=fhir_openapi("Het vastgelegde consult", request_body=True),
)
@clinical
def submit_consult_fhir(request: ApiRequest, child_id: uuid.UUID) -> Status[Any]:
    child = load_child(request, child_id, AccessAction.CREATE)
    schedule = ensure_schedule(child.organisation)
    policy = current_policy()
    parsed = _read_response(request, child, schedule)
    with api_fields(consult_field):
        consult = record_consult(
            actor=request.user,
            child=child,
            contact_moment=parsed.moment,
            consult_date=parsed.on,
            answers=parsed.answers,
            instrument_version=parsed.version or current_signalenlijst(),
            notes=parsed.notes,
            schedule=schedule,
            policy=policy,
        )
    write_succeeded(request)
    return Status(201, consult_out(consult, child, schedule, policy))


@router.get("/signalling/consults/{consult_id}", response=ConsultOut, summary="Eén consult")
@clinical
def read_consult(request: ApiRequest, consult_id: uuid.UUID) -> ConsultOut:
    consult = load_consult(request, consult_id)
    return answer(consult, consult.child)


@router.get(
    "/signalling/consults/{consult_id}/fhir",
    response={200: dict[str, Any]},
    summary="Eén consult als FHIR R4 QuestionnaireResponse (application/fhir+json)",
    openapi_extra=fhir_openapi("De QuestionnaireResponse"),
)
@clinical
def read_consult_fhir(request: ApiRequest, consult_id: uuid.UUID) -> HttpResponse:
    consult = load_consult(request, consult_id, AccessAction.EXPORT)
    answers = list(
        consult.answers.select_related("item", "option").order_by("item__order", "item__id")
    )
    return fhir_response(questionnaire_response(consult, answers))


@router.put(
    "/signalling/consults/{consult_id}",
    response=ConsultOut,
    summary="Een consult corrigeren; de eerdere versie blijft bewaard",
    description="Stuur de versie mee die je las. Heeft iemand anders het consult intussen "
    "opgeslagen, dan volgt 409 met `current_version` en is er niets overschreven.",
)
@clinical
def correct(request: ApiRequest, consult_id: uuid.UUID, payload: ConsultCorrectionIn) -> ConsultOut:
    consult = load_consult(request, consult_id, AccessAction.UPDATE)
    with api_fields(consult_field):
        correct_consult(
            actor=request.user,
            consult=consult,
            expected_version=payload.version,
            contact_moment=_moment(consult.child, payload.contact_moment),
            consult_date=payload.consult_date,
            answers=payload.answers,
            notes=payload.notes,
        )
    write_succeeded(request)
    return answer(consult, consult.child)


@router.post(
    "/signalling/consults/{consult_id}/dimensions",
    response=ConsultOut,
    summary="De voorgestelde status van dimensies bevestigen of, met reden, overschrijven",
)
@clinical
def dimensions(request: ApiRequest, consult_id: uuid.UUID, payload: DimensionsIn) -> ConsultOut:
    consult = load_consult(request, consult_id, AccessAction.UPDATE)
    with api_fields(consult_field):
        confirm_dimensions(
            actor=request.user,
            consult=consult,
            expected_version=payload.version,
            decisions={
                str(dimension): (str(decision.status), decision.reason)
                for dimension, decision in payload.dimensions.items()
            },
        )
    write_succeeded(request)
    return answer(consult, consult.child)


@router.post(
    "/signalling/consults/{consult_id}/conversation-model",
    response=ConsultOut,
    summary="De stand van het ééngespreksmodel vastleggen (aangeboden, geaccepteerd, gevoerd)",
)
@clinical
def conversation_model(
    request: ApiRequest, consult_id: uuid.UUID, payload: ConversationModelIn
) -> ConsultOut:
    consult = load_consult(request, consult_id, AccessAction.UPDATE)
    record_conversation_model(
        actor=request.user,
        consult=consult,
        expected_version=payload.version,
        status=str(payload.status),
        held_on=payload.held_on,
        in_same_consult=payload.in_same_consult,
    )
    write_succeeded(request)
    return answer(consult, consult.child)


@router.post(
    "/signalling/consults/{consult_id}/review",
    response=ConsultOut,
    summary="Dimensies en ééngespreksmodel samen vastleggen (het ene formulier onder het advies)",
    description="Beide of geen van beide: een fout in het ene deel legt ook het andere niet vast. "
    "Stuur `version` mee; is die verouderd, dan volgt 409 met de huidige versie.",
)
@clinical
def review(request: ApiRequest, consult_id: uuid.UUID, payload: ConsultReviewIn) -> ConsultOut:
    consult = load_consult(request, consult_id, AccessAction.UPDATE)
    with api_fields(consult_field):
        review_consult(
            actor=request.user,
            consult=consult,
            expected_version=payload.version,
            decisions={
                str(dimension): (str(decision.status), decision.reason)
                for dimension, decision in payload.dimensions.items()
            },
            conversation=ConversationInput(
                status=str(payload.conversation.status),
                held_on=payload.conversation.held_on,
                in_same_consult=payload.conversation.in_same_consult,
            ),
        )
    write_succeeded(request)
    return answer(consult, consult.child)
