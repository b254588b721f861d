"""API of the material library: the materials of the caller's organisation with their current
version, and a version's file. Both are open only when the library's access check allows (the
owner's beheerder, or a trainer in good standing as licensing decides); a refused download is
recorded and logged like one on the website, and answered 403 in the one error shape."""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from hechtwerk.accounts.capabilities import Capability, can
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.documents import file_response
from hechtwerk.core.paging import Page, PageParams, page_of

from . import services
from .constants import DownloadChannel
from .models import Material, MaterialVersion

router = Router(tags=["materialen"])


class VersionOut(Schema):
    id: uuid.UUID
    label: str
    release_date: datetime.date
    release_notes: str
    content_type: str
    size: int
    sha256: str


class MaterialOut(Schema):
    id: uuid.UUID
    name: str
    registration_number: str
    description: str
    current_version: VersionOut | None


def _version_out(version: MaterialVersion) -> VersionOut:
    return VersionOut(
        id=version.uuid,
        label=version.label,
        release_date=version.release_date,
        release_notes=version.release_notes,
        content_type=version.content_type,
        size=version.size,
        sha256=version.sha256,
    )


@router.get(
    "/materials",
    response=Page[MaterialOut],
    summary="Materialen in de bibliotheek, met hun huidige versie",
)
@api_requires(Capability.OPEN_MATERIAL_LIBRARY)
def list_materials(request: ApiRequest, page: Query[PageParams]) -> Page[MaterialOut]:
    access = services.library_access(request.membership)
    if not access.allowed:
        raise services.MaterialsError(access.reason, status=403)
    today = timezone.localdate()

    def out(material: Material) -> MaterialOut:
        released = [v for v in material.versions.all() if v.release_date <= today]
        current = max(released, key=lambda v: (v.release_date, v.created_at), default=None)
        return MaterialOut(
            id=material.uuid,
            name=material.name,
            registration_number=material.registration_number,
            description=material.description,
            current_version=_version_out(current) if current else None,
        )

    materials = (
        Material.objects.owned_by(request.membership.organisation)
        .prefetch_related("versions")
        .order_by("name", "pk")
    )
    return page_of(materials, page, out)


@router.get(
    "/materials/versions/{version_id}/file",
    summary="Het bestand van een versie (geweigerd en vastgelegd zonder geldige licentie)",
    response={200: None},
)
@api_requires(Capability.OPEN_MATERIAL_LIBRARY)
def download_version(request: ApiRequest, version_id: uuid.UUID) -> HttpResponse:
    versions = MaterialVersion.objects.select_related("material").filter(
        material__organisation=request.membership.organisation
    )
    if not can(request.membership, Capability.MANAGE_MATERIALS):
        versions = versions.released(timezone.localdate())
    version = get_object_or_404(versions, uuid=version_id)
    data = services.download(
        actor=request.user,
        membership=request.membership,
        version=version,
        channel=DownloadChannel.API,
    )
    return file_response(data, filename=version.download_name(), content_type=version.content_type)
