"""Permission-matrix rows for core's URLs."""

from __future__ import annotations

from hechtwerk.core.tests.matrix import Row, World

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
