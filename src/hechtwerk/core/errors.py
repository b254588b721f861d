"""The one domain error and the one error shape of pages and API.

Every app's service raises `DomainError` (or a subclass of it): a message in the user's language
and, optionally, the field it concerns. Forms put it at that field (`core.forms.DomainErrorMixin`);
the API answers it, like every other error (validation, 401, 403, 404, 405, 409, 413, 429, 500),
as one JSON body:

    {"status": 422, "message": "…", "errors": [{"field": "case_code", "message": "…"}]}

- `status` repeats the HTTP status; `message` is one Dutch sentence (English when the user chose
  English) that can be shown as it is; `errors` lists the problems that concern one field, and
  is empty when the problem is not about a field (401, 403, 404, …).
- `field` is a dotted path into the request: a body field as the client sent it, without the
  location ("answers.att1", "items.0.code"); a query or path parameter by its name
  ("age_days", "child_id"); "" is the request body as a whole (not JSON, not an object).
- A domain error may add keys of its own beside these three (`ConflictError(...,
  current_version=4)` answers `"current_version": 4`); `ErrorOut` publishes them in OpenAPI.

`install_error_handlers(api)` puts this in place for a NinjaAPI; `ApiErrorMiddleware` does the
same for the few answers that Django gives before ninja is reached (an unknown path, a wrong
method).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.errors import ValidationErrorContext

logger = logging.getLogger("hechtwerk.api")


class FieldProblem(TypedDict):
    field: str
    message: str


class ErrorBody(TypedDict):
    status: int
    message: str
    errors: list[FieldProblem]
    current_version: NotRequired[int]


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user as it is.

    `field` names the input it concerns (a form field, or a dotted path in an API body);
    `status` is the HTTP status the API answers (400 unless a subclass or caller says otherwise);
    `extra` are keys the API adds to the error body (e.g. `current_version`).
    """

    status: int = 400
    # Seconds after which the client may try again; sent as Retry-After (429, 503).
    retry_after: int | None = None

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        status: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field or None
        if status is not None:
            self.status = status
        self.extra: dict[str, Any] = extra


class ConflictError(DomainError):
    """Someone else changed the record first; nothing was overwritten (HTTP 409)."""

    status = 409


def error_body(
    status: int, message: Any, errors: list[FieldProblem] | None = None, **extra: Any
) -> ErrorBody:
    """The API's one error shape (extra keys, such as `current_version`, beside the three)."""
    body: dict[str, Any] = {"status": status, "message": str(message), "errors": list(errors or [])}
    body.update(extra)
    return body  # type: ignore[return-value]


def domain_error_from(
    exc: DjangoValidationError, error_class: type[DomainError] = DomainError
) -> DomainError:
    """A Django ValidationError (from full_clean) as a domain error at its first field."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    field, messages = next(iter(errors.items()))
    return error_class(" ".join(messages), field=None if field == "__all__" else field)


# --- the schema ------------------------------------------------------------------------------

# For the API description (OpenAPI `info.description`); the API's documentation is Dutch.
ERRORS_DESCRIPTION = """\
## Fouten

Elke fout heeft dezelfde vorm (schema `ErrorOut`), met een melding in de taal van de gebruiker
(Nederlands; Engels als de gebruiker Engels koos):

```json
{"status": 422, "message": "Het verzoek bevat fouten; bij elk veld staat wat er niet klopt.",
 "errors": [{"field": "consult_date", "message": "Geef een geldige datum op (jjjj-mm-dd)."}]}
```

- `errors` noemt elk veld dat niet klopt; het is leeg als de fout geen veld betreft.
- `field` is een pad met punten in de body zoals je die stuurde (`answers.att1`,
  `items.0.code`), zonder `body.`; een query- of padparameter staat er met zijn naam
  (`age_days`, `child_id`); een leeg veld betreft het verzoek als geheel.
