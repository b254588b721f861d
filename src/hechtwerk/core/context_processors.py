from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site-wide flags. The membership, menu and roles come from accounts' context processor."""
    return {"demo_mode": settings.DEMO_MODE and settings.DEBUG}
