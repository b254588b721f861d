"""A hot path's SELECT compiled to SQL text once per process (issue 13).

Django builds the SQL of a queryset anew on every call; on a request that makes a handful of
small reads, building it costs more CPU than the database spends answering. `CompiledQuery`
builds the queryset once with marker values for its arguments, keeps the SQL text per database
alias and vendor, and on each call substitutes the real values, applies the same converters and
makes the instances as iterating the queryset would (Django's ModelIterable: `Model.from_db`,
the select_related objects, the annotations). For querysets of model instances whose arguments
are plain equality parameters (ids, codes, hashes); deferred fields, related managers' querysets
and composite keys are refused when compiled. The queryset is built by the caller's usual code,
so the statement is the same one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, models, router, transaction
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    get_related_populators,
)

M = TypeVar("M", bound=models.Model)

# Values no caller passes: they mark where each argument lands among the SQL parameters.
_INT_MARK = -7_301_946_000
_STR_MARK = "\x00compiled-argument-"
_UUID_MARK = 0x7301_9460_0000_4000_8000_0000_0000_0000


def _as_is(value: Any) -> Any:
    return value


def _uuid_hex(value: Any) -> str:
    """A uuid as a database without a uuid type stores it (UUIDField on SQLite)."""
    return (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).hex


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _mark(kind: type, index: int) -> Any:
    if kind is int:
        return _INT_MARK - index
    if kind is str:
        return f"{_STR_MARK}{index}"
    if kind is uuid.UUID:
        return uuid.UUID(int=_UUID_MARK + index)
    raise TypeError(f"CompiledQuery takes int, str and uuid arguments, not {kind.__name__}.")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    positions: tuple[tuple[int, Callable[[Any], Any]], ...]
    start: int
    end: int
    names: list[str]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    related: list[Any]  # django.db.models.query.RelatedPopulator
    annotations: tuple[tuple[str, int], ...]


class CompiledQuery(Generic[M]):
    """`build(*args)` returns the queryset; `kinds` gives each argument's type (int, str or
    uuid.UUID). `fetch(*args)` gives the same instances as `list(build(*args))`. `for_write`:
    the queryset reads from the database written to (select_for_update), as Django routes it."""

    def __init__(
        self,
        model: type[M],
        build: Callable[..., models.QuerySet[M]],
        *kinds: type,
        for_write: bool = False,
    ) -> None:
        self.model = model
        self.build = build
        self.kinds = kinds
        self.for_write = for_write
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        marks = [_mark(kind, index) for index, kind in enumerate(self.kinds)]
        queryset = self.build(*marks)
        compiler = queryset.query.get_compiler(alias)
        # Django compiles a `select_for_update` only inside a transaction (where it runs); the
        # text is the same, and it may be compiled before the transaction it will run in.
        locking = queryset.query.select_for_update and not connections[alias].in_atomic_block
        with transaction.atomic(using=alias) if locking else nullcontext():
            sql, params = compiler.as_sql()
        klass_info = compiler.klass_info or {}
        if (
            queryset.model is not self.model
            or queryset._for_write is not self.for_write  # type: ignore[attr-defined]
            or klass_info.get("model") is not self.model
            or queryset._iterable_class is not ModelIterable
            or queryset._known_related_objects  # type: ignore[attr-defined]
            or queryset.query.deferred_loading[0]
            or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
            or compiler.has_composite_fields([column for column, _s, _a in compiler.select])
        ):
            raise TypeError("CompiledQuery takes querysets of its model's instances only.")
        positions = []
        for kind, mark in zip(self.kinds, marks, strict=True):
            # A uuid goes in as the backend prepares it: a uuid, or its hex without a uuid type.
            adapters = (_as_uuid, _uuid_hex) if kind is uuid.UUID else (_as_is,)
            found = [
                (i, adapt)
                for adapt in adapters
                for i, value in enumerate(params)
                if value == adapt(mark)
            ]
            if len(found) != 1:
                raise TypeError("Each argument must be exactly one parameter of the statement.")
            positions.append(found[0])
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            positions=tuple(positions),
            start=start,
            end=end,
            names=[column[0].target.attname for column in compiler.select[start:end]],
            converters=tuple(
                (index, tuple(convs), expression)
                for index, (convs, expression) in compiler.get_converters(columns).items()
            ),
            related=get_related_populators(klass_info, compiler.select, alias),
            annotations=tuple(compiler.annotation_col_map.items()),
        )

    def statement(self, *args: Any) -> tuple[str, str, list[Any]]:
        """The database alias, SQL and parameters of this call (to run with other statements)."""
        alias = (router.db_for_write if self.for_write else router.db_for_read)(self.model)
        key = (alias, connections[alias].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias)
        params = list(compiled.params)
        for (position, adapt), value in zip(compiled.positions, args, strict=True):
            params[position] = adapt(value)
        return alias, compiled.sql, params

    def instances(self, alias: str, rows: Sequence[Sequence[Any]]) -> list[M]:
        """The rows of `statement()` as the queryset's instances."""
        connection = connections[alias]
        compiled = self._compiled[(alias, connection.vendor)]
        instances = []
        for fetched in rows:
            row = list(fetched)
            for index, convs, expression in compiled.converters:
                value = row[index]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[index] = value
            instance = self.model.from_db(alias, compiled.names, row[compiled.start : compiled.end])
            for populator in compiled.related:
                populator.populate(row, instance)
            for name, index in compiled.annotations:
                setattr(instance, name, row[index])
            instances.append(instance)
        return instances

    def fetch(self, *args: Any) -> list[M]:
        alias, sql, params = self.statement(*args)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.instances(alias, rows)


