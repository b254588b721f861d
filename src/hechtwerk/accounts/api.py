"""`GET /api/v1/me`; the token authentication (`TokenAuth`) lives in `permissions.py`."""

from __future__ import annotations

import uuid

from ninja import Router, Schema

from .permissions import api_member
from .types import ApiRequest

router = Router(tags=["account"])


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    kind: str


class MeOut(Schema):
    email: str
    role: str
    role_label: str
    organisation: OrganisationOut


@router.get("/me", response=MeOut, summary="De gebruiker, rol en organisatie van deze sleutel")
@api_member
def me(request: ApiRequest) -> MeOut:
    membership = request.membership
    org = membership.organisation
    return MeOut(
        email=request.user.email,
        role=membership.role,
        role_label=str(membership.get_role_display()),
        organisation=OrganisationOut(id=org.uuid, name=org.name, kind=org.kind),
    )
