"""The keyed chain and the checkpoints outside the database (T1.6, T1.14, T1.15).

Tampering is done the way someone with write access to the database would do it: behind the
ORM, with the triggers out of the way, recomputing hashes with the project's own code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from hechtwerk.core import checks_access
from hechtwerk.core.access import (
    HASHED_FIELDS,
    key_id_for,
    keyed_hash,
    log_access,
    plain_hash,
    request_id,
    verify_chain,
)
from hechtwerk.core.checkpoint import read_checkpoints, write_checkpoint
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.models import AccessEvent, AccessLogHead

from .logbook_helpers import plant

pytestmark = pytest.mark.django_db

KEY = "a-test-key-of-the-access-log-with-enough-length"


@pytest.fixture(autouse=True)
def keyed(settings, tmp_path):
    settings.ACCESS_LOG_KEY = KEY
    settings.ACCESS_LOG_KEY_FALLBACKS = []
    settings.ACCESS_LOG_CHECKPOINT_PATH = str(tmp_path / "checkpoints.jsonl")
    return tmp_path / "checkpoints.jsonl"


@pytest.fixture
def five_lines(nurse):
    return [plant(nurse, client_ref=f"DOS-{n}") for n in range(5)]


@contextmanager
def behind_the_orm() -> Iterator[object]:
    """A cursor with the append-only triggers out of the way, as the tables' owner could do.
    Inside the test's transaction, so the triggers come back when the test ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER core_accessevent_no_update")
            cursor.execute("DROP TRIGGER core_accessevent_no_delete")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_accessevent ENABLE TRIGGER USER")


def values_of(event: AccessEvent) -> dict[str, object]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def rewrite(cursor, event: AccessEvent, new_hash: str, *, client_ref: str) -> None:
    cursor.execute(
        "UPDATE core_accessevent SET client_ref = %s, hash = %s WHERE seq = %s",
        [client_ref, new_hash, event.seq],
    )


def verify_fails() -> str:
    with pytest.raises(CommandError):
        call_command("verify_access_log")
    return ""


# --- the keyed chain (T1.14) -------------------------------------------------------------------


def test_it_keys_each_line_with_the_secret_from_the_settings(five_lines):
    """T1.14: the hash is an HMAC with the configured key, named by its key id."""
    first = five_lines[0]
    assert first.key_id == key_id_for(KEY)
    assert first.hash == keyed_hash(KEY.encode(), first.key_id, first.prev_hash, values_of(first))
    assert first.hash != plain_hash(first.prev_hash, values_of(first))
    assert list(verify_chain()) == []


def test_it_detects_a_line_altered_and_rehashed_without_the_key(five_lines):
    """T1.6, T1.14: the project's own hash function, without the key, does not fool verify."""
    target = five_lines[2]
    altered = {**values_of(target), "client_ref": "VERVALST"}
    with behind_the_orm() as cursor:
        rewrite(cursor, target, plain_hash(target.prev_hash, altered), client_ref="VERVALST")
    problems = list(verify_chain())
    assert [p.seq for p in problems] == [target.seq, five_lines[3].seq]
    assert "re-hashed" in problems[0].reason


def test_it_detects_a_line_rehashed_with_another_key(five_lines):
    """T1.14: a guessed or different key gives a key id that verification does not know."""
    target = five_lines[1]
    altered = {**values_of(target), "client_ref": "VERVALST"}
    other = "some-other-key-that-is-not-configured-anywhere"
    forged = keyed_hash(other.encode(), key_id_for(other), target.prev_hash, altered)
    with behind_the_orm() as cursor:
        rewrite(cursor, target, forged, client_ref="VERVALST")
    reasons = [p.reason for p in verify_chain()]
    assert any("unknown key" in reason for reason in reasons)


def test_it_detects_an_altered_line_that_keeps_its_hash(five_lines):
    target = five_lines[3]
    with behind_the_orm() as cursor:
        rewrite(cursor, target, target.hash, client_ref="VERVALST")
    assert [p.seq for p in verify_chain()] == [target.seq]