def one_round_trip(connection: Any) -> bool:
    """Whether several statements can go to the server in one round trip (PostgreSQL, with
    psycopg's pipeline mode); the server runs them in order, all in one transaction (the
    caller's, or an implicit one of their own)."""
    return bool(connection.vendor == "postgresql")


def run_together(
    statements: Sequence[tuple[str, Sequence[Any]]], *, using: str = "default"
) -> list[list[tuple[Any, ...]]]:
    """Run the statements in order and return each one's rows ([] for one without rows).

    On PostgreSQL they go to the server in one round trip (psycopg's pipeline mode: every
    statement, then one Sync), and outside a transaction they are one transaction of their own
    (all or nothing: the server ends an implicit transaction at the Sync). Elsewhere they run
    one by one, in the caller's transaction or in one of their own. A compiled query's
    `statement()` and `instances()` read its rows this way."""
    connection = connections[using]
    results: list[list[tuple[Any, ...]]] = []
    if one_round_trip(connection):
        # The cursors are made first: the first one of a request checks the connection's health
        # (a round trip of its own, before the pipeline, as for any statement).
        cursors = [connection.cursor() for _ in statements]
        try:
            with (
                transaction.mark_for_rollback_on_error(using=using),
                connection.wrap_database_errors,
                connection.connection.pipeline(),
            ):
                for cursor, (statement, values) in zip(cursors, statements, strict=True):
                    cursor.execute(statement, list(values))
            # Leaving the pipeline sent the Sync and read every result.
            for cursor in cursors:
                # (`rownumber` is None for a result without rows.)
                results.append(list(cursor.fetchall()) if cursor.rownumber is not None else [])
        finally:
            for cursor in cursors:
                cursor.close()
        return results
    outer = nullcontext() if connection.in_atomic_block else transaction.atomic(using=using)
    with outer, connection.cursor() as cursor:
        for statement, values in statements:
            cursor.execute(statement, list(values))
            results.append(list(cursor.fetchall()) if cursor.description else [])
    return results


class CompiledUpdate(Generic[M]):
    """`model.objects.filter(pk=...).update(**values())` for one row, compiled once per process:
    `values` gives the update's expressions (subqueries included; nothing in them may change
    between calls but what they read when they run). `run(pk)` executes it in the caller's
    transaction and returns the number of rows changed."""

    def __init__(self, model: type[M], values: Callable[[], dict[str, Any]]) -> None:
        self.model = model
        self.values = values
        self._compiled: dict[tuple[str, str], tuple[str, tuple[Any, ...], int]] = {}

    def _compile(self, alias: str) -> tuple[str, tuple[Any, ...], int]:
        from django.db.models.sql import UpdateQuery

        mark = _mark(int, 0)
        # As QuerySet.update builds it (no ordering, no annotations to inline).
        query = self.model._default_manager.filter(pk=mark).order_by().query.chain(UpdateQuery)
        assert isinstance(query, UpdateQuery)
        query.add_update_values(self.values())
        query.clear_select_clause()
        sql, params = query.get_compiler(alias).as_sql()
        positions = [i for i, value in enumerate(params) if value == mark]
        if len(positions) != 1:
            raise TypeError("The primary key must be exactly one parameter of the statement.")
        return sql, tuple(params), positions[0]

    def statement(self, pk: int) -> tuple[str, list[Any]]:
        """The UPDATE's SQL and parameters for this row (to run with other statements)."""
        alias = router.db_for_write(self.model)
        key = (alias, connections[alias].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias)
        sql, template, position = compiled
        params = list(template)
        params[position] = pk
        return sql, params

    def run(self, pk: int) -> int:
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        sql, params = self.statement(pk)
        with transaction.mark_for_rollback_on_error(using=alias), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)


