"""Declared access for every view: the kernel's half (deny by default).

Every view of ours carries exactly one access decorator. The kernel knows only that a view has
declared a policy (`AccessPolicyMiddleware` refuses a view of ours that declares nothing) and
offers `@public`; who may do what, by organisation kind and role, is decided in
`hechtwerk.accounts.permissions` (`@signed_in`, `@member`, `@requires(Capability.X)`), which
builds on `with_policy` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
# Runs before the view: returns a response that replaces it (e.g. a redirect to sign in), raises
# PermissionDenied or Http404, or returns None to let the view run.
Check = Callable[[HttpRequest], HttpResponseBase | None]


@dataclass(frozen=True)
class AccessPolicy:
    """What a view declared; read by the middleware, the permission matrix and the docs."""

    public: bool = False
    needs_membership: bool = True
    capability: str | None = None  # None: no capability beyond the above
    client_data: bool = False


def with_policy(policy: AccessPolicy, check: Check | None = None) -> Callable[[ViewFunc], ViewFunc]:
    """Mark a view with `policy` and run `check` before it."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if check is not None:
                refused = check(request)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        wrapped.access_policy = policy  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: ViewFunc) -> ViewFunc:
    """Anyone, signed in or not."""
    return with_policy(AccessPolicy(public=True))(view)


def get_policy(view: Any) -> AccessPolicy | None:
    return getattr(view, "access_policy", None)