def test_it_verifies_old_lines_after_a_key_rotation(five_lines, settings, nurse):
    """T1.14: the previous key moves to the fallbacks; old and new lines both verify."""
    settings.ACCESS_LOG_KEY = "the-next-key-of-the-access-log-after-rotation"
    settings.ACCESS_LOG_KEY_FALLBACKS = [KEY]
    newer = plant(nurse, client_ref="NA-ROTATIE")
    assert newer.key_id == key_id_for(settings.ACCESS_LOG_KEY) != five_lines[0].key_id
    assert list(verify_chain()) == []
    settings.ACCESS_LOG_KEY_FALLBACKS = []
    unknown = [p.seq for p in verify_chain() if "unknown key" in p.reason]
    assert unknown == [line.seq for line in five_lines]


def test_it_verifies_lines_written_before_the_keyed_chain(nurse):
    """Lines up to the recorded epoch keep their plain sha256; a plain line after it is forged."""
    lines = [plant(nurse, client_ref=f"OUD-{n}") for n in range(3)]
    with behind_the_orm() as cursor:
        prev = lines[0].prev_hash
        for line in lines:  # as migration core/0004 found them: plain hashes, chained
            new = plain_hash(prev, values_of(line))
            cursor.execute(
                "UPDATE core_accessevent SET prev_hash = %s, hash = %s WHERE seq = %s",
                [prev, new, line.seq],
            )
            prev = new
    AccessLogHead.objects.filter(id=1).update(last_hash=prev, legacy_last_seq=lines[1].seq)
    problems = list(verify_chain())
    assert [p.seq for p in problems] == [lines[2].seq]  # past the epoch: no key id
    AccessLogHead.objects.filter(id=1).update(legacy_last_seq=lines[2].seq)
    assert list(verify_chain()) == []
    newer = plant(nurse, client_ref="NIEUW")  # the keyed chain goes on from the plain one
    assert newer.prev_hash == prev
    assert list(verify_chain()) == []


def test_it_refuses_to_write_the_log_without_a_key(settings, nurse):
    """T1.14: production without HECHTWERK_ACCESS_LOG_KEY writes no unkeyed lines."""
    settings.ACCESS_LOG_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        plant(nurse, client_ref="DOS-1")
    assert not AccessEvent.objects.exists()


def test_it_fails_the_deploy_check_without_a_key_or_a_checkpoint_store(settings):
    settings.ACCESS_LOG_KEY = ""
    settings.ACCESS_LOG_CHECKPOINT_PATH = ""
    ids = [m.id for m in checks_access.check_access_log_key()]
    ids += [m.id for m in checks_access.check_access_log_checkpoints()]
    assert ids == ["hechtwerk.deploy.E101", "hechtwerk.deploy.E102"]
    settings.ACCESS_LOG_KEY = checks_access.DEVELOPMENT_KEY
    assert [m.id for m in checks_access.check_access_log_key()] == ["hechtwerk.deploy.E101"]
    settings.ACCESS_LOG_KEY = KEY
    settings.ACCESS_LOG_CHECKPOINT_PATH = "/var/lib/hechtwerk-checkpoints/log.jsonl"
    assert checks_access.check_access_log_key() == []
    assert checks_access.check_access_log_checkpoints() == []


# --- checkpoints outside the database (T1.15) --------------------------------------------------


def test_it_appends_signed_checkpoints_of_the_head(five_lines, keyed, nurse):
    call_command("checkpoint_access_log")
    plant(nurse, client_ref="DOS-LATER")
    call_command("checkpoint_access_log")
    lines = keyed.read_text().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert (first["seq"], first["hash"], first["count"]) == (
        five_lines[-1].seq,
        five_lines[-1].hash,
        5,
    )
    assert second["seq"] > first["seq"]
    assert first["sig"]
    assert read_checkpoints().problems == []
    call_command("verify_access_log")


