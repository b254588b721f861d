"""The NEN 7513 access log: one mechanism that every client-data view and API endpoint uses.

`log_access` appends a hash-chained line, `log_access_many` one per client of a list in one
transaction; `verify_chain` recomputes the chain. Each line's hash is an HMAC keyed with a secret
from the environment (`settings.ACCESS_LOG_KEY`), so whoever can write the database but does not
hold the key cannot re-hash an altered line (T1.14). Writes are logged with their real outcome:
`expect_write` records the attempt, `write_succeeded` confirms it once the service stored the
change, and `AccessWriteOutcomeMiddleware` writes the line when the response is known (T1.16).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import DatabaseError, connections, models, router, transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from .compiled import (
    CompiledQuery,
    one_round_trip,
    run_together,
    set_keys,
    together_statement,
    write_together,
)
from .constants import GENESIS_HASH, AccessAction, AccessOutcome
from .models import AccessEvent, AccessLogHead

if TYPE_CHECKING:
    import datetime as dt

    from .checkpoint import Checkpoint

# Fields that enter the hash, in a fixed order; changing this list breaks old chains.
HASHED_FIELDS = (
    "event_id",
    "occurred_at",
    "action",
    "outcome",
    "user_id",
    "user_display",
    "role",
    "organisation_id",
    "responsible_user_id",
    "client_organisation_id",
    "client_ref",
    "data_category",
    "authorisation_basis",
    "emergency",
    "access_point",
    "request_id",
    "detail",
)


def _canonical(values: dict[str, Any]) -> str:
    def norm(value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return str(value)
        if hasattr(value, "isoformat"):
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return value

    return json.dumps(
        {name: norm(values[name]) for name in HASHED_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def plain_hash(prev_hash: str, values: dict[str, Any]) -> str:
    """The unkeyed hash of lines written before the keyed chain (migration core/0004)."""
    return hashlib.sha256((prev_hash + _canonical(values)).encode()).hexdigest()


def keyed_hash(key: bytes, key_id: str, prev_hash: str, values: dict[str, Any]) -> str:
    """`<key id>.<HMAC-SHA256>` over the key id, the previous hash and the canonical row (T1.14);
    the MAC in unpadded base64url, 52 characters in all."""
    message = f"{key_id}|{prev_hash}|{_canonical(values)}".encode()
    mac = base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest())
    return f"{key_id}.{mac.decode().rstrip('=')}"


def key_id_for(key: str) -> str:
    """A short, stable name for a key that reveals nothing about it (stored with each line)."""
    return hashlib.sha256(b"hechtwerk-access-log-key-id:" + key.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    """The current key (for new lines and checkpoints) and every key that may still verify."""

    current_id: str
    keys: dict[str, bytes]

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def keyring() -> Keyring:
    """The access-log keys from the settings; refuses to work without a current key."""
    key = settings.ACCESS_LOG_KEY
    if not key:
        raise ImproperlyConfigured(
            "HECHTWERK_ACCESS_LOG_KEY must be set: the access log is keyed (docs/deploy.md)."
        )
    keys = {key_id_for(k): k.encode() for k in settings.ACCESS_LOG_KEY_FALLBACKS if k}
    keys[key_id_for(key)] = key.encode()
    return Keyring(current_id=key_id_for(key), keys=keys)


def client_ip(request: HttpRequest) -> str:
    """The client's address, resolved like the lockout and the rate limits do (T3.3)."""
    from .addresses import client_address

    return client_address(request)


# A client-sent request id is kept only in this shape; anything else gets a fresh id (T1.16).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(request: HttpRequest) -> str:
    rid = getattr(request, "request_id", None)
    if rid is None:
        sent = request.headers.get("X-Request-ID", "")
        rid = sent if SAFE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
    return str(rid)


