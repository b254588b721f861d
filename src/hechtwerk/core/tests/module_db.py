"""Data built once per test module: the machinery behind the root conftest's `module_db` fixture
(described in the root conftest's docstring), importable so that it can be tested."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction


def is_transactional(item: pytest.Item) -> bool:
    """The same test pytest-django makes to choose TransactionTestCase over TestCase."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(
        name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


def refuse_transactional_tests_beside_module_db(items: list[pytest.Item]) -> None:
    """A transactional test commits and flushes: inside a module's open transaction it would
    neither commit nor leave the module's data alone. Refuse the run before it starts."""
    by_module: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(str(item.path), []).append(item)
    wrong = [
        item.nodeid
        for module_items in by_module.values()
        if any("module_db" in getattr(i, "fixturenames", ()) for i in module_items)
        for item in module_items
        if is_transactional(item)
    ]
    if wrong:
        raise pytest.UsageError(
            "transactional tests in a module whose data is built once (module_db); move them to "
            "a module of their own: " + ", ".join(wrong)
        )


class ModuleDb:
    """The module's transaction and the savepoints on it (see the root conftest)."""

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker
        self._layers: list[transaction.Atomic] = []

    @contextmanager
    def access(self) -> Iterator[None]:
        """Database access for building module data, on the innermost layer (never in a test)."""
        if not self._layers or connection.atomic_blocks[-1:] != self._layers[-1:]:
            raise RuntimeError(
                "module data must be built by a module-scoped fixture that depends on module_db, "
                "before the test's own transaction is opened"
            )
        with self._blocker.unblock():
            yield

    @contextmanager
    def layer(self) -> Iterator[None]:
        """A savepoint on top of the module's data, rolled back when the block ends."""
        with self._blocker.unblock():
            if self._layers and connection.atomic_blocks[-1:] != self._layers[-1:]:
                raise RuntimeError("a module layer can only be opened outside a test")
            atomic = transaction.atomic()
            # Like the test's own atomic block: a service's durable block may open inside it.
            atomic._from_testcase = True
            atomic.__enter__()
        self._layers.append(atomic)
        try:
            yield
        finally:
            with self._blocker.unblock():
                if connection.atomic_blocks[-1:] != [atomic]:
                    # Django's atomic blocks unwind last-in first-out; anything else would roll
                    # back the wrong savepoint and leak data between tests.
                    raise RuntimeError("module layers were closed out of order")
                self._layers.pop()
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
