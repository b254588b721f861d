"""Session lifetime, the current organisation and role, and required two-factor sign-in."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from .models import Membership

MEMBERSHIP_SESSION_KEY = "hechtwerk_membership"
LOGIN_TIME_SESSION_KEY = "hechtwerk_login_time"


class SessionLifetimeMiddleware:
    """End a session 12 hours after sign-in, however active it was (ASVS 7.3.2).

    The 30-minute idle limit comes from SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_TIME_SESSION_KEY)
            now = time.time()
            if started is None:
                request.session[LOGIN_TIME_SESSION_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_LIFETIME:
                from .security_log import log_event

                log_event(
                    "session.expired",
                    user=str(getattr(request.user, "uuid", "")),
                    reason="absolute_lifetime",
                )
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def _current_membership(request: HttpRequest, memberships: list[Membership]) -> Membership | None:
    chosen = request.session.get(MEMBERSHIP_SESSION_KEY)
    if chosen:
        found = next((m for m in memberships if str(m.uuid) == str(chosen)), None)
        if found is not None:
            return found
    # Revoked or never chosen: fall back to the first active membership, if any.
    return memberships[0] if memberships else None


def current_membership_of(request: HttpRequest) -> Membership | None:
    """The membership the signed-in user acts in, read afresh (right after sign-in the
    middleware ran while the request was still anonymous)."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(Membership.objects.active().for_user(user))  # type: ignore[arg-type]
    return _current_membership(request, memberships)


class CurrentMembershipMiddleware:
    """`request.membership`: the organisation and role the user acts in now (switched explicitly).

    The user's active memberships are read once per request (`request.memberships`); the
    organisation switcher in the page header uses the same list.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        memberships = (
            list(Membership.objects.active().for_user(user))  # type: ignore[arg-type]
            if user.is_authenticated
            else []
        )
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = _current_membership(request, memberships)  # type: ignore[attr-defined]
        return self.get_response(request)


# Paths a user who still has to set up two factors may reach.
MFA_SETUP_ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "set_language",
)


class RequireMFAMiddleware:
    """A user whose role requires two factors is led to set them up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def allowed_paths(self) -> set[str]:
        if self._allowed is None:
            self._allowed = {reverse(name) for name in MFA_SETUP_ALLOWED_URL_NAMES}
        return self._allowed

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith((settings.STATIC_URL, "/api/"))
            and request.path not in self.allowed_paths()
            and needs_mfa_setup(user, known_role=_mfa_role(request))  # type: ignore[arg-type]
        ):
            if getattr(request, "htmx", False):
                # An htmx request would swap the set-up page into a fragment: go there whole.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("mfa_activate_totp")
                return response
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _mfa_role(request: HttpRequest) -> str | None:
    """A role needing two factors among the active memberships CurrentMembershipMiddleware
    read for this request, if any (spares needs_mfa_setup reading them again)."""
    from .constants import MFA_REQUIRED_ROLES

    memberships = getattr(request, "memberships", ())
    return next((m.role for m in memberships if m.role in MFA_REQUIRED_ROLES), None)


def needs_mfa_setup(
    user: object, *, known_role: str | None = None, has_mfa: bool | None = None
) -> bool:
    """True when the user must have two factors and has none. `known_role`: a role the caller
    already holds for the user (an API token's), which spares the query when it needs MFA;
    `has_mfa`: whether the user has an authenticator, when the caller read it already."""
    from allauth.mfa.utils import is_mfa_enabled

    from .constants import MFA_REQUIRED_ROLES
    from .models import User

    assert isinstance(user, User)
    if settings.DEMO_MODE and settings.DEBUG and user.demo_mfa_exempt:
        return False
    required = known_role in MFA_REQUIRED_ROLES or user.requires_mfa()
    return required and not (is_mfa_enabled(user) if has_mfa is None else has_mfa)
