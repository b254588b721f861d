"""The one domain error and the one error shape of pages and API.

Every app's service raises `DomainError` (or a subclass of it): a message in the user's language
and, optionally, the field it concerns. Forms put it at that field; the API answers it, like every
other error (validation, 401, 403, 404, 409, 413, 429), as one JSON body:

    {"status": 422, "message": "…", "errors": [{"field": "case_code", "message": "…"}]}

`field` is a dotted path into the request body ("answers.0.value"); "" means the whole request.
"""

from __future__ import annotations

from typing import Any, TypedDict


class FieldProblem(TypedDict):
    field: str
    message: str


class ErrorBody(TypedDict):
    status: int
    message: str
    errors: list[FieldProblem]


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user as it is."""

    status: int = 400

    def __init__(self, message: str, *, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        if status is not None:
            self.status = status


class ConflictError(DomainError):
    """Someone else changed the record first; nothing was overwritten (HTTP 409)."""

    status = 409


def error_body(status: int, message: Any, errors: list[FieldProblem] | None = None) -> ErrorBody:
    """The API's one error shape."""
    return {"status": status, "message": str(message), "errors": list(errors or [])}
