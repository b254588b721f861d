"""Every URL name and every API operation of ours × every persona → the expected status
(T5.1, ASVS 8.2.1).

Rows live in each app's `tests/permission_matrix.py` (see hechtwerk.core.tests.matrix). A URL name
or API operation missing from the rows fails `test_it_lists_every_url_name` or
`test_it_lists_every_api_operation`: new views and endpoints are denied until listed.

The world (organisations, personas, an API token and a signed-in session each) is built once for
this module and each app's rows once, in a savepoint of their own on top of it (`module_db`, see
the root conftest); every test's requests are rolled back before the next test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from hechtwerk.accounts.constants import OrganisationKind, Role
from hechtwerk.accounts.services import create_api_token
from hechtwerk.accounts.tests.factories import OrganisationFactory
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


def _module_with(key: str | tuple[str, str], declared: str) -> str | None:
    for module in _matrix_modules():
        if key in getattr(module, declared, ()):
            return module.__name__
    return None


def _cases(keys: list[Any], declared: str, kind: str) -> list[Any]:
    """One case per URL name or API operation, with the (module, kind) whose rows it reads; the
    same tuple for every case of one app, so that pytest runs them together and the module-scoped
    `matrix_rows` is built once per app (a missing module gives no rows: the test fails)."""
    shared: dict[str | None, tuple[str | None, str]] = {}
    cases = []
    for key in keys:
        module_name = _module_with(key, declared)
        param = shared.setdefault(module_name, (module_name, kind))
        cases.append(
            pytest.param(*(key if isinstance(key, tuple) else (key,)), param, id=_case_id(key))
        )
    return cases


def _case_id(key: str | tuple[str, str]) -> str:
    return key if isinstance(key, str) else f"{key[0]}-{key[1]}"


@pytest.fixture(scope="module")
def world(module_db, build_persona) -> World:
    """Organisations and personas, each persona with an API token: built once for the module."""
    with module_db.access():
        kind = OrganisationKind
        w = World(
            jgz=OrganisationFactory(name="JGZ Hollands Testland", kind=kind.JGZ),
            other_jgz=OrganisationFactory(name="JGZ Elders", kind=kind.JGZ),
            foundation=OrganisationFactory(name="Stichting Testleven", kind=kind.TRAINING_PROVIDER),
            coalition=OrganisationFactory(name="Coalitie Testdorp", kind=kind.COALITION),
            platform=OrganisationFactory(name="Hechtwerk Testplatform", kind=kind.PLATFORM),
        )
        w.personas = {
            "nurse": build_persona(Role.YOUTH_NURSE, w.jgz),
            "doctor": build_persona(Role.YOUTH_DOCTOR, w.jgz),
            "team_leader": build_persona(Role.TEAM_LEADER, w.jgz),
            "platform_administrator": build_persona(Role.ADMINISTRATOR, w.platform),
            "provider_administrator": build_persona(Role.ADMINISTRATOR, w.foundation),
            "jgz_administrator": build_persona(Role.ADMINISTRATOR, w.jgz),
            "trainer": build_persona(Role.TRAINER, w.foundation),
            "organiser": build_persona(Role.COALITION_ORGANISER, w.coalition),
            "participant": build_persona(Role.PARTICIPANT, w.foundation),
            "log_manager": build_persona(Role.LOG_MANAGER, w.jgz),
            "outsider": build_persona(Role.YOUTH_NURSE, w.other_jgz),
        }
        w.api_tokens = {
            name: create_api_token(user=p.user, membership=p.membership, name="matrix").secret
            for name, p in w.personas.items()
        }
        # One signed-in session per persona (a third of a case's time went to signing in);
        # what a request changes in it is rolled back with the rest after each case.
        for name, p in w.personas.items():
            client = Client()
            client.force_login(p.user)
            w.login_cookies[name] = {key: morsel.value for key, morsel in client.cookies.items()}
    return w


@pytest.fixture(scope="module")
def matrix_rows(request, world, module_db) -> Iterator[dict[Any, Any]]:
    """One app's `rows(world)` ("pages") or `api_rows(world)` ("api"), built once per module in
    a savepoint on top of the world, rolled back when the next app's rows are needed."""
    module_name, kind = request.param
    if module_name is None:
        yield {}
        return
    module = import_module(module_name)
    with module_db.layer():
        with module_db.access():
            rows = module.rows(world) if kind == "pages" else module.api_rows(world)
        yield rows


def test_it_lists_every_url_name():
    missing = _url_names() - _declared_names()
    assert not missing, f"URL names without a row in a permission_matrix.py: {sorted(missing)}"


def test_it_lists_no_url_name_that_does_not_exist():
    stale = _declared_names() - _url_names()
    assert not stale, f"rows for URL names that do not exist: {sorted(stale)}"


@pytest.mark.parametrize(
    ("url_name", "matrix_rows"),
    _cases(sorted(_url_names()), "URL_NAMES", "pages"),
    indirect=["matrix_rows"],
    scope="module",  # else the rows would be built again for every case
)
def test_it_answers_each_persona_as_the_matrix_says(url_name, matrix_rows, world, db):
    assert url_name in matrix_rows, f"{url_name} has no row in a permission_matrix.py"
    row: Row = matrix_rows[url_name]
    url = reverse(url_name, kwargs=dict(row.kwargs)) + (f"?{row.query}" if row.query else "")
    wrong = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            for name, value in world.login_cookies[persona].items():
                client.cookies[name] = value
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


@pytest.mark.parametrize(
    ("method", "path", "matrix_rows"),
    _cases(sorted(_api_operations()), "API_OPERATIONS", "api"),
    indirect=["matrix_rows"],
    scope="module",  # else the rows would be built again for every case
)
def test_it_answers_each_token_holder_as_the_matrix_says(method, path, matrix_rows, world, db):
    assert (method, path) in matrix_rows, f"{method} {path} has no row in a permission_matrix.py"
    row: ApiRow = matrix_rows[(method, path)]
    url = row.url(path)
    wrong = []
    for persona in PERSONAS:
        headers = {}
        if persona != "anonymous":
            headers["Authorization"] = f"Bearer {world.api_tokens[persona]}"
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
