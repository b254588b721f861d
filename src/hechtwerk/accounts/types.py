"""The request types our views and API endpoints receive.

`AuthedRequest` is what a view behind `@member` or `@requires(...)` gets: the access check has
already made sure that a user is signed in and acts in a membership, so neither is optional.
`ApiRequest` is the same for an endpoint behind `@api_member` or `@api_requires(...)`, after the
token authentication. `HechtwerkRequest` is any request that passed our middleware.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import APIToken, Membership, User


class HechtwerkRequest(HttpRequest):
    user: User | AnonymousUser  # type: ignore[assignment]
    membership: Membership | None
    memberships: list[Membership]
    request_id: str


class AuthedRequest(HttpRequest):
    """A signed-in user acting in one of their memberships (organisation and role)."""

    user: User  # type: ignore[assignment]
    membership: Membership
    memberships: list[Membership]
    request_id: str


class ApiRequest(HttpRequest):
    """An API call with a valid token; the token belongs to one membership."""

    user: User  # type: ignore[assignment]
    membership: Membership
    auth: APIToken
    request_id: str
