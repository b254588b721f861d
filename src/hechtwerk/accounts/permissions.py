"""Who may call a view or an API endpoint: one check, decided by the capability table.

Views carry exactly one of `@public`, `@signed_in`, `@member` or
`@requires(Capability.X, client_data=...)`; API endpoints carry `@api_member` or
`@api_requires(Capability.X, client_data=...)` below their `@router.<method>(...)` line. Both
kinds ask `refusal(...)` the same question; an endpoint that declares nothing is refused
(`config.api.refuse_undeclared`), as `core.middleware.AccessPolicyMiddleware` refuses a view.

Pages answer an anonymous visitor with a redirect to sign in; the API answers 401 (the token
authentication runs before the endpoint). A signed-in user without the capability gets 403 on
both; another organisation's object is a 404 further down, in the scoped query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.constants import NOT_SET
from ninja.operation import Operation
from ninja.security import HttpBearer
from ninja.utils import contribute_operation_callback

from hechtwerk.core.permissions import AccessPolicy, ViewFunc, get_policy, public, with_policy
from hechtwerk.core.ratelimit import check_api_limit

from .capabilities import Capability, can, scopes_allow
from .models import IntegrationClient, Membership
from .services import (
    CLIENT_TOKEN_PREFIX,
    ON_BEHALF_OF_HEADER,
    AccountError,
    authenticate_api_token,
    authenticate_integration_client,
    on_behalf_of,
)

__all__ = [
    "AccessPolicy",
    "TokenAuth",
    "api_member",
    "api_public",
    "api_requires",
    "get_policy",
    "has_second_factor",
    "member",
    "public",
    "refusal",
    "require_second_factor",
    "requires",
    "signed_in",
]

EndpointFunc = TypeVar("EndpointFunc", bound=Callable[..., Any])


def refusal(request: HttpRequest, policy: AccessPolicy) -> str | None:
    """Why `request` may not pass `policy` ("anonymous", "membership", "capability"), or None."""
    if policy.public:
        return None
    if not request.user.is_authenticated:
        return "anonymous"
    membership = getattr(request, "membership", None)
    if policy.needs_membership and membership is None:
        return "membership"
    if policy.capability is not None and not can(membership, Capability(policy.capability)):
        return "capability"
    client = getattr(request, "integration_client", None)
    if client is not None and not scopes_allow(
        client.scopes,
        Capability(policy.capability) if policy.capability else None,
        request.method or "GET",
    ):
        # A system acting for a professional: the scopes its beheerder chose narrow the role.
        return "scope"
    return None


def _page_check(policy: AccessPolicy) -> Callable[[HttpRequest], HttpResponseBase | None]:
    def check(request: HttpRequest) -> HttpResponseBase | None:
        reason = refusal(request, policy)
        if reason == "anonymous":
            return redirect_to_login(request.get_full_path())
        if reason is not None:
            raise PermissionDenied
        return None

    return check


def signed_in(view: ViewFunc) -> ViewFunc:
    """Any signed-in user, also one without an organisation (e.g. their own account pages)."""
    policy = AccessPolicy(needs_membership=False)
    return with_policy(policy, _page_check(policy))(view)


def member(view: ViewFunc) -> ViewFunc:
    """Any signed-in user acting in one of their organisations."""
    policy = AccessPolicy()
    return with_policy(policy, _page_check(policy))(view)


def requires(
    capability: Capability, *, client_data: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    """Only a membership whose (organisation kind, role) has `capability`.

    `client_data` marks a view of client data (its reads are logged in the access log).
    """
    policy = AccessPolicy(capability=str(capability), client_data=client_data)
    return with_policy(policy, _page_check(policy))


# --- API endpoints ----------------------------------------------------------------------------


class TokenAuth(HttpBearer):
    """Bearer token; sets request.user and request.membership like a signed-in session.

    With a `policy`, a valid token whose membership may not pass it is refused (403) here,
    before the request body is read, so a refused caller learns nothing from validation errors.
    """

    def __init__(self, policy: AccessPolicy | None = None) -> None:
        super().__init__()
        self.policy = policy

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        if token.startswith(CLIENT_TOKEN_PREFIX):
            return self._authenticate_client(request, token)
        found = authenticate_api_token(token)
        if found is None:
            return None  # 401
        # Every call counts against the token's rate limit (429 with Retry-After, ASVS 2.4.1).
        check_api_limit(str(found.pk))
        request.user = found.user
        request.membership = found.membership  # type: ignore[attr-defined]
        if self.policy is not None and refusal(request, self.policy) is not None:
            raise PermissionDenied
        return found

    def _authenticate_client(self, request: HttpRequest, token: str) -> IntegrationClient | None:
        """A registered system acting for the professional named in X-Hechtwerk-On-Behalf-Of."""
        client = authenticate_integration_client(token)
        if client is None:
            return None  # 401
        check_api_limit(f"client-{client.pk}", scope="api_client")
        # 403 in the error shape when the professional is missing or not an active member.
        memberships = on_behalf_of(client, request.headers.get(ON_BEHALF_OF_HEADER, ""))
        request.integration_client = client  # type: ignore[attr-defined]
        # core.access.Actor names the system beside the professional in every log line.
        request.access_via_system = str(client.uuid)  # type: ignore[attr-defined]
        membership = self._acting_membership(request, memberships)
        request.user = membership.user
        request.membership = membership  # type: ignore[attr-defined]
        reason = refusal(request, self.policy) if self.policy is not None else None
        if reason == "scope":
            raise AccountError(
                _("Dit gekoppelde systeem heeft van de beheerder geen recht op deze handeling."),
                status=403,
            )
        if reason is not None:
            raise PermissionDenied
        return client

    def _acting_membership(self, request: HttpRequest, memberships: list[Membership]) -> Membership:
        """Of the professional's roles in the organisation, one that may make this call."""
        if self.policy is not None:
            for membership in memberships:
                request.membership = membership  # type: ignore[attr-defined]
                request.user = membership.user
                if refusal(request, self.policy) is None:
                    return membership
        return memberships[0]


