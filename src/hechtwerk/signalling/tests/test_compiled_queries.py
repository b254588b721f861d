"""core.compiled: a hot path's SELECT compiled once per process gives what the queryset gives
(issue 13), on SQLite and PostgreSQL: the same instances, related objects and annotations, with
each call's own arguments."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db.models import Exists, OuterRef

from hechtwerk.core.compiled import CompiledQuery
from hechtwerk.core.tests.round_trips import round_trips
from hechtwerk.signalling.models import Child, Consult

from .factories import ChildFactory, make_consult

pytestmark = pytest.mark.django_db


def _state(child: Child) -> dict[str, object]:
    values = {f.attname: getattr(child, f.attname) for f in Child._meta.concrete_fields}
    values["organisation"] = (child.organisation.pk, child.organisation.name)
    return values


def _children(organisation_id: int, child_uuid: uuid.UUID):
    return (
        Child.objects.filter(organisation_id=organisation_id, uuid=child_uuid)
        .select_related("organisation")
        .annotate(has_consult=Exists(Consult.objects.filter(child_id=OuterRef("pk"))))
    )


COMPILED = CompiledQuery(Child, _children, int, uuid.UUID)


def test_it_reads_what_the_queryset_reads_with_each_calls_arguments(jgz, other_jgz, nurse, version):
    mine = ChildFactory(organisation=jgz, case_code="EIGEN-1")
    consulted = ChildFactory(organisation=jgz, case_code="EIGEN-2")
    make_consult(child=consulted, actor=nurse.user)
    theirs = ChildFactory(organisation=other_jgz, case_code="ANDER-1")

    for child in (mine, consulted, theirs):
        (expected,) = _children(child.organisation_id, child.uuid)
        (found,) = COMPILED.fetch(child.organisation_id, child.uuid)
        assert _state(found) == _state(expected)
        assert found.has_consult == expected.has_consult
        assert type(found.birth_date) is type(expected.birth_date)  # converted like Django does
        assert found._state.adding is False
        assert found._state.db == expected._state.db
    assert COMPILED.fetch(jgz.pk, mine.uuid)[0].has_consult is False
    assert COMPILED.fetch(jgz.pk, consulted.uuid)[0].has_consult is True
    # Another organisation's child is not found through this organisation (and vice versa).
    assert COMPILED.fetch(jgz.pk, theirs.uuid) == []
    assert COMPILED.fetch(other_jgz.pk, mine.uuid) == []


def test_it_refuses_querysets_it_cannot_read_as_the_queryset_would(jgz):
    child = ChildFactory(organisation=jgz)
    deferred = CompiledQuery(Child, lambda pk: Child.objects.filter(pk=pk).only("uuid"), int)
    with pytest.raises(TypeError):
        deferred.fetch(child.pk)
    twice = CompiledQuery(Child, lambda pk: Child.objects.filter(pk=pk, organisation_id=pk), int)
    with pytest.raises(TypeError):
        twice.fetch(child.pk)
    values = CompiledQuery(Child, lambda pk: Child.objects.filter(pk=pk).values("uuid"), int)
    with pytest.raises(TypeError):
        values.fetch(child.pk)


def test_it_refreshes_one_childs_facts_as_the_queryset_update_does(jgz, nurse, version):
    from hechtwerk.signalling.models.children import refresh_child_facts

    facts = ("worklist_moment_due_on", "worklist_awaits_conversation", "worklist_referral_since")
    consulted = ChildFactory(organisation=jgz, case_code="FEIT-1")
    make_consult(child=consulted, actor=nurse.user)
    bystander = ChildFactory(organisation=jgz, case_code="FEIT-2")
    Child.objects.filter(pk=consulted.pk).refresh_worklist_facts()
    expected = Child.objects.values(*facts).get(pk=consulted.pk)
    broken = {
        "worklist_moment_due_on": None,
        "worklist_awaits_conversation": True,
        "worklist_referral_since": None,
    }
    assert expected != broken
    # Facts gone wrong (as a write without its refresh would leave them) are put right again,
    # for that child only.
    Child.objects.update(**broken)
    refresh_child_facts(consulted.pk)
    assert Child.objects.values(*facts).get(pk=consulted.pk) == expected
    assert Child.objects.values(*facts).get(pk=bystander.pk) == broken


def test_write_together_stores_every_group_and_runs_the_update_in_one_statement_on_postgres(
    jgz, nurse, version
):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from hechtwerk.core.audit import audit_entry
    from hechtwerk.core.compiled import write_together
    from hechtwerk.core.models import AuditEntry
    from hechtwerk.signalling.models import DimensionAssessment
    from hechtwerk.signalling.models.children import child_facts_statement

    child = ChildFactory(organisation=jgz, case_code="SAMEN-1")
    consult = make_consult(child=child, actor=nurse.user)
    rows = [
        DimensionAssessment(consult=consult, dimension=f"extra-{n}", suggested_status="positief")
        for n in range(3)
    ]
    entries = [audit_entry(f"test.together.{n}", actor=nurse.user, target=consult) for n in (1, 2)]
    Child.objects.filter(pk=child.pk).update(worklist_awaits_conversation=True)
    Child.objects.filter(pk=child.pk).refresh_worklist_facts()
    expected = Child.objects.values_list("worklist_awaits_conversation", flat=True).get(pk=child.pk)
    Child.objects.filter(pk=child.pk).update(worklist_awaits_conversation=not expected)
    with CaptureQueriesContext(connection) as queries:
        write_together([rows, [], entries], then=child_facts_statement(child.pk))
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)
    # Keys set on the objects in the order given, each row stored as given, the UPDATE run.
    for row in rows:
        stored = DimensionAssessment.objects.get(pk=row.pk)
        assert (stored.dimension, stored.consult_id) == (row.dimension, consult.pk)
        assert not row._state.adding
    assert [AuditEntry.objects.get(pk=e.pk).action for e in entries] == [
        "test.together.1",
        "test.together.2",
    ]
    assert entries[0].occurred_at is not None
    assert (
        Child.objects.values_list("worklist_awaits_conversation", flat=True).get(pk=child.pk)
        is expected
    )
    # A failing part leaves nothing of the others behind once the transaction rolls back.
    before = AuditEntry.objects.count()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011
        write_together(
            [[audit_entry("test.together.3", actor=nurse.user)]],
            then=("UPDATE no_such_table SET x = %s", [1]),
        )
    assert AuditEntry.objects.count() == before


def test_consult_inputs_reads_in_one_go_what_the_services_read_one_by_one(
    jgz, other_jgz, nurse, version
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hechtwerk.signalling.services import (
        consult_inputs,
        current_policy,
        current_signalenlijst,
        ensure_schedule,
    )

    consulted = ChildFactory(organisation=jgz, case_code="INVOER-1")
    held = make_consult(child=consulted, actor=nurse.user)
    fresh = ChildFactory(organisation=jgz, case_code="INVOER-2")
    theirs = ChildFactory(organisation=other_jgz, case_code="INVOER-3")

    with CaptureQueriesContext(connection) as queries, round_trips(connection) as trips:
        inputs = consult_inputs(jgz.pk, consulted.uuid, "4w")
    # On PostgreSQL six statements (the five reads and the new key) in one round trip;
    # elsewhere the five reads one by one.
    postgres = connection.vendor == "postgresql"
    assert (len(queries), trips.count) == ((6, 1) if postgres else (5, 5))
    stored = Child.objects.select_related("organisation").get(pk=consulted.pk)
    assert [_state(child) for child in inputs.child] == [_state(stored)]
    assert [m.pk for m in inputs.schedule] == [m.pk for m in ensure_schedule(jgz)]
    assert inputs.policy == current_policy()
    assert inputs.version == current_signalenlijst() == version
    assert [c.pk for c in inputs.held] == [held.pk]  # a second 4-weeks consult would be refused
    # Another moment, another child of the organisation: nothing held; a child elsewhere: none.
    assert consult_inputs(jgz.pk, consulted.uuid, "8w").held == []
    assert consult_inputs(jgz.pk, fresh.uuid, "4w").held == []
    assert consult_inputs(jgz.pk, theirs.uuid, "4w").child == []
    # On PostgreSQL each call takes a fresh key for the consult from its sequence.
    keys = [consult_inputs(jgz.pk, fresh.uuid, "4w").consult_id for _ in range(2)]
    if connection.vendor == "postgresql":
        assert None not in keys
        assert keys[1] > keys[0] > held.pk
    else:
        assert keys == [None, None]


@pytest.mark.django_db(transaction=True)
def test_write_together_with_a_first_row_is_one_transaction_even_without_the_callers(
    jgz, nurse, version
):
    """Outside any transaction (as the API records a consult), a failing part leaves nothing
    behind, not even the first row; a succeeding call stores it and `then` sees it."""
    from django.db import DatabaseError, connection
    from django.db.models import Max

    from hechtwerk.core.audit import audit_entry
    from hechtwerk.core.compiled import write_together
    from hechtwerk.core.models import AuditEntry
    from hechtwerk.signalling.models.children import child_facts_statement
    from hechtwerk.signalling.services import consult_inputs, ensure_schedule

    child = ChildFactory(organisation=jgz, case_code="EERST-1")
    moment = next(m for m in ensure_schedule(jgz) if m.code == "4w")

    def new_consult() -> Consult:
        key = consult_inputs(jgz.pk, child.uuid, "4w").consult_id
        if key is None:  # SQLite: no sequence to take a key from
            key = (Consult.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        assert child.birth_date is not None
        return Consult(
            pk=key,
            child=child,
            contact_moment=moment,
            consult_date=child.birth_date + dt.timedelta(days=28),
            professional=nurse.user,
            created_by=nurse.user,
            updated_by=nurse.user,
            # A zoekende dimension whose ééngespreksmodel is still open: the child's worklist
            # facts say so once they are computed with this consult in place.
            instrument_version=version,
            has_searching_dimension=True,
        )

    assert not connection.in_atomic_block
    failing = new_consult()
    with pytest.raises(DatabaseError):
        write_together(
            [[audit_entry("test.first.failed", actor=nurse.user, target=failing)]],
            then=("UPDATE no_such_table SET x = %s", [1]),
            first=failing,
        )
    assert not Consult.objects.filter(pk=failing.pk).exists()
    assert not AuditEntry.objects.filter(action="test.first.failed").exists()

    facts = ("worklist_moment_due_on", "worklist_awaits_conversation", "worklist_referral_since")
    Child.objects.filter(pk=child.pk).refresh_worklist_facts()
    without = Child.objects.values(*facts).get(pk=child.pk)
    stored = new_consult()
    write_together(
        [[audit_entry("test.first.stored", actor=nurse.user, target=stored)]],
        then=child_facts_statement(child.pk),
        first=stored,
    )
    assert Consult.objects.get(pk=stored.pk).child_id == child.pk
    assert not stored._state.adding
    assert AuditEntry.objects.filter(action="test.first.stored").count() == 1
    # The facts were computed with the consult in place: refreshing them changes nothing.
    written = Child.objects.values(*facts).get(pk=child.pk)
    assert (without["worklist_awaits_conversation"], written["worklist_awaits_conversation"]) == (
        False,
        True,
    )
    Child.objects.filter(pk=child.pk).refresh_worklist_facts()
    assert Child.objects.values(*facts).get(pk=child.pk) == written


@pytest.mark.postgres
def test_run_together_sends_its_statements_with_one_sync_and_waits_once(jgz):
    """On the wire (libpq's protocol trace): the statements, one Sync, one ReadyForQuery."""
    import os
    import tempfile

    from django.db import connection
    from psycopg.pq import Trace

    from hechtwerk.core.compiled import run_together

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    descriptor, path = tempfile.mkstemp()
    try:
        pgconn.trace(descriptor)
        pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        rows = run_together(
            [("SELECT %s::int", [1]), ("SELECT %s::text", ["twee"]), ("SELECT 3 WHERE false", [])]
        )
        pgconn.untrace()
        with open(path) as trace:
            messages = [line.rstrip("\n").split("\t")[:3] for line in trace]
    finally:
        os.close(descriptor)
        os.unlink(path)
    assert rows == [[(1,)], [("twee",)], []]
    sent = [name for side, _size, name in messages if side == "F"]
    assert sent.count("Execute") == 3
    assert sent.count("Sync") == 1
    assert [name for side, _size, name in messages if side == "B"].count("ReadyForQuery") == 1
