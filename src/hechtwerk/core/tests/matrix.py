"""The permission matrix's building blocks (T5.1).

Each app declares its rows in `hechtwerk/<app>/tests/permission_matrix.py`:

    from hechtwerk.core.tests.matrix import Row, World

    def rows(world: World) -> dict[str, Row]:
        child = ChildFactory(organisation=world.jgz)          # objects of world.jgz
        return {
            "signalling:child_detail": Row.allow(
                {"nurse", "doctor"}, kwargs={"child_uuid": child.uuid}, outsider=404
            ),
        }

`tests/test_permission_matrix.py` requests every URL name of ours as every persona and compares the
status with the row; a URL name without a row fails, so a new view is denied until it is listed.

The API is covered the same way: `API_OPERATIONS` lists each operation as (METHOD, path template
as in the OpenAPI schema, e.g. "/api/v1/instruments/versions/{version_id}/questionnaire") and
`api_rows(world)` gives an `ApiRow` per operation. Each persona calls it with a token of their own
membership; "anonymous" calls without a token (401). An operation of the API's schema without a
row fails `test_it_lists_every_api_operation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "nurse",
    "doctor",
    "team_leader",
    "platform_administrator",  # the platform's beheerder: national catalogue, instruments
    "provider_administrator",  # a training provider's beheerder: own courses and staff
    "jgz_administrator",  # a JGZ organisation's beheerder: own offer and staff
    "trainer",
    "organiser",
    "participant",
    "log_manager",
    "outsider",  # a nurse of another JGZ organisation
)
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
JGZ_CLINICAL = frozenset({"nurse", "doctor"})


@dataclass
class World:
    """The organisations and personas every matrix row is built from.

    `tests/test_permission_matrix.py` builds it once per test module (with an API token per
    persona in `api_tokens` and the cookies of a signed-in session per persona in
    `login_cookies`) and each app's `rows(world)` and `api_rows(world)` once, each in a
    savepoint of its own: a row builder sees the world and none of another app's rows, and what a
    request changes is rolled back after its test. Row builders create what they need with
    factories and services, as before.
    """

    jgz: Any
    other_jgz: Any
    foundation: Any
    coalition: Any
    platform: Any
    personas: dict[str, Any] = field(default_factory=dict)
    api_tokens: dict[str, str] = field(default_factory=dict)
    login_cookies: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """Expected status per persona for one URL name. `method` is "get" or "post"."""

    expect: Mapping[str, int]
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    method: str = "get"
    data: Mapping[str, Any] = field(default_factory=dict)
    query: str = ""

    @classmethod
    def allow(
        cls,
        allowed: set[str] | frozenset[str],
        *,
        ok: int = 200,
        denied: int = 403,
        anonymous: int = 302,
        **overrides_and_options: Any,
    ) -> Row:
        """`allowed` personas get `ok`, other signed-in personas `denied`, anonymous `anonymous`.

        Keyword arguments named after a persona override that persona's status (for example
        `outsider=404` for another organisation's object); `kwargs`, `method`, `data` and `query`
        describe the request.
        """
        options = {
            k: overrides_and_options.pop(k)
            for k in ("kwargs", "method", "data", "query")
            if k in overrides_and_options
        }
        unknown = set(overrides_and_options) - set(PERSONAS)
        if unknown:
            raise ValueError(f"unknown personas: {sorted(unknown)}")
        expect = {p: (ok if p in allowed else denied) for p in SIGNED_IN}
        expect["anonymous"] = ok if "anonymous" in allowed else anonymous
        expect.update(overrides_and_options)
        return cls(expect=expect, **options)

    @classmethod
    def public(cls, *, ok: int = 200, **options: Any) -> Row:
        return cls(expect=dict.fromkeys(PERSONAS, ok), **options)


@dataclass(frozen=True)
class ApiRow:
    """Expected status per persona for one API operation (method and path template).

    `path_params` fill the template; `json` is the request body of a POST/PUT/PATCH.
    """

    expect: Mapping[str, int]
    path_params: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None
    query: str = ""

    @classmethod
    def allow(
        cls,
        allowed: set[str] | frozenset[str],
        *,
        ok: int = 200,
        denied: int = 403,
        **overrides_and_options: Any,
    ) -> ApiRow:
        """`allowed` personas get `ok`, other token holders `denied`, no token 401.

        Keyword arguments named after a persona override that persona's status.
        """
        options = {
            k: overrides_and_options.pop(k)
            for k in ("path_params", "json", "query")
            if k in overrides_and_options
        }
        unknown = set(overrides_and_options) - set(PERSONAS)
        if unknown:
            raise ValueError(f"unknown personas: {sorted(unknown)}")
        expect = {p: (ok if p in allowed else denied) for p in SIGNED_IN}
        expect["anonymous"] = 401
        expect.update(overrides_and_options)
        return cls(expect=expect, **options)

    @classmethod
    def public(cls, *, ok: int = 200, **options: Any) -> ApiRow:
        return cls(expect=dict.fromkeys(PERSONAS, ok), **options)

    def url(self, template: str) -> str:
        path = template
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", str(value))
        return path + (f"?{self.query}" if self.query else "")
