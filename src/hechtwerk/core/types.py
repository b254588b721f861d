"""The request type our views receive: the middleware adds the current membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hechtwerk.accounts.models import Membership, User


class HechtwerkRequest(HttpRequest):
    user: User | AnonymousUser  # type: ignore[assignment]
    membership: Membership | None
    memberships: list[Membership]
    request_id: str
