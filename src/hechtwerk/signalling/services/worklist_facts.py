"""Keeping the worklist's facts (models.facts) true: every write they depend on refreshes them.

A write to one child's records refreshes that child in the same transaction (one UPDATE); a
change of an organisation's schedule refreshes its children, a change of the policy's first
half year every child. `manage.py refresh_worklist_facts` does the latter by hand.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router, transaction
from django.db.models.sql import UpdateQuery

from hechtwerk.accounts.models import Organisation
from hechtwerk.signalling.models import Child
from hechtwerk.signalling.models.children import worklist_fact_values

# The one-child UPDATE as SQL text per database alias and vendor, with the position of the
# child's id among its parameters: compiled once per process from the same queryset
# `Child.refresh_worklist_facts` runs (issue 13: building its subquery expressions cost more CPU
# than the database spent on it). The statement holds nothing that changes between calls (the
# schedule and policy are read by its subqueries when it runs).
_COMPILED: dict[tuple[str, str], tuple[str, tuple[Any, ...], int]] = {}
_PLACEHOLDER_ID = -7_301_946_285  # never a primary key: marks the id's parameter


def _compile_child_update(alias: str) -> tuple[str, tuple[Any, ...], int]:
    # As QuerySet.update builds it for `Child.objects.filter(pk=...).refresh_worklist_facts()`
    # (no ordering, no annotations to inline).
    query = Child.objects.filter(pk=_PLACEHOLDER_ID).order_by().query.chain(UpdateQuery)
    assert isinstance(query, UpdateQuery)
    query.add_update_values(worklist_fact_values())
    query.clear_select_clause()
    sql, params = query.get_compiler(alias).as_sql()
    positions = [i for i, value in enumerate(params) if value == _PLACEHOLDER_ID]
    if len(positions) != 1:  # pragma: no cover - a change in Django's compiler
        raise RuntimeError("The worklist facts UPDATE does not take the child's id once.")
    return sql, tuple(params), positions[0]


def refresh_child_facts(child_id: int) -> None:
    """The facts of one child, after a write to its consults, notes, referrals or dates: the
    same UPDATE as `Child.objects.filter(pk=child_id).refresh_worklist_facts()`, compiled once."""
    alias = router.db_for_write(Child)
    connection = connections[alias]
    key = (alias, connection.vendor)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = _compile_child_update(alias)
    sql, template, position = compiled
    params = list(template)
    params[position] = child_id
    with transaction.mark_for_rollback_on_error(using=alias), connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def refresh_worklist_facts(*, organisation: Organisation | None = None) -> int:
    """The facts of an organisation's children (every child when None): after a change of its
    schedule of contact moments or of the policy. Returns the number of children refreshed."""
    children = Child.objects.all()
    if organisation is not None:
        children = children.filter(organisation=organisation)
    return children.refresh_worklist_facts()