- Statussen: 400 een regel van het domein weigert het verzoek; 401 geen geldige sleutel;
  403 geen toestemming; 404 bestaat niet of is niet zichtbaar voor deze sleutel (ook bij een
  onbekend pad); 405 methode niet toegestaan (header `Allow`); 409 conflict met de huidige
  stand, bij een verouderde versie met `current_version`; 413 verzoek te groot; 422 een veld
  heeft niet de verwachte vorm; 429 te veel verzoeken (header `Retry-After`); 500 een
  onverwachte fout aan onze kant, zonder details.
"""


class FieldProblemOut(Schema):
    field: str = Field(
        description="Het veld waar het om gaat, als pad met punten (`answers.att1`, "
        "`items.0.code`), zonder `body.`; een query- of padparameter bij zijn naam; "
        "leeg voor het verzoek als geheel."
    )
    message: str = Field(description="Wat er niet klopt, in de taal van de gebruiker.")


class ErrorOut(Schema):
    """Every error of this API: the status, one message to show, and the fields concerned."""

    # The OpenAPI text is for the API's (Dutch) readers; the docstring above is for this code.
    model_config = ConfigDict(
        json_schema_extra={
            "description": "Elke fout van deze API: de status, één melding om te tonen en de "
            "velden waar het om gaat."
        }
    )

    status: int = Field(description="De HTTP-status, herhaald.", examples=[422])
    message: str = Field(
        description="Eén zin in de taal van de gebruiker (Nederlands, of Engels als de "
        "gebruiker dat koos), die je zo kunt tonen.",
        examples=["Het verzoek bevat fouten; bij elk veld staat wat er niet klopt."],
    )
    errors: list[FieldProblemOut] = Field(
        description="Eén regel per veld dat niet klopt; leeg als de fout geen veld betreft."
    )
    current_version: int | None = Field(
        None,
        description="Alleen bij 409 na een verouderde versie: de versie die nu geldt.",
    )


# --- messages --------------------------------------------------------------------------------


def status_message(status: int) -> str:
    """The generic message for an HTTP status, in the active language."""
    messages: dict[int, str] = {
        400: _("Het verzoek is niet in orde."),
        401: _("Meld je aan met een geldige API-sleutel (Authorization: Bearer …)."),
        403: _("Je hebt geen toestemming voor deze handeling."),
        404: _("Dit bestaat niet, of je hebt er geen toegang toe."),
        405: _("Deze methode is op dit adres niet toegestaan."),
        409: _("Dit is intussen door iemand anders gewijzigd; er is niets overschreven."),
        413: _("Het verzoek is te groot."),
        415: _("Dit soort inhoud wordt op dit adres niet aangenomen."),
        422: _("Het verzoek bevat fouten; bij elk veld staat wat er niet klopt."),
        429: _("Te veel verzoeken. Probeer het later opnieuw."),
        500: _("Er ging bij ons iets mis. Probeer het later opnieuw."),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return messages[500]
    return messages[400]


# ninja's own English texts, which a user must never read; the status says what they mean.
_NINJA_TEXTS = ("Unauthorized", "Forbidden", "Too many requests.", "CSRF check Failed")


def _choices(expected: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c" (the "or" is English)."""
    values = re.findall(r"'([^']*)'", str(expected))
    return ", ".join(values) if values else str(expected)


