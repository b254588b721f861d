"""docs/api.md lists every operation of the published API (issue 13): a new endpoint without a
line in the guide fails here, and so does a line for an endpoint that no longer exists."""

from __future__ import annotations

import re
from pathlib import Path

from config.api import api

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "api.md"
PREFIX = "/api/v1"
# A row of the guide's endpoint tables: | `METHOD /path` | what it does |
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)` \|", re.MULTILINE)


def _published() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path.removeprefix(PREFIX) or '/'}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def _documented() -> set[str]:
    return {f"{method} {path}" for method, path in ROW.findall(GUIDE.read_text())}


def test_the_guide_lists_every_published_operation():
    assert sorted(_published() - _documented()) == []


def test_the_guide_lists_no_operation_that_does_not_exist():
    assert sorted(_documented() - _published()) == []