def test_it_detects_a_deleted_suffix_only_through_the_checkpoint(five_lines):
    """T1.15: the owner deletes the newest lines and moves the head back; the chain itself is
    consistent again, but the checkpoint outside the database still names the deleted head."""
    write_checkpoint()
    kept = five_lines[2]
    with behind_the_orm() as cursor:
        cursor.execute("DELETE FROM core_accessevent WHERE seq > %s", [kept.seq])
    AccessLogHead.objects.filter(id=1).update(last_hash=kept.hash)
    assert list(verify_chain()) == []  # without the checkpoint nothing looks wrong
    problems = list(verify_chain(checkpoints=read_checkpoints().checkpoints))
    assert [p.seq for p in problems] == [five_lines[-1].seq]
    assert "suffix was deleted" in problems[0].reason
    verify_fails()


def test_it_detects_a_suffix_replaced_by_rehashed_lines_through_the_checkpoint(five_lines):
    """T1.15: even re-hashed with the right key (the key leaked), a replaced suffix differs from
    the checkpoint."""
    write_checkpoint()
    kept = five_lines[1]
    key = KEY.encode()
    with behind_the_orm() as cursor:
        prev = kept.hash
        for line in five_lines[2:]:
            altered = {**values_of(line), "client_ref": f"X{line.client_ref}"}
            new = keyed_hash(key, key_id_for(KEY), prev, altered)
            cursor.execute(
                "UPDATE core_accessevent SET client_ref = %s, prev_hash = %s, hash = %s "
                "WHERE seq = %s",
                [altered["client_ref"], prev, new, line.seq],
            )
            prev = new
    AccessLogHead.objects.filter(id=1).update(last_hash=prev)
    assert list(verify_chain()) == []
    problems = list(verify_chain(checkpoints=read_checkpoints().checkpoints))
    assert [p.seq for p in problems] == [five_lines[-1].seq]
    assert "differs from the checkpoint" in problems[0].reason


def test_it_detects_a_moved_head(five_lines):
    """T1.15: the head row pointed back at an older line."""
    write_checkpoint()
    AccessLogHead.objects.filter(id=1).update(last_hash=five_lines[1].hash)
    reasons = [p.reason for p in verify_chain(checkpoints=read_checkpoints().checkpoints)]
    assert reasons == ["the newest row is missing or the head was changed"]
    verify_fails()


def test_it_detects_an_altered_checkpoint(five_lines, keyed):
    write_checkpoint()
    fields = json.loads(keyed.read_text())
    fields["seq"] = five_lines[1].seq
    keyed.write_text(json.dumps(fields) + "\n")
    store = read_checkpoints()
    assert store.checkpoints == []
    assert store.problems == [
        "checkpoint line 1: signature does not match (the checkpoint was altered)"
    ]
    verify_fails()


def test_it_says_the_log_is_intact_against_the_latest_checkpoint(five_lines, capsys):
    write_checkpoint()
    call_command("verify_access_log")
    out = capsys.readouterr().out
    assert "intact (5 regels" in out
    assert f"regel {five_lines[-1].seq}" in out


def test_it_requires_a_checkpoint_in_production(five_lines, settings):
    settings.DEBUG = False
    verify_fails()
    write_checkpoint()
    call_command("verify_access_log")


# --- the request id (T1.16) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("abc-123_x.Y", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("bad id", False),
        ("x\r\nSet-Cookie: y", False),
        ("<script>", False),
        ("", False),
    ],
)
def test_it_accepts_a_client_request_id_only_in_a_safe_form(sent, kept, nurse):
    """T1.16: a request id that would not be safe to show or search is replaced."""
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=sent)
    request.user = nurse.user
    request.membership = nurse.membership
    rid = request_id(request)
    assert (rid == sent) is kept
    assert len(rid) <= 64
    event = log_access(request, action=AccessAction.READ, data_category="x", client_ref="C")
    assert event.request_id == rid
