from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import items_for


def site(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    # Read once per request by CurrentMembershipMiddleware.
    memberships = getattr(request, "memberships", []) if signed_in and membership else []
    return {
        "demo_mode": settings.DEMO_MODE and settings.DEBUG,
        "current_membership": membership if signed_in else None,
        "user_memberships": memberships,
        "nav_items": items_for(membership.role if signed_in and membership else None),
    }
