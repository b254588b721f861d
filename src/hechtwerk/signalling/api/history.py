"""A child's whole history: as JSON, as a FHIR Bundle, and the Bundle's import."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.access import expect_write, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.signalling.fhir import history_bundle
from hechtwerk.signalling.models import SignalenlijstAnswer
from hechtwerk.signalling.queries import child_history
from hechtwerk.signalling.services import (
    SignallingError,
    current_policy,
    ensure_schedule,
    import_child_history,
)
from hechtwerk.signalling.views.common import DATA_CATEGORY

from .common import FHIR_JSON, fhir_openapi, fhir_response, load_child, refuse_non_clinical
from .consults import with_details
from .convert import (
    consult_out,
    informatiekaart_out,
    not_held_out,
    referral_out,
    samenstarten_out,
    vulnerability_out,
)
from .schemas import HistoryOut, ImportedOut

router = Router()
clinical = api_requires(Capability.RECORD_SIGNALLING, client_data=True)


@router.get(
    "/signalling/children/{child_id}/history",
    response=HistoryOut,
    summary="De geschiedenis van één kind: consulten, checks, verwijzingen, SamenStarten en "
    "kwetsbaarheid",
)
@clinical
def read_history(request: ApiRequest, child_id: uuid.UUID) -> HistoryOut:
    child = load_child(request, child_id, AccessAction.READ)
    history = child_history(child)
    schedule = ensure_schedule(child.organisation)
    policy = current_policy()
    return HistoryOut(
        id=child.uuid,
        case_code=child.case_code,
        birth_date=child.birth_date,
        due_date=child.due_date,
        entered_in_error=child.entered_in_error,
        consults=[consult_out(c, child, schedule, policy) for c in with_details(history.consults)],
        informatiekaart_checks=[informatiekaart_out(c) for c in history.checks],
        referrals=[referral_out(r) for r in history.referrals],
        samenstarten=[samenstarten_out(s) for s in history.samenstarten],
        vulnerability_assessments=[vulnerability_out(v) for v in history.vulnerability],
        moments_not_held=[not_held_out(n) for n in history.not_held],
    )


@router.get(
    "/signalling/children/{child_id}/fhir",
    response={200: dict[str, Any]},
    summary="De geschiedenis van één kind als FHIR R4 Bundle (application/fhir+json)",
    description="Dezelfde Bundle als ‘Geschiedenis exporteren (FHIR)’ op de pagina van het "
    "kind; POST /signalling/children/import neemt hem elders weer over.",
    openapi_extra=fhir_openapi("De Bundle"),
)
@clinical
def history_fhir(request: ApiRequest, child_id: uuid.UUID) -> HttpResponse:
    child = load_child(request, child_id, AccessAction.EXPORT)
    history = child_history(child)
    answers: dict[int, list[SignalenlijstAnswer]] = defaultdict(list)
    for answer in (
        SignalenlijstAnswer.objects.filter(consult__child=child)
        .select_related("item", "option")
        .order_by("item__order", "item__id")
    ):
        answers[answer.consult_id].append(answer)
    return fhir_response(history_bundle(history, answers))


@router.post(
    "/signalling/children/import",
    response={201: ImportedOut},
    summary="De geschiedenis van een kind importeren (FHIR Bundle zoals de export die maakt)",
    description="De body is de Bundle zelf (application/fhir+json). Alles wordt gecontroleerd "
    "voordat er iets wordt vastgelegd: één probleem weigert het hele bestand (400, met wat er "
    "niet klopt).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
@clinical
def import_history(request: ApiRequest) -> Status[Any]:
    refuse_non_clinical(request)
    # A refused import is logged as a failure; a stored one is logged by the service (T1.16).
    expect_write(
        request, action=AccessAction.CREATE, data_category=DATA_CATEGORY, detail={"import": "fhir"}
    )
    if (request.content_type or "") not in (FHIR_JSON, "application/json"):
        raise SignallingError(_("Stuur de Bundle als application/fhir+json."), status=415)
    child = import_child_history(
        actor=request.user,
        organisation=request.membership.organisation,
        bundle_json=request.body,
        via=request,
    )
    write_succeeded(request, logged_by_service=True)
    return Status(
        201,
        ImportedOut(id=child.uuid, case_code=child.case_code, consults=child.consults.count()),
    )
