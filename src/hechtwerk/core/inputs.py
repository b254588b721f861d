"""Input that cannot go wrong: text and JSON that the database or a parser would choke on.

One mechanism for every entry point (T5.8; ASVS 5.1.3 input validation, 5.1.4 structured data,
13.1.x API input):

- `text_problem(value)`: a NUL character, another control character (other than tab, line feed
  and carriage return) or a lone surrogate. PostgreSQL refuses NUL in text, every database driver
  refuses a lone surrogate (it cannot be encoded as UTF-8), and FHIR strings and XLSX cells
  refuse the other control characters; each would otherwise be a server error later on.
- `load_json(content)`: JSON parsed with a limit on nesting (a definition nested 100,000 levels
  deep makes Python's parser raise RecursionError) and every key and string checked with
  `text_problem`. Every import uses it.
- `UnsafeInputMiddleware`: a JSON request body is checked with `load_json` before any view or
  the API sees it (400), and an API body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` is answered
  413 before it is read. Both answer in the API's one error shape (`core.errors.error_body`).

Form fields need no middleware: Django's CharField already refuses NUL, and a lone surrogate
cannot arrive in a form post (invalid UTF-8 is decoded to U+FFFD).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body

# Deeper than any file of ours (a FHIR Bundle nests about 12 levels); far below recursion limits.
MAX_JSON_DEPTH = 64

# C0 controls except tab, LF and CR; DEL; C1 controls; lone surrogates (U+D800–U+DFFF can only be
# in a Python str as a lone surrogate: a valid pair decodes to one code point above U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class UnsafeInputError(ValueError):
    """Input that cannot be stored or parsed safely; `message` is Dutch and names the problem."""

    def __init__(self, message: str, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.syntax = syntax  # plain malformed JSON: each import words that itself


def text_problem(value: str) -> str | None:
    """Why this text cannot be stored (NUL, a control character, a lone surrogate), or None."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return _("De tekst bevat een nul-teken (NUL); dat kan niet worden opgeslagen.")
    if "\ud800" <= char <= "\udfff":
        return _(
            "De tekst bevat een ongeldig teken (een losse surrogaat); dat kan niet worden opgeslagen."
        )
    return _("De tekst bevat een stuurteken (U+%(code)04X); dat kan niet worden opgeslagen.") % {
        "code": ord(char)
    }


def _check_tree(data: Any) -> None:
    """Walk the parsed JSON without recursion: depth, and every key and string."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise UnsafeInputError(problem)
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise UnsafeInputError(
                    _("De JSON is dieper genest dan %(max)s niveaus.") % {"max": MAX_JSON_DEPTH}
                )
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)


def load_json(content: str | bytes) -> Any:
    """Parse JSON safely: UnsafeInputError (Dutch) for bad encoding, syntax, depth or text."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnsafeInputError(_("De inhoud is geen UTF-8-tekst.")) from error
    try:
        data = json.loads(content)
    except RecursionError as error:
        raise UnsafeInputError(
            _("De JSON is dieper genest dan %(max)s niveaus.") % {"max": MAX_JSON_DEPTH}
        ) from error
    except json.JSONDecodeError as error:
        raise UnsafeInputError(
            _("De inhoud is geen geldige JSON (regel %(line)s, kolom %(col)s).")
            % {"line": error.lineno, "col": error.colno},
            syntax=True,
        ) from error
    _check_tree(data)
    return data


def _is_json(request: HttpRequest) -> bool:
    content_type = str(request.META.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        error_body(status, message, [{"field": "", "message": message}]), status=status
    )


class UnsafeInputMiddleware:
    """Refuse an oversized API body (413) and unsafe JSON (400) before any view reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> JsonResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error(400, _("De lengte van het verzoek klopt niet."))
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # The API's bodies are read whole into memory; Django would raise RequestDataTooBig
        # inside the view (a 500 from the API). Pages keep Django's own 400 for form posts.
        if limit is not None and length > limit and request.path.startswith("/api/"):
            return _error(
                413,
                _("Het verzoek is groter dan %(mb)s MB.") % {"mb": f"{limit / (1024 * 1024):g}"},
            )
        if not _is_json(request) or length == 0:
            return None
        if limit is not None and length > limit:
            return None  # Django refuses it when the body is read (400)
        try:
            load_json(request.body)
        except UnsafeInputError as error:
            # Malformed JSON is the view's to answer (ninja's validation, an import's message).
            return None if error.syntax else _error(400, error.message)
        return None
