"""Exports: a consult as FHIR QuestionnaireResponse, a child's history as a FHIR Bundle, and the
organisation's consults as CSV with case codes only. Every export writes EXPORT events."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.documents import file_response
from hechtwerk.core.exports import csv_response
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.method.ages import age_in_days
from hechtwerk.method.codes import Dimension
from hechtwerk.signalling.fhir import history_bundle, questionnaire_response
from hechtwerk.signalling.models import Child, Consult, DimensionAssessment, SignalenlijstAnswer
from hechtwerk.signalling.queries import child_history

from .common import clinical, load_child, load_consult, log_children_shown

CSV_CHUNK = 2000


def _json(data: dict[str, Any], filename: str) -> HttpResponse:
    # file_response quotes and RFC 5987-encodes the name with Django's helper: a case code with
    # a newline, quote or non-ASCII character cannot break the header (T5.8).
    return file_response(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        filename=filename,
        content_type="application/fhir+json",
    )


@clinical
@rate_limited("export")
def consult_fhir(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponse:
    consult = load_consult(request, consult_uuid, AccessAction.EXPORT)
    answers = list(
        consult.answers.select_related("item", "option").order_by("item__order", "item__id")
    )
    return _json(questionnaire_response(consult, answers), f"consult-{consult.uuid}.json")


@clinical
@rate_limited("export")
def child_fhir(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponse:
    child = load_child(request, child_uuid, AccessAction.EXPORT)
    history = child_history(child)
    answers: dict[int, list[SignalenlijstAnswer]] = defaultdict(list)
    for answer in (
        SignalenlijstAnswer.objects.filter(consult__child=child)
        .select_related("item", "option")
        .order_by("item__order", "item__id")
    ):
        answers[answer.consult_id].append(answer)
    return _json(history_bundle(history, answers), f"kind-{child.case_code}.json")


@clinical
@rate_limited("export")
def organisation_csv(request: AuthedRequest) -> HttpResponse:
    """Counted consults of the organisation: case code, age in days, dimensions; no dates of
    birth, so the file stays pseudonymous."""
    # Read in chunks (the dimensions prefetched per chunk): an organisation may hold hundreds of
    # thousands of consults, which must not all be objects in memory at once.
    consults = (
        Consult.objects.visible_to(request.membership)
        .counted()
        .filter(child__entered_in_error=False)
        .select_related("child", "contact_moment")
        .prefetch_related(
            Prefetch("dimensions", queryset=DimensionAssessment.objects.order_by("id"))
        )
        .order_by("child__case_code", "consult_date", "id")
        .iterator(chunk_size=CSV_CHUNK)
    )
    dimensions = list(Dimension)
    seen: dict[int, Child] = {}
    yes, no = _("ja"), _("nee")

    def rows() -> Iterator[list[Any]]:
        yield [
            _("dossiercode"),
            _("contactmoment"),
            _("leeftijd (dagen)"),
            *[str(d.label).lower() for d in dimensions],
            _("bespreken"),
            _("ééngespreksmodel"),
            _("versie beslisregels"),
        ]
        for consult in consults:
            child = consult.child
            seen.setdefault(child.pk, child)
            status = {d.dimension: d.status for d in consult.dimensions.all()}
            age = age_in_days(child.birth_date, consult.consult_date) if child.birth_date else ""
            yield [
                child.case_code,
                consult.contact_moment.code,
                age,
                *[status.get(d.value, "") for d in dimensions],
                yes if consult.discuss_with_parents else no,
                consult.conversation_status,
                consult.rules_version,
            ]

    # The shared export: UTF-8 with BOM, every cell formula-safe, the header by Django's helper.
    response = csv_response("signalering.csv", rows())
    log_children_shown(request, seen.values(), AccessAction.EXPORT, {"export": "csv"})
    return response
