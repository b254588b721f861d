"""The REST API root, /api/v1/, with OpenAPI docs.

Every app of ours with an `api.py` that defines `router` is mounted here, so adding an app's API
needs no change in this file.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Schema

from hechtwerk.accounts.api import TokenAuth

api = NinjaAPI(
    title="Hechtwerk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description="Alle endpoints vragen een persoonlijke API-sleutel (Authorization: Bearer hw_…) "
    "en volgen dezelfde rechten als de website, binnen de organisatie en rol van de sleutel.",
)


class RootOut(Schema):
    name: str
    version: str
    docs: str
    openapi: str


@api.get("/", auth=None, response=RootOut, summary="Waar de documentatie van deze API staat")
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
