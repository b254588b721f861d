"""Template context about the signed-in user: the current membership, the menu, the roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .capabilities import capabilities_of
from .constants import Role
from .navigation import items_for


def membership(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    current = current if signed_in else None
    # Read once per request by CurrentMembershipMiddleware.
    memberships = getattr(request, "memberships", []) if current else []
    return {
        "current_membership": current,
        "user_memberships": memberships,
        "nav_items": items_for(current),
        "capabilities": (
            capabilities_of(current.organisation.kind, current.role) if current else frozenset()
        ),
        "Role": Role,
    }
