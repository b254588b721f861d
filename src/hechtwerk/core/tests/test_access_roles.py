"""The access log against its own application, on PostgreSQL, with the application role's rights
(T1.5, T1.6, T1.14, T1.15, T1.16).

The roles are created in the test's transaction (and vanish with it) and given the grants of
`setup_database_roles`; each attempt runs after `SET ROLE` to the application role, so the
database checks exactly the rights production's DATABASE_URL has. The tables belong to the test
database's owner, as they belong to the migration role in production.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from hechtwerk.core.access import HASHED_FIELDS, plain_hash, verify_chain
from hechtwerk.core.checkpoint import read_checkpoints, write_checkpoint
from hechtwerk.core.dbroles import apply_grants
from hechtwerk.core.models import AccessEvent, AccessLogHead, AccessLogPurgePermit
from hechtwerk.core.retention import purge_access_log

from .logbook_helpers import plant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def roles(settings, tmp_path) -> tuple[str, str]:
    """An application role and a purge role for this test database, with their grants."""
    settings.ACCESS_LOG_CHECKPOINT_PATH = str(tmp_path / "checkpoints.jsonl")
    name = connection.settings_dict["NAME"]
    app, purge = f"{name}_app", f"{name}_purge"
    with connection.cursor() as cursor:
        for role in (app, purge):
            cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    apply_grants(app, purge)
    return app, purge


@contextmanager
def as_role(role: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(sql: str, params: list[object] | None = None) -> str:
    """Run `sql` and return the database's refusal; fail the test when it is allowed."""
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params or [])
    return str(refusal.value)


@pytest.fixture
def lines(nurse, roles):
    app, _purge = roles
    with as_role(app):
        return [plant(nurse, client_ref=f"DOS-{n}") for n in range(5)]


def test_it_lets_the_application_role_append_and_verify(roles, lines):
    """The grants are enough for the application's own work (a control for the refusals)."""
    app, _purge = roles
    with as_role(app):
        assert list(verify_chain()) == []
        write_checkpoint()
        call_command("verify_access_log")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (app,)


def test_it_refuses_the_application_role_the_purge_permit(roles, lines):
    """T1.14: only the purge role may write the permit that lets a DELETE through."""
    app, _purge = roles
    with as_role(app):
        assert "permission denied" in refused(
            "INSERT INTO core_accesslogpurgepermit (created_at) VALUES (now())"
        )
        assert "permission denied" in refused("SELECT 1 FROM core_accesslogpurgepermit")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLogPurgePermit.objects.create()


def test_it_refuses_the_application_role_deleting_or_changing_lines(roles, lines):
    """T1.5, T1.14: no DELETE of the newest lines, no TRUNCATE, no UPDATE."""
    app, _purge = roles
    newest = lines[-1].seq
    with as_role(app):
        assert "permission denied" in refused(
            "DELETE FROM core_accessevent WHERE seq >= %s", [lines[2].seq]
        )
        assert "permission denied" in refused("TRUNCATE core_accessevent")
        assert "permission denied" in refused(
            "UPDATE core_accessevent SET client_ref = 'X' WHERE seq = %s", [newest]
        )
    assert AccessEvent.objects.count() == 5


def test_it_refuses_the_application_role_disabling_or_dropping_the_triggers(roles, lines):
    """T1.14: the application role does not own the tables, so the triggers stay."""
    app, _purge = roles
    with as_role(app):
        assert "must be owner" in refused(
            "ALTER TABLE core_accessevent DISABLE TRIGGER core_accessevent_append_only"
        )
        assert "must be owner" in refused(
            "DROP TRIGGER core_accessevent_append_only ON core_accessevent"
        )
        assert "must be owner" in refused("ALTER TABLE core_accessevent OWNER TO CURRENT_USER")


