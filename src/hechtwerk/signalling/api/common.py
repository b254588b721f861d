"""What every signalling endpoint shares: the scoped and logged loads, field paths, paging.

The loads are the pages' own (`views.common.load_child`, `load_consult`, `load_referral`): a
record of another organisation is a 404 with a denied access-log line, a read is logged at once,
and a write is logged when the response is known, with the outcome it really had (T1.16).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.errors import DomainError
from hechtwerk.signalling.models import Child, Consult, Referral, sees_children
from hechtwerk.signalling.services import SignallingError
from hechtwerk.signalling.views import common as pages

FHIR_JSON = "application/fhir+json"


def refuse_non_clinical(request: ApiRequest) -> None:
    if not sees_children(request.membership):
        raise SignallingError(
            _("Alleen jeugdverpleegkundigen en jeugdartsen zien kinderen."), status=403
        )


def load_child(
    request: ApiRequest,
    child_id: uuid.UUID,
    action: str = AccessAction.READ,
    *,
    fetched: list[Child] | None = None,
) -> Child:
    refuse_non_clinical(request)
    return pages.load_child(request, child_id, action, fetched=fetched)  # type: ignore[arg-type]


def load_consult(
    request: ApiRequest, consult_id: uuid.UUID, action: str = AccessAction.READ
) -> Consult:
    refuse_non_clinical(request)
    return pages.load_consult(request, consult_id, action)  # type: ignore[arg-type]


def load_referral(
    request: ApiRequest, referral_id: uuid.UUID, action: str = AccessAction.READ
) -> Referral:
    refuse_non_clinical(request)
    return pages.load_referral(request, referral_id, action)  # type: ignore[arg-type]


@contextmanager
def api_fields(rename: Callable[[str], str] | dict[str, str]) -> Iterator[None]:
    """Name a service's field (a form field name, "item_att1") as the client sent it
    ("answers.att1"): the services speak the pages' language, the API its own body."""
    try:
        yield
    except DomainError as error:
        if error.field:
            error.field = (
                rename(error.field) if callable(rename) else rename.get(error.field, error.field)
            )
        raise


def fhir_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=FHIR_JSON)


def fhir_openapi(description: str, *, request_body: bool = False) -> dict[str, Any]:
    """OpenAPI of an operation that serves (and, with `request_body`, takes) FHIR JSON."""
    content = {FHIR_JSON: {"schema": {"type": "object", "additionalProperties": True}}}
    extra: dict[str, Any] = {"responses": {200: {"description": description, "content": content}}}
    if request_body:
        extra = {
            "requestBody": {
                "required": True,
                "content": {**content, "application/json": content[FHIR_JSON]},
            },
            "responses": {201: {"description": description}},
        }
    return extra


# --- paging ----------------------------------------------------------------------------------


class InErrorIn(Schema):
    reason: str = Field(
        description="Waarom het onjuist is ingevoerd. Geen namen of andere herleidbare gegevens.",
        examples=["Bij het verkeerde kind vastgelegd."],
    )
    version: int | None = Field(
        None,
        description="Alleen bij een consult: de versie die je las. Is die verouderd, dan volgt "
        "409 met de huidige versie.",
    )