@dataclass(frozen=True)
class Actor:
    """Who acted, in which role and organisation, and on whose behalf."""

    user_id: int | None
    user_display: str
    role: str
    organisation_id: uuid.UUID | None
    responsible_user_id: int | None
    access_point: str
    request_id: str
    # The system that made the call for the responsible user (an integration client's uuid), or
    # "". Kept in the line's `detail` (key "via_system"), which is hashed: no new column, so the
    # hash of every older line stays as it was.
    via_system: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        user = getattr(request, "user", None)
        membership = getattr(request, "membership", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        return cls(
            user_id=user_id,
            user_display=getattr(user, "email", "") if user_id else "",
            role=membership.role if membership else "",
            organisation_id=membership.organisation.uuid if membership else None,
            responsible_user_id=user_id,
            access_point=client_ip(request),
            request_id=request_id(request),
            via_system=str(getattr(request, "access_via_system", "") or ""),
        )


def _event_values(
    who: Actor,
    *,
    action: AccessAction | str,
    data_category: str,
    client_ref: str,
    client_organisation_id: uuid.UUID | None,
    outcome: AccessOutcome | str,
    authorisation_basis: str,
    emergency: bool,
    detail: dict[str, Any] | None,
    occurred_at: dt.datetime,
) -> dict[str, Any]:
    """The fields of one access-log line, without its place in the chain."""
    return {
        "event_id": uuid.uuid4(),
        "occurred_at": occurred_at,
        "action": str(action),
        "outcome": str(outcome),
        "user_id": who.user_id,
        "user_display": who.user_display,
        "role": who.role,
        "organisation_id": who.organisation_id,
        "responsible_user_id": who.responsible_user_id,
        "client_organisation_id": client_organisation_id,
        "client_ref": client_ref,
        "data_category": data_category,
        "authorisation_basis": authorisation_basis or (f"rol:{who.role}" if who.role else ""),
        "emergency": emergency,
        "access_point": who.access_point,
        "request_id": who.request_id,
        "detail": {**(detail or {}), "via_system": who.via_system}
        if who.via_system
        else (dict(detail) if detail else {}),
    }


# Read on every line written: the SELECT ... FOR UPDATE compiled once per process.
_HEAD = CompiledQuery(
    AccessLogHead, lambda: AccessLogHead.objects.select_for_update().filter(id=1), for_write=True
)


def _locked_head() -> AccessLogHead:
    """The head row, locked until the surrounding transaction ends (the chain stays linear)."""
    found = _HEAD.fetch()
    if found:
        return found[0]
    head, _created = AccessLogHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH, "anchor_hash": GENESIS_HASH}
    )
    return head


