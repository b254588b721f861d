"""The NEN 7513 access log: append-only guards and the hash chain (T1.5, T1.6)."""

from __future__ import annotations

import uuid
from importlib import import_module

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from hechtwerk.core.access import log_access, verify_chain
from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent, AppendOnlyError

SQLITE = import_module("hechtwerk.core.migrations.0002_access_log_append_only_triggers").SQLITE


@pytest.fixture
def logged(nurse):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    request.user = nurse.user
    request.membership = nurse.membership
    events = [
        log_access(
            request,
            action=AccessAction.READ,
            data_category="signalenlijst",
            client_ref=f"DOS-{n}",
            client_organisation_id=nurse.organisation.uuid,
        )
        for n in range(3)
    ]
    return events


def test_it_fills_every_mandatory_field(logged, nurse):
    event = logged[0]
    assert isinstance(event.event_id, uuid.UUID)
    assert event.action == "R"
    assert event.outcome == AccessOutcome.SUCCESS
    assert event.occurred_at.tzinfo is not None
    assert event.user_id == nurse.user.pk
    assert event.responsible_user_id == nurse.user.pk
    assert event.role == "jgz_verpleegkundige"
    assert event.organisation_id == nurse.organisation.uuid
    assert event.client_ref == "DOS-0"
    assert event.authorisation_basis == "rol:jgz_verpleegkundige"
    assert event.access_point == "192.0.2.10"
    assert event.request_id


def test_it_refuses_changes_through_the_orm(logged):
    event = logged[0]
    event.client_ref = "ANDERS"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(client_ref="ANDERS")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get(pk=event.pk).client_ref == "DOS-0"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_raw_sql_updates_and_deletes_in_the_database(nurse):
    request = RequestFactory().get("/")
    request.user = nurse.user
    request.membership = nurse.membership
    event = log_access(
        request, action=AccessAction.READ, data_category="signalenlijst", client_ref="X"
    )
    for sql in (
        "UPDATE core_accessevent SET client_ref = 'Y' WHERE seq = %s",
        "DELETE FROM core_accessevent WHERE seq = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.seq])
    assert AccessEvent.objects.get(pk=event.pk).client_ref == "X"


def test_it_chains_each_line_to_the_previous_one(logged):
    assert logged[1].prev_hash == logged[0].hash
    assert logged[2].prev_hash == logged[1].hash
    assert list(verify_chain()) == []
    call_command("verify_access_log")


@pytest.mark.django_db(transaction=True)
def test_it_detects_an_edit_made_behind_the_applications_back(nurse):
    request = RequestFactory().get("/")
    request.user = nurse.user
    request.membership = nurse.membership
    for n in range(3):
        log_access(
            request, action=AccessAction.READ, data_category="signalenlijst", client_ref=f"C{n}"
        )
    middle = AccessEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        # Someone with database access disables the guard and edits a row.
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_accessevent DISABLE TRIGGER core_accessevent_append_only"
            )
            cursor.execute(
                "UPDATE core_accessevent SET client_ref = 'VERVALST' WHERE seq = %s", [middle.seq]
            )
            cursor.execute(
                "ALTER TABLE core_accessevent ENABLE TRIGGER core_accessevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER core_accessevent_no_update")
            cursor.execute(
                "UPDATE core_accessevent SET client_ref = 'VERVALST' WHERE seq = %s", [middle.seq]
            )
    problems = list(verify_chain())
    assert [p.seq for p in problems] == [middle.seq]
    with pytest.raises(CommandError):
        call_command("verify_access_log")


@pytest.mark.django_db(transaction=True)
def test_a_line_that_fails_halfway_leaves_no_trace_and_the_chain_goes_on(nurse, monkeypatch):
    """Outside any transaction (as after a response) PostgreSQL gets the head lock and the line
    in two query strings with BEGIN and COMMIT of our own: a failure in between undoes it all
    and leaves the connection fit for the next line."""
    from hechtwerk.core import access

    request = RequestFactory().get("/")
    request.user = nurse.user
    request.membership = nurse.membership
    before = log_access(
        request, action=AccessAction.READ, data_category="signalenlijst", client_ref="VOOR"
    )

    def lost_key(*args: object, **kwargs: object) -> str:
        raise RuntimeError("de sleutel is zoek")

    monkeypatch.setattr(access, "keyed_hash", lost_key)
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError):
        log_access(
            request, action=AccessAction.READ, data_category="signalenlijst", client_ref="MIS"
        )
    monkeypatch.undo()
    if connection.vendor == "postgresql":
        from psycopg.pq import TransactionStatus

        assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    after = log_access(
        request, action=AccessAction.READ, data_category="signalenlijst", client_ref="NA"
    )
    assert after.prev_hash == before.hash
    refs = list(AccessEvent.objects.order_by("seq").values_list("client_ref", flat=True))
    assert refs[-2:] == ["VOOR", "NA"]
    assert "MIS" not in refs
    assert list(verify_chain()) == []
