"""Declared access for every view: deny by default.

Every view of ours carries one of these decorators; `AccessPolicyMiddleware` refuses a view of
ours that declares nothing. The permission-matrix test checks every URL name against a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from hechtwerk.accounts.constants import Role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    roles: frozenset[str] | None = None  # None: any signed-in user with an organisation
    needs_membership: bool = True
    client_data: bool = False


def _attach(policy: AccessPolicy) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not policy.public:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                membership = getattr(request, "membership", None)
                if policy.needs_membership and membership is None:
                    raise PermissionDenied
                if policy.roles is not None and (
                    membership is None or membership.role not in policy.roles
                ):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_policy = policy  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: ViewFunc) -> ViewFunc:
    """Anyone, signed in or not."""
    return _attach(AccessPolicy(public=True))(view)


def signed_in(view: ViewFunc) -> ViewFunc:
    """Any signed-in user, also one without an organisation (e.g. their own account pages)."""
    return _attach(AccessPolicy(needs_membership=False))(view)


def member(view: ViewFunc) -> ViewFunc:
    """Any signed-in user acting in one of their organisations."""
    return _attach(AccessPolicy())(view)


def require_role(*roles: Role | str, client_data: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """Only these roles in the current organisation; `client_data` marks a view of client data."""
    return _attach(AccessPolicy(roles=frozenset(str(r) for r in roles), client_data=client_data))


def get_policy(view: Any) -> AccessPolicy | None:
    return getattr(view, "access_policy", None)


def has_second_factor(request: HttpRequest) -> bool:
    """True when this session's sign-in (or a later re-authentication) included a second factor."""
    from allauth.account.authentication import get_authentication_records
    from django.conf import settings

    user = request.user
    if not user.is_authenticated:
        return False
    if settings.DEMO_MODE and settings.DEBUG and getattr(user, "demo_mfa_exempt", False):
        # Demo accounts may skip two factors; demo mode refuses to start without DEBUG.
        return True
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def require_second_factor(view: ViewFunc) -> ViewFunc:
    """Only in a session verified with a second factor; otherwise ask for it again (T1.8).

    Goes below `require_role`, so that other roles get 403 before being asked for a code.
    """
    from urllib.parse import urlencode

    from django.shortcuts import redirect
    from django.urls import reverse

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_second_factor(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
