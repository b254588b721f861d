"""Every URL name and every API operation of ours × every persona → the expected status
(T5.1, ASVS 8.2.1).

Rows live in each app's `tests/permission_matrix.py` (see hechtwerk.core.tests.matrix). A URL name
or API operation missing from the rows fails `test_it_lists_every_url_name` or
`test_it_lists_every_api_operation`: new views and endpoints are denied until listed.
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.tests.matrix import PERSONAS, ApiRow, Row, World

# Third-party URL names with guards of their own, outside the matrix.
EXTERNAL_NAMESPACES = ("admin", "api")
EXTERNAL_PREFIXES = (
    "account_",
    "mfa_",
    "socialaccount_",
    "openid_",
    "django.contrib.",
    "set_language",
)


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}{ns}:" if ns else namespace
            if ns in EXTERNAL_NAMESPACES:
                continue
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return {n for n in names if not n.startswith(EXTERNAL_PREFIXES)}


def _matrix_modules():
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.tests.permission_matrix"
        if app_config.name.startswith("hechtwerk.") and find_spec(name):
            yield import_module(name)


def _declared_names() -> set[str]:
    # Row builders need a database; their keys are read from a dry declaration instead.
    return {name for module in _matrix_modules() for name in module.URL_NAMES}


def _api_operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation in the API's OpenAPI schema."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def _declared_operations() -> set[tuple[str, str]]:
    return {op for module in _matrix_modules() for op in getattr(module, "API_OPERATIONS", ())}


@pytest.fixture
def world(make_persona, jgz, other_jgz, foundation, coalition, platform) -> World:
    w = World(
        jgz=jgz, other_jgz=other_jgz, foundation=foundation, coalition=coalition, platform=platform
    )
    w.personas = {
        "nurse": make_persona(Role.YOUTH_NURSE, jgz),
        "doctor": make_persona(Role.YOUTH_DOCTOR, jgz),
        "team_leader": make_persona(Role.TEAM_LEADER, jgz),
        "platform_administrator": make_persona(Role.ADMINISTRATOR, platform),
        "provider_administrator": make_persona(Role.ADMINISTRATOR, foundation),
        "jgz_administrator": make_persona(Role.ADMINISTRATOR, jgz),
        "trainer": make_persona(Role.TRAINER, foundation),
        "organiser": make_persona(Role.COALITION_ORGANISER, coalition),
        "participant": make_persona(Role.PARTICIPANT, foundation),
        "log_manager": make_persona(Role.LOG_MANAGER, jgz),
        "outsider": make_persona(Role.YOUTH_NURSE, other_jgz),
    }
    return w


def test_it_lists_every_url_name():
    missing = _url_names() - _declared_names()
    assert not missing, f"URL names without a row in a permission_matrix.py: {sorted(missing)}"


def test_it_lists_no_url_name_that_does_not_exist():
    stale = _declared_names() - _url_names()
    assert not stale, f"rows for URL names that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("url_name", sorted(_url_names()))
def test_it_answers_each_persona_as_the_matrix_says(url_name, world):
    module = next(m for m in _matrix_modules() if url_name in m.URL_NAMES)
    row: Row = module.rows(world)[url_name]
    url = reverse(url_name, kwargs=dict(row.kwargs)) + (f"?{row.query}" if row.query else "")
    wrong = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.personas[persona].user)
        response = getattr(client, row.method)(url, data=dict(row.data))
        if response.status_code != row.expect[persona]:
            wrong.append(f"{persona}: {response.status_code} (expected {row.expect[persona]})")
    assert not wrong, f"{row.method.upper()} {url}: " + ", ".join(wrong)


def test_it_lists_every_api_operation():
    missing = _api_operations() - _declared_operations()
    assert not missing, f"API operations without a row in a permission_matrix.py: {sorted(missing)}"


def test_it_lists_no_api_operation_that_does_not_exist():
    stale = _declared_operations() - _api_operations()
    assert not stale, f"rows for API operations that do not exist: {sorted(stale)}"


@pytest.mark.parametrize(("method", "path"), sorted(_api_operations()))
def test_it_answers_each_token_holder_as_the_matrix_says(method, path, world):
    module = next(m for m in _matrix_modules() if (method, path) in getattr(m, "API_OPERATIONS", ()))
    row: ApiRow = module.api_rows(world)[(method, path)]
    url = row.url(path)
    wrong = []
    for persona in PERSONAS:
        headers = {}
        if persona != "anonymous":
            p = world.personas[persona]
            token = create_api_token(user=p.user, membership=p.membership, name="matrix")
            headers["Authorization"] = f"Bearer {token.secret}"
        response = Client().generic(
            method,
            url,
            data=json.dumps(row.json) if row.json is not None else "",
            content_type="application/json",
            headers=headers,
        )
        if response.status_code != row.expect[persona]:
            wrong.append(f"{persona}: {response.status_code} (expected {row.expect[persona]})")
    assert not wrong, f"{method} {url}: " + ", ".join(wrong)
