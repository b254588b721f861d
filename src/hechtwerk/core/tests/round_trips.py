"""Counting round trips to the database in a test: a statement sent on its own is one, and so is
a whole psycopg pipeline (core.compiled.run_together: its statements, then one Sync). Counted in
Django's execute wrappers, so the connection's health check and psycopg's own BEGIN of an
outermost `atomic` (neither passes through them) are not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


class RoundTrips:
    def __init__(self) -> None:
        self.count = 0
        self.statements = 0
        self._pipeline: object | None = None

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        raw = context["connection"].connection
        pipeline = getattr(raw, "_pipeline", None)
        if pipeline is None or pipeline is not self._pipeline:
            self.count += 1
        self._pipeline = pipeline  # held, so a later pipeline is never the same object
        self.statements += 1
        return execute(sql, params, many, context)


@contextmanager
def round_trips(connection: BaseDatabaseWrapper) -> Iterator[RoundTrips]:
    counter = RoundTrips()
    with connection.execute_wrapper(counter):
        yield counter
