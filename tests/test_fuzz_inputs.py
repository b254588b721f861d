"""No input causes a server error (T5.8; ASVS 5.1.3 input validation, 5.1.4 structured data,
13.1.x API input handling; issue 7).

Property-based: generated text is posted to every form of every page of ours (found through the URL
resolver and the permission matrix, as a persona the matrix allows) and to every operation of the
API (found in its OpenAPI schema, as a token holder the matrix allows). The text holds control
characters including NUL, lone surrogates (for JSON sent as raw bytes with the escape `\\ud800`),
right-to-left marks, look-alike and spreadsheet-formula strings and very long strings. Every answer
must be below 500. Bounded: derandomised, a few examples per form or operation, no example
database, so the test runs in every `make test` in seconds per endpoint.

Form posts carry no lone surrogates: a browser cannot send them (they are not encodable as UTF-8)
and Django decodes invalid UTF-8 in a form to U+FFFD; uploaded files do carry them.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from hechtwerk.accounts.services import create_api_token
from hechtwerk.core.tests.matrix import PERSONAS
from tests.test_permission_matrix import _api_operations, _matrix_modules, _url_names
from tests.test_permission_matrix import world as world  # the matrix's personas (a fixture)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=6,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

NASTY = [
    "\x00",
    "A\x00B",
    "\x01\x02\x1b[31m\x7f\x85",
    "\u200f\u202eكود\u202c",  # right-to-left mark and override
    "ＤＥＭＯ-００１",  # full-width look-alike
    '=HYPERLINK("x")',
    "Jan Jansen",
    "111222333",
    "\r\nX-Injected: ja",
    "'\"<script>&;--",
    "0001-01-01",
    "9999-12-31",
    "-1",
    "1e309",
    "x" * 5000,
    "😀" * 300,
]
SURROGATES = ["\ud800", "a\udfffb", "\udbff"]


def _texts(*, surrogates: bool) -> st.SearchStrategy[str]:
    chars = st.characters() if surrogates else st.characters(exclude_categories=["Cs"])
    fixed = NASTY + (SURROGATES if surrogates else [])
    return st.one_of(
        st.sampled_from(fixed),
        st.text(chars, max_size=40),
        st.builds(lambda s, n: s * n, st.sampled_from(fixed), st.sampled_from([2, 50, 3000])),
    )


FORM_TEXT = _texts(surrogates=False)
JSON_TEXT = _texts(surrogates=True)


# -- pages -----------------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page: method, action, and each named field with a usable default value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "method": a.get("method", "get").lower(),
                    "action": a.get("action", ""),
                    "fields": {},
                }
            )
            return
        if not self.forms or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        fields = self.forms[-1]["fields"]
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                if name not in fields or "checked" in a:
                    fields[name] = (kind, a.get("value", "on"))
                return
            fields[name] = (kind, a.get("value", ""))
        elif tag == "textarea":
            fields[name] = ("textarea", "")
        elif tag == "select":
            self._select = name
            fields[name] = ("select", "")
        if tag == "option" and self._select and not fields[self._select][1]:
            fields[self._select] = ("select", a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _allowed(expect: Any, ok: tuple[int, ...]) -> str | None:
    return next((p for p in PERSONAS if p != "anonymous" and expect[p] in ok), None)


def _fuzz_form(client: Client, url: str, method: str, fields: dict[str, tuple[str, str]]) -> list:
    problems: list[str] = []
    values = {
        name: st.one_of(st.just(default), FORM_TEXT) if kind != "file" else FORM_TEXT
        for name, (kind, default) in fields.items()
    }

    @FUZZ
    @given(st.fixed_dictionaries(values), st.binary(max_size=64) | JSON_TEXT.map(str))
    def post(data: dict[str, str], upload: bytes | str) -> None:
        payload: dict[str, Any] = dict(data)
        for name, (kind, _default) in fields.items():
            if kind == "file":
                content = (
                    upload if isinstance(upload, bytes) else upload.encode("utf-8", "surrogatepass")
                )
                payload[name] = SimpleUploadedFile("fuzz.json", content)
        send = client.post if method == "post" else client.get
        response = send(url, payload)
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {url}: {response.status_code} for {data!r:.200}")

    post()
    return problems


@pytest.mark.parametrize("module_name", sorted(m.__name__ for m in _matrix_modules()))
def test_it_never_answers_a_form_with_a_server_error(module_name, world, client_for):
    module = next(m for m in _matrix_modules() if m.__name__ == module_name)
    rows = module.rows(world)
    problems: list[str] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for url_name in sorted(set(rows) & _url_names()):
        row = rows[url_name]
        persona = _allowed(row.expect, (200, 302))
        if persona is None:
            continue
        client = client_for(world.personas[persona])
        url = reverse(url_name, kwargs=dict(row.kwargs))
        if row.method == "post":
            fields = {k: ("text", str(v)) for k, v in row.data.items()} or {"x": ("text", "")}
            problems += _fuzz_form(client, url, "post", fields)
            continue
        page = client.get(url + (f"?{row.query}" if row.query else ""))
        content_type = page.get("Content-Type", "")
        if page.status_code != 200 or not content_type.startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            target = form["action"] or url
            key = (form["method"], target, tuple(sorted(form["fields"])))
            if form["fields"] and key not in seen:  # the language switcher is on every page
                seen.add(key)
                problems += _fuzz_form(client, target, form["method"], form["fields"])
    assert not problems, "\n".join(problems)


# -- API -------------------------------------------------------------------------------------------


def _replace_strings(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return text
    if isinstance(value, dict):
        return {k: _replace_strings(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_strings(v, text) for v in value]
    return value


def _api_rows(world: Any) -> dict[tuple[str, str], Any]:
    rows: dict[tuple[str, str], Any] = {}
    for module in _matrix_modules():
        if hasattr(module, "api_rows"):
            rows |= module.api_rows(world)
    return rows


def _fuzz_api(client: Client, method: str, base: str, body: Any, query_names: list[str]) -> list:
    problems: list[str] = []

    @FUZZ
    @given(JSON_TEXT, st.booleans())
    def call(text: str, whole: bool) -> None:
        # ensure_ascii escapes a lone surrogate as \ud800: the raw bytes a client could send.
        raw = json.dumps(text if whole else _replace_strings(body, text))
        if method == "GET":
            safe = text.encode("utf-8", "replace").decode("utf-8")
            sep = "&" if "?" in base else "?"
            query = urlencode(dict.fromkeys(query_names or ["q"], safe))
            response = client.get(base + sep + query)
        else:
            response = client.generic(method, base, raw, content_type="application/json")
        if response.status_code >= 500:
            problems.append(f"{method} {base}: {response.status_code} for {raw[:200]!r}")

    call()
    return problems


def _query_names(method: str, path: str) -> list[str]:
    operation = api.get_openapi_schema(path_prefix="/api/v1")["paths"][path][method.lower()]
    return [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]


def test_it_never_answers_the_api_with_a_server_error(world):
    rows = _api_rows(world)
    problems: list[str] = []
    for method, path in sorted(_api_operations()):
        row = rows[(method, path)]
        persona = _allowed(row.expect, (200, 201, 400, 404, 409, 422))
        if persona is None:
            continue
        p = world.personas[persona]
        secret = create_api_token(user=p.user, membership=p.membership, name="fuzz").secret
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        base = row.url(path)
        body = row.json if row.json is not None else {"notes": "", "reason": "", "q": ""}

        problems += _fuzz_api(client, method, base, body, _query_names(method, path))
    assert not problems, "\n".join(problems)
