"""Permission-matrix rows for core's URLs: the public pages, and the API root (config/api.py)."""

from __future__ import annotations

from hechtwerk.core.tests.matrix import ApiRow, Row, World

URL_NAMES = frozenset(
    {"core:home", "core:privacy", "core:accessibility", "security_txt", "favicon"}
)


def rows(world: World) -> dict[str, Row]:
    return {
        "core:home": Row.public(),
        "core:privacy": Row.public(),
        "core:accessibility": Row.public(),
        "security_txt": Row.public(),
        "favicon": Row.public(ok=301),
    }


# The API root (config/api.py) says where the documentation is, to anyone.
API_OPERATIONS = frozenset({("GET", "/api/v1/")})


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    return {("GET", "/api/v1/"): ApiRow.public()}