def _insert_sql(
    objs: Sequence[models.Model], alias: str, *, keyed: bool = False
) -> tuple[str, list[Any]]:
    """The one `INSERT ... RETURNING pk` that `bulk_create(objs)` runs on PostgreSQL (new rows of
    one model with a database-generated primary key, nothing else returned). `keyed`: the rows
    have their primary key already (taken from the table's sequence); nothing is returned."""
    from django.db.models.sql import InsertQuery

    model = type(objs[0])
    opts = model._meta
    queryset = model._default_manager.using(alias)
    queryset._prepare_for_bulk_create(objs)  # type: ignore[attr-defined]
    if (
        any(type(obj) is not model or (obj.pk is None) is keyed for obj in objs)
        or opts.parents
        or list(opts.db_returning_fields) != [opts.pk]
    ):
        raise TypeError("write_together inserts new rows of one model with a generated key only.")
    fields = [
        f
        for f in opts.concrete_fields
        if not f.generated and (keyed or not isinstance(f, models.AutoField))
    ]
    query = InsertQuery(model)
    query.insert_values(fields, list(objs))
    compiler = query.get_compiler(using=alias)
    compiler.returning_fields = None if keyed else opts.db_returning_fields
    statements = compiler.as_sql()
    if len(statements) != 1:
        raise TypeError("The rows do not go in with one INSERT.")
    sql, params = statements[0]
    return sql, list(params)


def write_together(
    groups: Sequence[Sequence[models.Model]],
    then: tuple[str, Sequence[Any]] | None = None,
    *,
    using: str = "default",
    first: models.Model | None = None,
) -> None:
    """Insert each group of new rows as `bulk_create` would (their primary keys set on the
    objects), then run `then` (SQL and parameters, an UPDATE), in the caller's transaction.

    On PostgreSQL all of it is one statement (data-modifying `WITH`): one round trip, one parse
    and plan, instead of one per group. Every part sees the database as it was before the
    statement, so `then` must not read the rows inserted here (and no group may refer to another
    group's rows). Elsewhere the same statements run one after the other.

    `first`: one more new row, its primary key already taken from its sequence, inserted by a
    statement of its own ahead of the rest, so the groups may refer to it and `then` sees it.
    With it the whole call is one transaction even when the caller has none (on PostgreSQL
    still one round trip: `run_together`)."""
    groups = [list(group) for group in groups if group]
    connection = connections[using]
    if connection.vendor != "postgresql":
        outer = (
            transaction.atomic(using=using)
            if first is not None and not connection.in_atomic_block
            else nullcontext()
        )
        with outer:
            if first is not None:
                type(first)._default_manager.using(using).bulk_create([first])
            for group in groups:
                type(group[0])._default_manager.using(using).bulk_create(group)
            if then is not None:
                with (
                    transaction.mark_for_rollback_on_error(using=using),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(then[0], list(then[1]))
        return
    sql, params = together_statement(groups, then, using=using)
    statements = [_insert_sql([first], using, keyed=True)] if first is not None else []
    rows = run_together([*statements, (sql, params)], using=using)[-1]
    if first is not None:
        first._state.adding = False
        first._state.db = using
    set_keys(groups, rows, using=using)


def together_statement(
    groups: Sequence[Sequence[models.Model]],
    then: tuple[str, Sequence[Any]] | None = None,
    *,
    using: str = "default",
) -> tuple[str, list[Any]]:
    """`write_together`'s one PostgreSQL statement (non-empty groups only), to run with others;
    `set_keys` takes its rows."""
    parts: list[str] = []
    params: list[Any] = []
    for n, group in enumerate(groups):
        sql, values = _insert_sql(group, using)
        parts.append(f"w{n} AS ({sql})")
        params.extend(values)
    if then is not None:
        parts.append(f"w{len(groups)} AS ({then[0]})")
        params.extend(then[1])
    # The returned keys of each group in RETURNING order (the order of the rows given, as
    # bulk_create relies on too). Only quoted column names and numbers go into the text.
    pk = connections[using].ops.quote_name
    select = " UNION ALL ".join(
        f"SELECT {n}, {pk(group[0]._meta.pk.column)} FROM w{n}"  # noqa: S608
        for n, group in enumerate(groups)
    )
    return f"WITH {', '.join(parts)} {select or 'SELECT NULL, NULL'}", params


def set_keys(
    groups: Sequence[Sequence[models.Model]],
    rows: Sequence[Sequence[Any]],
    *,
    using: str = "default",
) -> None:
    """Set the primary keys `together_statement` returned on its groups' objects."""
    per_group: list[list[Any]] = [[] for _ in groups]
    for n, value in rows:
        if n is not None:
            per_group[n].append(value)
    for group, keys in zip(groups, per_group, strict=True):
        if len(keys) != len(group):
            raise RuntimeError("write_together: the database returned a different row count.")
        for obj, key in zip(group, keys, strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = using