def validation_message(error: Mapping[str, Any]) -> str:
    """A pydantic error (type, ctx, msg) as a message in the user's language."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind in ("missing", "missing_argument"):
        return _("Dit veld is verplicht.")
    if kind in ("value_error", "assertion_error"):
        # Our own validators and checks write the message themselves.
        text = str(ctx.get("error") or error.get("msg", ""))
        return re.sub(r"^(Value|Assertion) error, ", "", text) or _("Deze waarde is ongeldig.")
    if kind in ("enum", "literal_error"):
        return _("Kies een van deze waarden: %(choices)s.") % {
            "choices": _choices(ctx.get("expected", ""))
        }
    if kind == "string_too_long":
        return _("Gebruik hoogstens %(count)s tekens.") % {"count": ctx.get("max_length")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("Dit veld mag niet leeg zijn.")
        return _("Gebruik minstens %(count)s tekens.") % {"count": ctx.get("min_length")}
    if kind == "too_long":
        return _("Geef hoogstens %(count)s waarden op.") % {"count": ctx.get("max_length")}
    if kind == "too_short":
        return _("Geef minstens %(count)s waarden op.") % {"count": ctx.get("min_length")}
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limits = {
            "greater_than": _("Geef een waarde groter dan %(limit)s op."),
            "greater_than_equal": _("Geef een waarde van minstens %(limit)s op."),
            "less_than": _("Geef een waarde kleiner dan %(limit)s op."),
            "less_than_equal": _("Geef een waarde van hoogstens %(limit)s op."),
        }
        bound = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "")
        return limits[kind] % {"limit": bound}
    if kind == "string_pattern_mismatch":
        return _("Deze waarde heeft niet de verwachte vorm.")
    if kind == "extra_forbidden":
        return _("Dit veld kent de API niet.")
    if kind in ("json_invalid", "json_type"):
        return _("Dit is geen geldige JSON.")
    prefixes: list[tuple[tuple[str, ...], str]] = [
        (("string_",), _("Geef hier tekst op.")),
        (("int_",), _("Geef hier een geheel getal op.")),
        (("float_", "decimal_", "finite_number"), _("Geef hier een getal op.")),
        (("bool_",), _("Geef hier true of false op.")),
        (("datetime_", "timezone_"), _("Geef een geldig tijdstip op (ISO 8601).")),
        (("date_",), _("Geef een geldige datum op (jjjj-mm-dd).")),
        (("time_",), _("Geef een geldige tijd op (uu:mm).")),
        (("uuid_",), _("Dit is geen geldige id (UUID).")),
        (("url_",), _("Dit is geen geldig webadres.")),
        (("dict_", "model_", "dataclass_"), _("Geef hier een object met velden op.")),
        (("list_", "tuple_", "set_", "frozen_set_", "iterable_"), _("Geef hier een lijst op.")),
    ]
    for starts, message in prefixes:
        if kind.startswith(starts):
            return message
    return _("Deze waarde is ongeldig.")


# Where ninja says a parameter came from; the field path leaves it out.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def field_path(loc: Any) -> str:
    """ninja's location tuple as a dotted path without its source ("body", "query", …)."""
    parts = [str(part) for part in (loc or ())]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    return ".".join(parts)


# --- responses -------------------------------------------------------------------------------


