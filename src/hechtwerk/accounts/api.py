"""API authentication by personal token, and `GET /api/v1/me`."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from .services import authenticate_api_token


class TokenAuth(HttpBearer):
    """Bearer token; sets request.user and request.membership like a signed-in session."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        found = authenticate_api_token(token)
        if found is None:
            return None
        request.user = found.user
        request.membership = found.membership  # type: ignore[attr-defined]
        return found


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
def me(request: HttpRequest) -> MeOut:
    membership = request.membership  # type: ignore[attr-defined]
    org = membership.organisation
    return MeOut(
        email=request.user.email,  # type: ignore[union-attr]
        role=membership.role,
        role_label=str(membership.get_role_display()),
        organisation=OrganisationOut(id=org.uuid, name=org.name, kind=org.kind),
    )