def test_it_refuses_the_application_role_moving_the_anchor_or_the_epoch(roles, lines):
    """T1.14: of the head, the application may move only last_hash (and verify checks it)."""
    app, _purge = roles
    with as_role(app):
        assert "permission denied" in refused(
            "UPDATE core_accessloghead SET anchor_hash = %s", [lines[2].prev_hash]
        )
        assert "permission denied" in refused(
            "UPDATE core_accessloghead SET legacy_last_seq = 1000000"
        )


def test_it_detects_lines_reinserted_with_plain_hashes_by_the_application_role(roles, lines):
    """T1.6, T1.14: the role cannot delete, but it can append altered copies of lines with
    hashes recomputed by the project's own code and point the head at them; without the key
    verification finds every forged line."""
    app, _purge = roles
    head = AccessLogHead.objects.get(id=1)
    prev = head.last_hash
    forged = []
    with as_role(app):
        for line in lines[2:]:
            copy = {name: getattr(line, name) for name in HASHED_FIELDS}
            copy |= {"event_id": uuid.uuid4(), "client_ref": f"X{line.client_ref}"}
            copy["prev_hash"] = prev
            copy["hash"] = prev = plain_hash(prev, copy)
            forged.append(AccessEvent.objects.create(**copy))
        AccessLogHead.objects.filter(id=1).update(last_hash=prev)
        problems = list(verify_chain())
        with pytest.raises(CommandError):
            call_command("verify_access_log")
    flagged = {p.seq for p in problems if "re-hashed" in p.reason}
    assert flagged == {line.seq for line in forged}


def test_it_detects_a_head_moved_by_the_application_role(roles, lines):
    """T1.15: the role may update last_hash; pointing it back is found."""
    app, _purge = roles
    with as_role(app):
        write_checkpoint()
        AccessLogHead.objects.filter(id=1).update(last_hash=lines[1].hash)
        reasons = [p.reason for p in verify_chain(checkpoints=read_checkpoints().checkpoints)]
        with pytest.raises(CommandError):
            call_command("verify_access_log")
    assert reasons == ["the newest row is missing or the head was changed"]


def test_it_detects_a_suffix_deleted_by_the_owner_through_the_checkpoint(roles, lines):
    """T1.15: someone with the owner's rights (a compromise beyond the application) disables
    the trigger, deletes the newest lines and moves the head; only the checkpoint outside the
    database still knows the real head."""
    app, _purge = roles
    with as_role(app):
        write_checkpoint()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_accessevent DISABLE TRIGGER core_accessevent_append_only")
        cursor.execute("DELETE FROM core_accessevent WHERE seq > %s", [lines[2].seq])
        cursor.execute("ALTER TABLE core_accessevent ENABLE TRIGGER core_accessevent_append_only")
        cursor.execute("UPDATE core_accessloghead SET last_hash = %s", [lines[2].hash])
    with as_role(app):
        assert list(verify_chain()) == []  # the shortened chain is consistent in itself
        problems = list(verify_chain(checkpoints=read_checkpoints().checkpoints))
        with pytest.raises(CommandError):
            call_command("verify_access_log")
    assert [p.seq for p in problems] == [lines[-1].seq]


def test_it_purges_only_with_the_purge_role(roles, nurse, settings):
    """T1.7, T1.14: the application role cannot run the purge; the purge role can, and the
    chain still verifies against a fresh checkpoint."""
    app, purge = roles
    settings.ACCESS_LOG_MAX_RETENTION_YEARS = 5
    with as_role(app):
        plant(nurse, client_ref="OUD", at=dt.datetime(2015, 1, 5, 9, 0, tzinfo=dt.UTC))
        plant(nurse, client_ref="NU")
        write_checkpoint()
        with pytest.raises(DatabaseError), transaction.atomic():
            purge_access_log()
    assert AccessEvent.objects.count() == 2
    with as_role(purge):
        result = purge_access_log()
    assert result.deleted == 1
    assert list(AccessEvent.objects.values_list("client_ref", flat=True)) == ["NU"]
    with as_role(app):
        call_command("verify_access_log")