def error_response(
    status: int,
    message: Any = None,
    errors: list[FieldProblem] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JsonResponse:
    """The one error shape as a response (message defaults to the status's own)."""
    body = error_body(status, message or status_message(status), errors, **extra)
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def domain_error_response(exc: DomainError) -> JsonResponse:
    errors: list[FieldProblem] = [{"field": exc.field, "message": exc.message}] if exc.field else []
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else {}
    return error_response(exc.status, exc.message or None, errors, headers=headers, **exc.extra)


def _on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return domain_error_response(exc)


def _on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: list[FieldProblem] = [
        {"field": field_path(e.get("loc")), "message": validation_message(e)} for e in exc.errors
    ]
    return error_response(422, None, errors)


def _on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A full_clean that a service forgot to turn into its domain error: still a clear 400."""
    found = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    errors: list[FieldProblem] = [
        {"field": "" if field == "__all__" else field, "message": " ".join(messages)}
        for field, messages in found.items()
    ]
    return error_response(400, None, errors)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc.message)
    if message in _NINJA_TEXTS:
        message = ""
    elif message.startswith("Cannot parse request body"):
        return error_response(
            400,
            _("De inhoud van het verzoek is geen geldige JSON."),
            [{"field": "", "message": _("Dit is geen geldige JSON.")}],
        )
    return error_response(exc.status_code, message or None)


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never the exception's text: it would name a model or reveal that something exists.
    return error_response(404)


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403)


def _on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return error_response(413)
    return error_response(400)


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered with a generic message and nothing else."""
    logger.exception(
        "Unexpected error in API call %s %s", request.method, request.path, exc_info=exc
    )
    return error_response(500)


def _strip_single_body_name(api: NinjaAPI) -> None:
    """Make ninja's validation locations name the field as the client sent it.

    A body that is one schema is read by ninja as `{"payload": <body>}`, so its errors say
    ("body", "payload", "answers"); the client never wrote "payload", so it is left out.
    """
    original: Callable[[list[ValidationErrorContext[Any]]], NinjaValidationError] = (
        api.validation_error_from_error_contexts
    )

    def validation_error_from_error_contexts(
        error_contexts: list[ValidationErrorContext[Any]],
    ) -> NinjaValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            single = getattr(context.model, "__read_from_single_attr__", None)
            for error in original([context]).errors:
                loc = tuple(error.get("loc", ()))
                if single and loc[:2] == ("body", single):
                    error["loc"] = ("body", *loc[2:])
                errors.append(error)
        return NinjaValidationError(errors)

    setattr(api, "validation_error_from_error_contexts", validation_error_from_error_contexts)  # noqa: B010


# --- OpenAPI ---------------------------------------------------------------------------------

ERROR_REF = "#/components/schemas/ErrorOut"
_WRITES = frozenset({"post", "put", "patch", "delete"})


def default_error_responses(method: str, *, secured: bool) -> dict[int, str]:
    """The error statuses every operation may answer, with their OpenAPI description."""
    codes: dict[int, str] = {
        400: "Het verzoek is niet in orde (een regel van het domein)",
        403: "Geen toestemming",
        404: "Bestaat niet, of niet zichtbaar voor deze sleutel",
        422: "Een veld heeft niet de verwachte vorm",
        429: "Te veel verzoeken; zie Retry-After",
        500: "Onverwachte fout aan onze kant",
    }
    if secured:
        codes[401] = "Geen of geen geldige API-sleutel"
    if method in _WRITES:
        codes[409] = "Conflict met de huidige stand (bijvoorbeeld een verouderde versie)"
        codes[413] = "Het verzoek is te groot"
    return dict(sorted(codes.items()))


def _publish_error_shape(api: NinjaAPI) -> None:
    """Add `ErrorOut` to the schema and as the response of every operation's error statuses."""
    original = api.get_openapi_schema

    def get_openapi_schema(**kwargs: Any) -> Any:
        schema = original(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                secured = bool(operation.get("security"))
                for status, description in default_error_responses(method, secured=secured).items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                        },
                    )
        return schema

    setattr(api, "get_openapi_schema", get_openapi_schema)  # noqa: B010


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error of `api` in the one shape, and publish the shape in its OpenAPI."""
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (DomainError, _on_domain_error),
        (NinjaValidationError, _on_validation_error),
        (DjangoValidationError, _on_django_validation_error),
        (HttpError, _on_http_error),
        (Http404, _on_not_found),
        (PermissionDenied, _on_permission_denied),
        (SuspiciousOperation, _on_suspicious),
        (Exception, _on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
    _strip_single_body_name(api)
    _publish_error_shape(api)


# --- answers given before ninja is reached ----------------------------------------------------

_JSON_TYPES = ("application/json", "application/fhir+json", "application/problem+json")
_KEPT_HEADERS = ("Allow", "Retry-After")


def api_prefix() -> str:
    """Where the API lives ("/api/v1/"), from its URL configuration."""
    try:
        return reverse("api:openapi-json").rsplit("/", 1)[0] + "/"
    except NoReverseMatch:
        return "/api/"


class ApiErrorMiddleware:
    """Give an unknown API path (404), a wrong method (405) and any other error page below the
    API prefix the API's error shape instead of an HTML page. Sits below LanguageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code < 400:
            return response
        if self.prefix is None:
            self.prefix = api_prefix()
        if not request.path.startswith(self.prefix):
            return response
        if str(response.get("Content-Type", "")).startswith(_JSON_TYPES):
            return response
        headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
        return error_response(response.status_code, headers=headers)
