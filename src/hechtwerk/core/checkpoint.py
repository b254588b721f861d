"""Signed checkpoints of the access log's head, kept outside the database (T1.15).

Every few minutes `manage.py checkpoint_access_log` appends one JSON line to the file named by
`settings.ACCESS_LOG_CHECKPOINT_PATH`: the seq and hash of the newest line, the number of lines,
the time, and an HMAC over all of it with the access-log key. Whoever can rewrite the database
cannot rewrite that file (it is append-only and lives outside the database's reach), so
`verify_access_log` finds a deleted suffix, a moved head or a re-hashed line by comparing the
chain with the checkpoints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .access import Keyring, keyring
from .constants import GENESIS_HASH
from .models import AccessEvent, AccessLogHead

FORMAT_VERSION = 1
SIGNED_FIELDS = ("v", "seq", "hash", "count", "at", "key_id")


class CheckpointError(Exception):
    """The head cannot be checkpointed (no store configured, or the head contradicts the rows)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    count: int
    at: dt.datetime
    key_id: str

    def fields(self) -> dict[str, object]:
        return {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "hash": self.hash,
            "count": self.count,
            "at": self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "key_id": self.key_id,
        }


@dataclass(frozen=True)
class CheckpointFile:
    """What the store holds: the checkpoints whose signatures hold, and what is wrong with it."""

    checkpoints: list[Checkpoint]
    problems: list[str]


def _signature(key: bytes, fields: dict[str, object]) -> str:
    message = "checkpoint|" + json.dumps(
        {name: fields[name] for name in SIGNED_FIELDS}, sort_keys=True, separators=(",", ":")
    )
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def store_path() -> Path | None:
    path = settings.ACCESS_LOG_CHECKPOINT_PATH
    return Path(path) if path else None


def current_head() -> Checkpoint:
    """The newest line (seq, hash) as the head row names it, signed with the current key."""
    keys = keyring()
    head = AccessLogHead.objects.filter(id=1).first()
    last_hash = head.last_hash if head else GENESIS_HASH
    line = AccessEvent.objects.filter(hash=last_hash).values_list("seq", flat=True).first()
    if line is None:
        if AccessEvent.objects.exists():
            raise CheckpointError(
                "The head names a line that does not exist; run verify_access_log."
            )
        line = 0
    count = AccessEvent.objects.filter(seq__lte=line).count()
    return Checkpoint(line, last_hash, count, timezone.now(), keys.current_id)


def write_checkpoint(path: Path | None = None) -> Checkpoint:
    """Append a signed checkpoint of the current head to the store (created when absent)."""
    path = path or store_path()
    if path is None:
        raise CheckpointError("HECHTWERK_ACCESS_LOG_CHECKPOINT_PATH is not set.")
    checkpoint = current_head()
    fields = checkpoint.fields()
    fields["sig"] = _signature(keyring().current, fields)
    line = json.dumps(fields, sort_keys=True, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each write lands at the end even with a concurrent writer; the file may also be
    # made append-only for every user (chattr +a), which this open() respects.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return checkpoint


def _parse(line: str, keys: Keyring) -> Checkpoint | str:
    try:
        fields = json.loads(line)
        signed = {name: fields[name] for name in SIGNED_FIELDS}
        sig = str(fields["sig"])
    except (ValueError, KeyError, TypeError):
        return "unreadable line"
    key = keys.keys.get(str(signed["key_id"]))
    if key is None:
        return f"signed with an unknown key ({signed['key_id']})"
    if not hmac.compare_digest(_signature(key, signed), sig):
        return "signature does not match (the checkpoint was altered)"
    try:
        at = dt.datetime.strptime(str(signed["at"]), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
        return Checkpoint(
            int(signed["seq"]), str(signed["hash"]), int(signed["count"]), at, str(signed["key_id"])
        )
    except (ValueError, TypeError):
        return "unreadable line"


def read_checkpoints(path: Path | None = None) -> CheckpointFile:
    """Every checkpoint of the store with a valid signature, oldest first, and the problems."""
    path = path or store_path()
    if path is None or not path.exists():
        return CheckpointFile([], [])
    keys = keyring()
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            parsed = _parse(line, keys)
            if isinstance(parsed, str):
                problems.append(f"checkpoint line {number}: {parsed}")
                continue
            if checkpoints and parsed.seq < checkpoints[-1].seq:
                problems.append(f"checkpoint line {number}: the head went backwards")
            checkpoints.append(parsed)
    return CheckpointFile(checkpoints, problems)
