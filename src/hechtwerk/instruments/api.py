"""API: published instrument versions, and one version as FHIR R4 Questionnaire (T6.14).

Any signed-in member with a token may read them; definitions are not client data.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_member, api_requires

from .constants import VersionStatus
from .exchange import canonical_reference, export_fhir
from .models import InstrumentVersion

router = Router(tags=["instrumenten"])


class VersionOut(Schema):
    id: uuid.UUID
    instrument_code: str
    instrument_name: str
    kind: str
    version: str
    canonical: str
    is_illustrative: bool
    published_at: datetime | None
    item_count: int


@router.get(
    "/instruments/versions",
    response=list[VersionOut],
    summary="Gepubliceerde instrumentversies",
)
@api_member
def list_versions(request: HttpRequest) -> list[VersionOut]:
    versions = (
        InstrumentVersion.objects.published()
        .select_related("instrument")
        .annotate(item_count=Count("items"))
    )
    return [
        VersionOut(
            id=v.uuid,
            instrument_code=v.instrument.code,
            instrument_name=v.instrument.name,
            kind=v.instrument.kind,
            version=v.version,
            canonical=canonical_reference(v),
            is_illustrative=v.is_illustrative,
            published_at=v.published_at,
            item_count=v.item_count,  # type: ignore[attr-defined]
        )
        for v in versions
    ]


@router.get(
    "/instruments/versions/{version_id}/questionnaire",
    response=dict[str, Any],
    summary="Eén gepubliceerde (of ingetrokken) versie als FHIR R4 Questionnaire",
)
@api_requires(Capability.READ_INSTRUMENT_ITEMS)
def version_questionnaire(request: HttpRequest, version_id: uuid.UUID) -> dict[str, Any]:
    # Retired versions stay readable: earlier responses point to them. Drafts are not shared.
    version = get_object_or_404(
        InstrumentVersion.objects.exclude(status=VersionStatus.DRAFT).select_related("instrument"),
        uuid=version_id,
    )
    return export_fhir(version)
