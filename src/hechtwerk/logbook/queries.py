"""Reads of the access log for a log manager, always scoped to their own organisation."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q
from django.db.models.functions import ExtractHour

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Organisation, User
from hechtwerk.core.constants import AccessAction, AccessOutcome
from hechtwerk.core.models import AccessEvent, AccessEventQuerySet

from .review import (
    LOCAL_TIME,
    NIGHT_BULK_THRESHOLD,
    NIGHT_ENDS,
    NIGHT_STARTS,
    REVIEW_RULES_VERSION,
    NightBulk,
    night_bulk_reads,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership

# The viewer's own reads are logged under this category (Twiin: access to the log is logged).
LOG_DATA_CATEGORY = "toegangslogboek"


def scoped_events(membership: Membership) -> AccessEventQuerySet:
    """Events about clients of the manager's organisation and events by users acting for it."""
    org = membership.organisation.uuid
    return AccessEvent.objects.filter(Q(client_organisation_id=org) | Q(organisation_id=org))


def in_period(
    events: AccessEventQuerySet, start: dt.date | None, end: dt.date | None
) -> AccessEventQuerySet:
    """Events from the start of `start` until the end of `end`, both in Amsterdam time."""
    if start is not None:
        events = events.filter(
            occurred_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=LOCAL_TIME)
        )
    if end is not None:
        events = events.filter(
            occurred_at__lt=dt.datetime.combine(
                end + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TIME
            )
        )
    return events


def users_of(organisation: Organisation) -> Iterable[User]:
    """People who hold or held a role in the organisation, for the user filter."""
    return User.objects.filter(memberships__organisation=organisation).distinct().order_by("email")


def employee_of(membership: Membership, user_uuid: uuid.UUID) -> User | None:
    """A user of the organisation, or anyone whose lines fall in its scope (e.g. a user of
    another organisation who read one of its clients); otherwise None, answered with 404."""
    user = User.objects.filter(uuid=user_uuid).first()
    if user is None:
        return None
    if users_of(membership.organisation).filter(pk=user.pk).exists():  # type: ignore[attr-defined]
        return user
    return user if scoped_events(membership).filter(user_id=user.pk).exists() else None


@dataclass
class Labels:
    """Display names for the ids in log lines, looked up in two queries for a whole page."""

    organisations: dict[uuid.UUID, str] = field(default_factory=dict)
    users: dict[int, uuid.UUID] = field(default_factory=dict)

    @classmethod
    def for_events(cls, events: Iterable[AccessEvent]) -> Labels:
        events = list(events)
        org_ids = {e.organisation_id for e in events} | {e.client_organisation_id for e in events}
        user_ids = {e.user_id for e in events if e.user_id is not None}
        return cls(
            organisations=dict(
                Organisation.objects.filter(uuid__in=org_ids - {None}).values_list("uuid", "name")
            ),
            users=dict(User.objects.filter(pk__in=user_ids).values_list("pk", "uuid")),
        )


@dataclass(frozen=True)
class LogLine:
    """One access-log line ready for a table."""

    event: AccessEvent
    organisation: str
    client_organisation: str
    role: str
    action: str
    outcome: str
    user_uuid: uuid.UUID | None


def as_lines(events: Iterable[AccessEvent]) -> list[LogLine]:
    events = list(events)
    labels = Labels.for_events(events)
    roles = dict(Role.choices)
    actions = dict(AccessAction.choices)
    outcomes = dict(AccessOutcome.choices)
    return [
        LogLine(
            event=e,
            organisation=labels.organisations.get(e.organisation_id, "")
            if e.organisation_id
            else "",
            client_organisation=(
                labels.organisations.get(e.client_organisation_id, "")
                if e.client_organisation_id
                else ""
            ),
            role=str(roles.get(e.role, e.role)),
            action=str(actions.get(e.action, e.action)),
            outcome=str(outcomes.get(e.outcome, e.outcome)),
            user_uuid=labels.users.get(e.user_id) if e.user_id is not None else None,
        )
        for e in events
    ]


@dataclass
class ReviewReport:
    """The monthly review's findings within one organisation's scope (T1.10)."""

    start: dt.date
    end: dt.date
    other_organisation: list[LogLine]
    emergency: list[LogLine]
    denied: list[LogLine]
    night_bulk: list[tuple[NightBulk, str]]  # with the employee's e-mail address
    rules_version: str = REVIEW_RULES_VERSION
    threshold: int = NIGHT_BULK_THRESHOLD

    @property
    def finding_count(self) -> int:
        return (
            len(self.other_organisation)
            + len(self.emergency)
            + len(self.denied)
            + len(self.night_bulk)
        )


REVIEW_LIMIT = 500  # lines per kind shown; the count above the table says when there are more


def review_report(membership: Membership, start: dt.date, end: dt.date) -> ReviewReport:
    """Flag cross-organisation access, emergency use, denied attempts and night-time bulk reads."""
    events = in_period(scoped_events(membership), start, end).exclude(
        data_category=LOG_DATA_CATEGORY
    )
    other = events.filter(outcome=AccessOutcome.SUCCESS, client_organisation_id__isnull=False)
    other = other.filter(organisation_id__isnull=False).exclude(
        organisation_id=F("client_organisation_id")
    )
    reads = (
        events.filter(action=AccessAction.READ, outcome=AccessOutcome.SUCCESS)
        .exclude(client_ref="")
        .annotate(local_hour=ExtractHour("occurred_at", tzinfo=LOCAL_TIME))
        .filter(Q(local_hour__gte=NIGHT_STARTS.hour) | Q(local_hour__lt=NIGHT_ENDS.hour))
        .values_list("user_id", "occurred_at")
    )
    bulk = night_bulk_reads(reads)
    names = dict(User.objects.filter(pk__in={b.user_id for b in bulk}).values_list("pk", "email"))
    return ReviewReport(
        start=start,
        end=end,
        other_organisation=as_lines(other.order_by("seq")[:REVIEW_LIMIT]),
        emergency=as_lines(events.filter(emergency=True).order_by("seq")[:REVIEW_LIMIT]),
        denied=as_lines(
            events.filter(outcome=AccessOutcome.FAILURE).order_by("seq")[:REVIEW_LIMIT]
        ),
        night_bulk=[(b, names.get(b.user_id, "")) for b in bulk],
    )


def filter_events(events: AccessEventQuerySet, filters: dict[str, Any]) -> AccessEventQuerySet:
    """Apply the list filters (period, client reference, user, action, outcome)."""
    events = in_period(events, filters.get("start"), filters.get("end"))
    if filters.get("client_ref"):
        events = events.filter(client_ref=filters["client_ref"])
    if filters.get("user") is not None:
        events = events.filter(user_id=filters["user"].pk)
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("outcome"):
        events = events.filter(outcome=filters["outcome"])
    return events
