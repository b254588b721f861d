"""The REST API root, /api/v1/, with OpenAPI docs.

Every app of ours with an `api.py` that defines `router` is mounted here, so adding an app's API
needs no change in this file. It lives in `config`, above the apps, because it joins them all.

Every endpoint declares who may call it (`@api_member`, `@api_requires(Capability.X)`, see
`hechtwerk.accounts.permissions`); an endpoint that declares nothing is refused for everyone
(`refuse_undeclared`), as `AccessPolicyMiddleware` refuses an undeclared page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Schema

from hechtwerk.accounts.permissions import TokenAuth, api_public, get_policy
from hechtwerk.core.errors import ERRORS_DESCRIPTION, install_error_handlers

api = NinjaAPI(
    title="Hechtwerk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description="Alle endpoints vragen een persoonlijke API-sleutel (Authorization: Bearer hw_…) "
    "en volgen dezelfde rechten als de website, binnen de organisatie en rol van de sleutel.\n\n"
    + ERRORS_DESCRIPTION,
)
# Every error, from a domain rule to an unexpected exception, in one documented JSON shape.
install_error_handlers(api)


def refuse_undeclared(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Fail closed: an endpoint without a declared access policy answers 403 to everyone."""
    if get_policy(endpoint) is not None:
        return endpoint

    @wraps(endpoint)
    def refused(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied

    return refused


api.add_decorator(refuse_undeclared, mode="operation")


class RootOut(Schema):
    name: str
    version: str
    docs: str
    openapi: str


@api.get("/", auth=None, response=RootOut, summary="Waar de documentatie van deze API staat")
@api_public
def root(request: HttpRequest) -> RootOut:
    """The API root: where to find the documentation; everything else needs a token."""
    return RootOut(
        name=api.title,
        version=api.version,
        docs=reverse("api:openapi-view"),
        openapi=reverse("api:openapi-json"),
    )


for app_config in apps.get_app_configs():
    if app_config.name.startswith("hechtwerk.") and find_spec(f"{app_config.name}.api"):
        module = import_module(f"{app_config.name}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/", router)