def log_access(
    actor: Actor | HttpRequest,
    *,
    action: AccessAction | str,
    data_category: str,
    client_ref: str = "",
    client_organisation_id: uuid.UUID | None = None,
    outcome: AccessOutcome | str = AccessOutcome.SUCCESS,
    authorisation_basis: str = "",
    emergency: bool = False,
    detail: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> AccessEvent:
    """Append one access-log line. `detail` holds ids and categories only, never free text."""
    # One line is a list of one: the chain is extended by the same code as for lists.
    return log_access_many(
        actor,
        action=action,
        data_category=data_category,
        clients=[(client_ref, client_organisation_id)],
        outcome=outcome,
        authorisation_basis=authorisation_basis,
        emergency=emergency,
        detail=detail,
        occurred_at=occurred_at,
    )[0]


# Rows per INSERT of log_access_many (keeps each statement's parameters well under the limits).
LOG_BATCH_SIZE = 1000


def log_access_many(
    actor: Actor | HttpRequest,
    *,
    action: AccessAction | str,
    data_category: str,
    clients: Sequence[tuple[str, uuid.UUID | None]],
    outcome: AccessOutcome | str = AccessOutcome.SUCCESS,
    authorisation_basis: str = "",
    emergency: bool = False,
    detail: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> list[AccessEvent]:
    """Append one line per (client_ref, client_organisation_id), in that order, as log_access
    would one by one, but in one transaction: the head is locked once, the chain is computed
    here and the rows go in with one INSERT per LOG_BATCH_SIZE rows. Used by lists that show
    many clients at once. An empty `clients` writes nothing."""
    if not clients:
        return []
    who: Actor = actor if isinstance(actor, Actor) else Actor.from_request(actor)
    when = occurred_at or timezone.now()
    keys = keyring()

    def chained(prev_hash: str) -> list[AccessEvent]:
        events = []
        for client_ref, client_organisation_id in clients:
            values = _event_values(
                who,
                action=action,
                data_category=data_category,
                client_ref=client_ref,
                client_organisation_id=client_organisation_id,
                outcome=outcome,
                authorisation_basis=authorisation_basis,
                emergency=emergency,
                detail=detail,
                occurred_at=when,
            )
            values["prev_hash"] = prev_hash
            values["hash"] = prev_hash = keyed_hash(
                keys.current, keys.current_id, prev_hash, values
            )
            events.append(AccessEvent(**values))
        return events

    alias = router.db_for_write(AccessEvent)
    if len(clients) <= LOG_BATCH_SIZE:
        appended = _append_in_two_round_trips(alias, chained)
        if appended is not None:
            return appended
    with transaction.atomic():
        head = _locked_head()
        events = chained(head.last_hash)
        prev_hash = events[-1].hash
        if len(events) <= LOG_BATCH_SIZE:
            # The lines and the head's new hash: one statement on PostgreSQL, so the head stays
            # locked for one round trip less (rows get their seq in list order, as below).
            write_together([events], then=_head_update(alias, prev_hash), using=alias)
            return events
        # INSERTs of up to BATCH rows; rows get their seq in list order, the order of the chain.
        created = AccessEvent.objects.bulk_create(events, batch_size=LOG_BATCH_SIZE)
        AccessLogHead.objects.filter(id=1).update(last_hash=prev_hash)
    return created


def _append_in_two_round_trips(
    alias: str, chained: Callable[[str], list[AccessEvent]]
) -> list[AccessEvent] | None:
    """Outside any transaction on PostgreSQL: lock the head (`BEGIN` and `SELECT ... FOR UPDATE`
    in one round trip), chain the lines here, then insert them, move the head and `COMMIT` in
    one more: the same transaction as `transaction.atomic()` would make, in two round
    trips instead of four. None (nothing written) where this does not apply: inside the caller's
    transaction, another database, or no head row yet."""
    connection = connections[alias]
    if connection.in_atomic_block or not one_round_trip(connection):
        return None
    _db, head_sql, head_params = _HEAD.statement()
    with connection.cursor() as cursor:
        # Django keeps the connection in autocommit; the transaction is opened and ended here.
        try:
            found = run_together([("BEGIN", []), (head_sql, head_params)], using=alias)[1]
            if not found:
                cursor.execute("ROLLBACK")
                return None
            head = _HEAD.instances(alias, found)[0]
            events = chained(head.last_hash)
            sql, params = together_statement(
                [events], then=_head_update(alias, events[-1].hash), using=alias
            )
            rows = run_together([(sql, params), ("COMMIT", [])], using=alias)[0]
        except BaseException:
            # Whatever went wrong, nothing of it stays; a broken connection has nothing to undo.
            with contextlib.suppress(DatabaseError):
                cursor.execute("ROLLBACK")
            raise
    set_keys([events], rows, using=alias)
    return events


def _head_update(alias: str, last_hash: str) -> tuple[str, list[Any]]:
    """`AccessLogHead.objects.filter(id=1).update(last_hash=...)` as SQL and parameters."""
    connection = connections[alias]
    table = connection.ops.quote_name(AccessLogHead._meta.db_table)
    column = connection.ops.quote_name(AccessLogHead._meta.get_field("last_hash").column)
    key = connection.ops.quote_name(AccessLogHead._meta.pk.column)
    return f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [last_hash, 1]  # noqa: S608


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def _line_problem(event: AccessEvent, keys: Keyring, legacy_last_seq: int) -> str:
    """Why one line's stored hash is wrong, or "" when it is right."""
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    if not event.key_id:
        # Unkeyed lines exist only from before the keyed chain; a newer one is a forgery made
        # with the project's own code but without the key (T1.14).
        if event.seq > legacy_last_seq:
            return "line has no key id although the keyed chain had begun (re-hashed line)"
        return (
            ""
            if plain_hash(event.prev_hash, values) == event.hash
            else "row content does not match its hash"
        )
    key = keys.keys.get(event.key_id)
    if key is None:
        return f"line was signed with an unknown key ({event.key_id})"
    expected = keyed_hash(key, event.key_id, event.prev_hash, values)
    return (
        "" if hmac.compare_digest(expected, event.hash) else "row content does not match its hash"
    )


def verify_chain(
    events: Iterable[AccessEvent] | None = None,
    *,
    checkpoints: Sequence[Checkpoint] = (),
) -> Iterator[ChainProblem]:
    """Yield every place where the stored chain differs from a recomputation with the keys, and
    every checkpoint (signed copy of an earlier head, T1.15) that the stored chain contradicts."""
    keys = keyring()
    head = AccessLogHead.objects.filter(id=1).first()
    expected_prev = head.anchor_hash if head else GENESIS_HASH
    legacy_last_seq = head.legacy_last_seq if head else 0
    rows = events if events is not None else AccessEvent.objects.order_by("seq").iterator()
    wanted = {checkpoint.seq for checkpoint in checkpoints}
    seen: dict[int, str] = {}
    first_seq: int | None = None
    last_seq = 0
    last_hash = expected_prev
    for event in rows:
        if first_seq is None:
            first_seq = event.seq
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "prev_hash does not match the previous row")
        reason = _line_problem(event, keys, legacy_last_seq)
        if reason:
            yield ChainProblem(event.seq, reason)
        if event.seq in wanted:
            seen[event.seq] = event.hash
        expected_prev = last_hash = event.hash
        last_seq = event.seq
    if head is not None and head.last_hash != last_hash:
        yield ChainProblem(0, "the newest row is missing or the head was changed")
    for n, checkpoint in enumerate(checkpoints, start=1):
        yield from _checkpoint_problems(
            checkpoint, seen, first_seq, last_seq, head, latest=n == len(checkpoints)
        )


def _checkpoint_problems(
    checkpoint: Checkpoint,
    seen: dict[int, str],
    first_seq: int | None,
    last_seq: int,
    head: AccessLogHead | None,
    *,
    latest: bool,
) -> Iterator[ChainProblem]:
    when = checkpoint.at.strftime("%Y-%m-%d %H:%M:%SZ")
    if checkpoint.seq == 0:
        return  # a checkpoint of an empty log pins nothing
    if checkpoint.seq in seen:
        if seen[checkpoint.seq] != checkpoint.hash:
            yield ChainProblem(
                checkpoint.seq, f"line differs from the checkpoint of {when} (altered or re-hashed)"
            )
    elif first_seq is None:
        # Everything was purged: the head must still end where the newest checkpoint says.
        if latest and (head is None or head.last_hash != checkpoint.hash):
            yield ChainProblem(
                checkpoint.seq, f"the log is empty but the checkpoint of {when} is not"
            )
    elif checkpoint.seq > last_seq:
        yield ChainProblem(
            checkpoint.seq,
            f"lines up to the checkpoint of {when} are missing (a suffix was deleted "
            "or the head was moved back)",
        )
    elif checkpoint.seq >= first_seq:
        yield ChainProblem(checkpoint.seq, f"the line of the checkpoint of {when} is missing")
    # Below the oldest remaining line: removed by the retention purge (audited), not a problem.


_Obj = TypeVar("_Obj", bound=models.Model)


def client_object_or_404(
    request: HttpRequest,
    queryset: models.QuerySet[_Obj],
    *,
    data_category: str,
    client_ref: Callable[[_Obj], tuple[str, Any]],
    action: AccessAction | str = AccessAction.READ,
    detail: dict[str, Any] | None = None,
    fetch: Callable[[], _Obj | None] | None = None,
    **lookup: Any,
) -> _Obj:
    """Load one client-data object from a queryset already scoped to the user, and log the access.

    `client_ref(obj)` returns (case code, organisation uuid) of the client the object is about.
    Not found within the scope, also when it exists in another organisation, answers 404 and
    writes a denied event (T1.4) that names the client and organisation aimed at, so that
    organisation's log manager sees the attempt (T1.16). Found writes one event with `action`
    (T1.1); for a write action (create, update, delete, merge) that line is written when the
    response is known, with the outcome the write really had (`expect_write`, T1.16).
    `fetch`, when given, reads the same object as `queryset.filter(**lookup).first()` would
    (a hot path's compiled statement, core.compiled).
    """
    from django.http import Http404

    obj = fetch() if fetch is not None else queryset.filter(**lookup).first()
    if obj is None:
        target_ref, target_organisation = _aimed_at(queryset, client_ref, lookup)
        log_access(
            request,
            action=action,
            data_category=data_category,
            client_ref=target_ref,
            client_organisation_id=target_organisation,
            outcome=AccessOutcome.FAILURE,
            detail={"lookup": {k: str(v) for k, v in lookup.items()}, **(detail or {})},
        )
        raise Http404
    ref, organisation_id = client_ref(obj)
    if str(action) in WRITE_ACTIONS:
        expect_write(
            request,
            action=action,
            data_category=data_category,
            client_ref=ref,
            client_organisation_id=organisation_id,
            detail=detail,
        )
        return obj
    log_access(
        request,
        action=action,
        data_category=data_category,
        client_ref=ref,
        client_organisation_id=organisation_id,
        detail=detail,
    )
    return obj


def _aimed_at(queryset: Any, client_ref: Any, lookup: dict[str, Any]) -> tuple[str, Any]:
    """The client reference and organisation of an object outside the user's scope, looked up
    only to name them on the denied line; the object itself never leaves this function."""
    hidden = queryset.model._base_manager.filter(**lookup).first()
    if hidden is None:
        return "", None
    try:
        ref, organisation_id = client_ref(hidden)
    except ObjectDoesNotExist:
        return "", None
    return str(ref), organisation_id


# --- writes are logged with the outcome they really had (T1.16) ---------------------------------

WRITE_ACTIONS = frozenset(
    {AccessAction.CREATE, AccessAction.UPDATE, AccessAction.DELETE, AccessAction.MERGE}
)
PENDING_ATTRIBUTE = "_access_log_pending_writes"


@dataclass
class PendingWrite:
    """A write on client data that was attempted; logged once the response is known."""

    actor: Actor
    action: str
    data_category: str
    client_ref: str
    client_organisation_id: uuid.UUID | None
    detail: dict[str, Any]
    succeeded: bool = False


def _pending(request: HttpRequest) -> list[PendingWrite]:
    pending: list[PendingWrite] = request.__dict__.setdefault(PENDING_ATTRIBUTE, [])
    return pending


def expect_write(
    request: HttpRequest,
    *,
    action: AccessAction | str,
    data_category: str,
    client_ref: str = "",
    client_organisation_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record a write attempt on client data. Its log line is written when the response is
    known: outcome success only if `write_succeeded` was called and the response is not an
    error; a refused form, a conflict, a 4xx or a server error logs a failure."""
    _pending(request).append(
        PendingWrite(
            Actor.from_request(request),
            str(action),
            data_category,
            client_ref,
            client_organisation_id,
            dict(detail) if detail else {},
        )
    )


def write_succeeded(
    request: HttpRequest,
    *,
    client_ref: str | None = None,
    client_organisation_id: uuid.UUID | None = None,
    logged_by_service: bool = False,
) -> None:
    """The service stored the change: the request's pending write lines will say success.

    A create names the new client here (`client_ref`); a service that writes its own line
    (the history import) passes `logged_by_service=True`, and the pending line is dropped."""
    if logged_by_service:
        request.__dict__.pop(PENDING_ATTRIBUTE, None)
        return
    for pending in _pending(request):
        pending.succeeded = True
        if client_ref is not None:
            pending.client_ref = client_ref
            pending.client_organisation_id = client_organisation_id


def settle_writes(request: HttpRequest, status_code: int) -> None:
    """Write the request's pending write lines with their real outcome."""
    for pending in request.__dict__.pop(PENDING_ATTRIBUTE, []):
        succeeded = pending.succeeded and status_code < 400
        log_access(
            pending.actor,
            action=pending.action,
            data_category=pending.data_category,
            client_ref=pending.client_ref,
            client_organisation_id=pending.client_organisation_id,
            outcome=AccessOutcome.SUCCESS if succeeded else AccessOutcome.FAILURE,
            detail=pending.detail if succeeded else {**pending.detail, "status": status_code},
        )


class AccessWriteOutcomeMiddleware:
    """Writes the access-log lines of the request's write attempts once the response is known;
    a view that raised reaches here as a 500 response, so its attempt is logged as a failure."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        settle_writes(request, response.status_code)
        return response
