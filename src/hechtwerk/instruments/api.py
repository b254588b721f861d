"""API: published instrument versions; one version with its items and options, as our own JSON
and as FHIR R4 Questionnaire (T6.14).

The list (names and versions) is for any member with a token; the items are licensed material,
for the roles that use them (Capability.READ_INSTRUMENT_ITEMS: JGZ nurses and doctors and the
platform's beheerder).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_member, api_requires
from hechtwerk.core.paging import Page, PageParams, page_of

from .constants import InstrumentKind, ItemKind, VersionStatus
from .exchange import canonical_reference, export_fhir
from .models import InstrumentVersion

router = Router(tags=["instrumenten"])

FHIR_JSON = "application/fhir+json"


class VersionOut(Schema):
    id: uuid.UUID = Field(description="De id van de versie.")
    instrument_code: str = Field(description="De code van het instrument (signalenlijst, …).")
    instrument_name: str = Field(description="De naam van het instrument.")
    kind: InstrumentKind = Field(description="Het soort instrument.")
    version: str = Field(description="Het versienummer.")
    canonical: str = Field(description="De canonieke FHIR-verwijzing: url|versie.")
    is_illustrative: bool = Field(description="Illustratief: plaatshoudende teksten, niet echt.")
    published_at: datetime | None = Field(description="Wanneer de versie gepubliceerd is.")
    item_count: int = Field(description="Het aantal items.")


def _version_out(v: InstrumentVersion, item_count: int) -> VersionOut:
    return VersionOut(
        id=v.uuid,
        instrument_code=v.instrument.code,
        instrument_name=v.instrument.name,
        kind=InstrumentKind(v.instrument.kind),
        version=v.version,
        canonical=canonical_reference(v),
        is_illustrative=v.is_illustrative,
        published_at=v.published_at,
        item_count=item_count,
    )


@router.get(
    "/instruments/versions",
    response=Page[VersionOut],
    summary="Gepubliceerde instrumentversies (zonder de teksten van de items)",
)
@api_member
def list_versions(request: HttpRequest, query: Query[PageParams]) -> Page[VersionOut]:
    versions = (
        InstrumentVersion.objects.published()
        .select_related("instrument")
        .annotate(item_count=Count("items"))
        .order_by("instrument__code", "published_at", "id")
    )
    return page_of(versions, query, lambda v: _version_out(v, v.item_count))


class OptionOut(Schema):
    code: str = Field(description="De code van het antwoord (FHIR valueCoding.code).")
    label: str = Field(description="De tekst van het antwoord.")


class ItemOut(Schema):
    code: str = Field(description="De stabiele code van het item (FHIR linkId).")
    text: str = Field(description="De tekst van het item (gelicenseerd materiaal).")
    help_text: str = Field(description="Een toelichting bij het item.")
    kind: ItemKind = Field(description="Het soort antwoord.")
    group: str = Field(description="De groep (bij de Signalenlijst: de dimensie of ‘risico’).")
    group_label: str = Field(description="De naam van de groep.")
    required: bool = Field(description="Het item moet beantwoord worden.")
    options: list[OptionOut] = Field(description="De antwoordmogelijkheden, op volgorde.")


class VersionDetailOut(VersionOut):
    status: VersionStatus = Field(description="Gepubliceerd of ingetrokken.")
    items: list[ItemOut] = Field(description="De items, op volgorde.")


def _readable(version_id: uuid.UUID) -> InstrumentVersion:
    # Retired versions stay readable: earlier responses point to them. Drafts are not shared.
    return get_object_or_404(
        InstrumentVersion.objects.exclude(status=VersionStatus.DRAFT).select_related("instrument"),
        uuid=version_id,
    )


@router.get(
    "/instruments/versions/{version_id}",
    response=VersionDetailOut,
    summary="Eén gepubliceerde (of ingetrokken) versie met items en antwoordmogelijkheden",
)
@api_requires(Capability.READ_INSTRUMENT_ITEMS)
def read_version(request: HttpRequest, version_id: uuid.UUID) -> VersionDetailOut:
    version = _readable(version_id)
    items = list(version.items.order_by("order", "id").prefetch_related("options"))
    base = _version_out(version, len(items))
    return VersionDetailOut(
        **base.model_dump(),
        status=VersionStatus(version.status),
        items=[
            ItemOut(
                code=item.code,
                text=item.text,
                help_text=item.help_text,
                kind=ItemKind(item.kind),
                group=item.group,
                group_label=item.group_label,
                required=item.required,
                options=[
                    OptionOut(code=o.code, label=o.label)
                    for o in sorted(item.options.all(), key=lambda o: (o.order, o.pk))
                ],
            )
            for item in items
        ],
    )


@router.get(
    "/instruments/versions/{version_id}/questionnaire",
    response={200: dict[str, Any]},
    summary="Eén gepubliceerde (of ingetrokken) versie als FHIR R4 Questionnaire",
    description="Geserveerd als application/fhir+json.",
    openapi_extra={
        "responses": {
            200: {
                "description": "De Questionnaire",
                "content": {FHIR_JSON: {"schema": {"type": "object"}}},
            }
        }
    },
)
@api_requires(Capability.READ_INSTRUMENT_ITEMS)
def version_questionnaire(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    return HttpResponse(
        json.dumps(export_fhir(_readable(version_id)), ensure_ascii=False),
        content_type=FHIR_JSON,
    )
