"""The NEN 7513 access log: one mechanism that every client-data view and API endpoint uses.

`log_access` appends a hash-chained line, `log_access_many` one per client of a list in one
transaction; `verify_chain` recomputes the chain.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .constants import GENESIS_HASH, AccessAction, AccessOutcome
from .models import AccessEvent, AccessLogHead

if TYPE_CHECKING:
    import datetime as dt

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


def compute_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + _canonical(values)).encode()).hexdigest()


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as axes resolves it (proxy-aware only when configured)."""
    from axes.helpers import get_client_ip_address

    return str(get_client_ip_address(request) or "")


def request_id(request: HttpRequest) -> str:
    rid = getattr(request, "request_id", None)
    if rid is None:
        rid = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
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
        "detail": dict(detail) if detail else {},
    }


def _locked_head() -> AccessLogHead:
    """The head row, locked until the surrounding transaction ends (the chain stays linear)."""
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
    with transaction.atomic():
        head = _locked_head()
        prev_hash = head.last_hash
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
            values["hash"] = prev_hash = compute_hash(prev_hash, values)
            events.append(AccessEvent(**values))
        # INSERTs of up to BATCH rows; rows get their seq in list order, the order of the chain.
        created = AccessEvent.objects.bulk_create(events, batch_size=LOG_BATCH_SIZE)
        AccessLogHead.objects.filter(id=1).update(last_hash=prev_hash)
    return created


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(events: Iterable[AccessEvent] | None = None) -> Iterator[ChainProblem]:
    """Yield every place where the stored chain differs from a recomputation."""
    head = AccessLogHead.objects.filter(id=1).first()
    expected_prev = head.anchor_hash if head else GENESIS_HASH
    rows = events if events is not None else AccessEvent.objects.order_by("seq").iterator()
    last_hash = expected_prev
    for event in rows:
        values = {name: getattr(event, name) for name in HASHED_FIELDS}
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "prev_hash does not match the previous row")
        if compute_hash(event.prev_hash, values) != event.hash:
            yield ChainProblem(event.seq, "row content does not match its hash")
        expected_prev = event.hash
        last_hash = event.hash
    if head is not None and head.last_hash != last_hash:
        yield ChainProblem(0, "the newest row is missing or the head was changed")


def client_object_or_404(
    request: HttpRequest,
    queryset: Any,
    *,
    data_category: str,
    client_ref: Any,
    action: AccessAction | str = AccessAction.READ,
    detail: dict[str, Any] | None = None,
    **lookup: Any,
) -> Any:
    """Load one client-data object from a queryset already scoped to the user, and log the access.

    `client_ref(obj)` returns (case code, organisation uuid) of the client the object is about.
    Not found within the scope, also when it exists in another organisation, answers 404 and
    writes a denied event (T1.4); found writes one event with `action` (T1.1).
    """
    from django.http import Http404

    obj = queryset.filter(**lookup).first()
    if obj is None:
        log_access(
            request,
            action=action,
            data_category=data_category,
            outcome=AccessOutcome.FAILURE,
            detail={"lookup": {k: str(v) for k, v in lookup.items()}, **(detail or {})},
        )
        raise Http404
    ref, organisation_id = client_ref(obj)
    log_access(
        request,
        action=action,
        data_category=data_category,
        client_ref=ref,
        client_organisation_id=organisation_id,
        detail=detail,
    )
    return obj