def _declare_endpoint(policy: AccessPolicy) -> Callable[[EndpointFunc], EndpointFunc]:
    """Attach `policy` to a django-ninja operation.

    The operation's token authentication checks the policy (401 without a valid token, 403
    without the capability), and the endpoint's call checks it once more. The function itself is
    returned unchanged, so that ninja reads its signature as written.
    """

    def decorator(func: EndpointFunc) -> EndpointFunc:
        def guard(operation: Operation) -> None:
            if not policy.public and operation.auth_param is NOT_SET:
                # Set as if written `auth=TokenAuth(policy)`: the API's default does not replace it.
                operation.auth_param = TokenAuth(policy)
                operation._set_auth(operation.auth_param)
            endpoint = operation.view_func

            @wraps(endpoint)
            def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                if refusal(request, policy) is not None:
                    raise PermissionDenied
                return endpoint(request, *args, **kwargs)

            checked.access_policy = policy  # type: ignore[attr-defined]
            operation.view_func = checked

        func.access_policy = policy  # type: ignore[attr-defined]
        operation = getattr(func, "_ninja_operation", None)
        if operation is not None:  # written above @router.<method>(...): the operation exists
            guard(operation)
        else:
            contribute_operation_callback(func, guard)
        return func

    return decorator


def api_public(func: EndpointFunc) -> EndpointFunc:
    """Anyone, without a token (the endpoint also needs `auth=None` on its route)."""
    return _declare_endpoint(AccessPolicy(public=True))(func)


def api_member(func: EndpointFunc) -> EndpointFunc:
    """Any holder of a valid token (a token always belongs to one membership)."""
    return _declare_endpoint(AccessPolicy())(func)


def api_requires(
    capability: Capability, *, client_data: bool = False
) -> Callable[[EndpointFunc], EndpointFunc]:
    """The API's `requires`: only a token whose membership has `capability`."""
    return _declare_endpoint(AccessPolicy(capability=str(capability), client_data=client_data))


# --- Second factor ----------------------------------------------------------------------------


def has_second_factor(request: HttpRequest) -> bool:
    """True when this session's sign-in (or a later re-authentication) included a second factor."""
    from allauth.account.authentication import get_authentication_records

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

    Goes below `requires`, so that users without the capability get 403 before being asked for a
    code.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_second_factor(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
