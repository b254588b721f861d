"""The published API schema, checked against the running code (T5.8, ASVS 4.1 / 13).

- Every list operation is paged: a GET answering a collection (a JSON array, or an object with
  an `items` array) takes `limit`/`offset` or `page`.
- Property-based: schemathesis generates requests (valid and invalid) for every operation of
  /api/v1 from the published OpenAPI schema and calls the WSGI application in-process with a
  seeded token of a role that may use the operation; no answer may be a server error, and every
  answer must match the schema published for its status and content type. Bounded
  (derandomized, a few examples per operation) so that `make test` stays within minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from config.api import api

SCHEMA: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
PAGING = ({"limit", "offset"}, {"page"})
# Collections that are a part of one record, bounded by it, not lists to page through:
# the groups of one meeting are at most its participants (the meeting's capacity).
BOUNDED_BY_THEIR_RECORD = {"/api/v1/meetings/{meeting_id}/groups"}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _is_collection(operation: dict[str, Any]) -> bool:
    for content in operation["responses"].get("200", {}).get("content", {}).values():
        body = _resolve(content.get("schema", {}))
        properties = body.get("properties", {})
        items = _resolve(properties.get("items", {}))
        # A page of a list: an `items` array with the `count` of all; a record that has items
        # of its own (a questionnaire's questions) has no count.
        if body.get("type") == "array" or (items.get("type") == "array" and "count" in properties):
            return True
    return False


def test_it_pages_every_list_operation():
    lists = {
        path: {p["name"] for p in ops["get"].get("parameters", [])}
        for path, ops in SCHEMA["paths"].items()
        if "get" in ops and _is_collection(ops["get"])
    }
    assert len(lists) >= 8  # the walk finds the lists (children, worklist, meetings, ...)
    unpaged = sorted(
        path
        for path, names in lists.items()
        if path not in BOUNDED_BY_THEIR_RECORD and not any(p <= names for p in PAGING)
    )
    assert unpaged == []


# --- property-based ---------------------------------------------------------------------------

schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = get_wsgi_application()
schema.location = "/api/v1/openapi.json"

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, not through Django's test client, so
    Django's request signals close the database connection at every request's start and end. On
    PostgreSQL that is the connection holding the test's transaction (SQLite's in-memory one
    ignores it): the next statement found it closed. Detach them, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(nurse, organiser) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A personal token per role the operations are written for (seeded per test)."""
    from hechtwerk.accounts.services import create_api_token

    return {
        name: create_api_token(user=p.user, membership=p.membership, name="fuzz").secret
        for name, p in {"nurse": nurse, "organiser": organiser}.items()
    }


def _token_for(path: str, tokens: dict[str, str]) -> str:
    return tokens["organiser"] if path.startswith("/api/v1/meeting") else tokens["nurse"]


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@hypothesis_settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_within_its_schema(case, tokens, settings):
    settings.ALLOWED_HOSTS = ["*"]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_token_for(case.path, tokens)}"},
        checks=CHECKS,
    )
