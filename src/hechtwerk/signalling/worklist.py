"""The professional's worklist: children of the organisation needing attention, a page at a time.

Order (documented in the app's README): children with an overdue first-half-year consult, then
those with one due, then those whose latest Signalenlijst has a zoekende dimension without an
ééngespreksmodel, then those with a referral without follow-up; by case code within each group.
A child is listed once, in its first group, with everything that applies to it.

Which children need attention is read from facts kept on each child by the services
(models.facts: the due date of the earliest open first-half-year moment, whether the latest
Signalenlijst waits for an ééngespreksmodel, since when a referral waits for follow-up), compared
with today here: a count and one page of (group, case code, id) through partial indexes on
(organisation, date). Only the children of the page shown are then loaded with their details,
so the number of queries depends neither on the length of the histories nor on the number of
children.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Collate

from hechtwerk.signalling.constants import ConversationModelStatus, ReferralFollowUpStatus
from hechtwerk.signalling.models import Child, Consult, ContactMoment, MomentNotHeld, Referral
from hechtwerk.signalling.rules import (
    ContactMomentSpec,
    DueMoment,
    Policy,
    referrals_made_by,
    worklist_birth_dates,
    worklist_moments,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership

# The ééngespreksmodel is settled once it was held or the parents declined it.
CONVERSATION_SETTLED = (ConversationModelStatus.HELD, ConversationModelStatus.DECLINED)

PAGE_SIZE = 50

# Groups, in the order of the list.
OVERDUE, DUE, SEARCHING, REFERRAL = 0, 1, 2, 3


@dataclass
class WorklistEntry:
    child: Child
    moments: list[DueMoment] = field(default_factory=list)  # due or overdue
    open_conversations: list[Consult] = field(default_factory=list)
    open_referrals: list[Referral] = field(default_factory=list)

    @property
    def has_overdue(self) -> bool:
        return any(m.state == "overdue" for m in self.moments)


@dataclass
class WorklistPage:
    entries: list[WorklistEntry]
    page: Page[tuple[int, str, int]]  # (group, case code, child id) of every child listed

    @property
    def total(self) -> int:
        """All children needing attention, on every page."""
        return int(self.page.paginator.count)


def _attention_rows(membership: Membership, policy: Policy, today: date) -> Any:
    """(group, case code, id) of every child needing attention, in the order of the list, read
    from the facts kept on the child (models.facts) by comparing their dates with today:

    - a first-half-year moment is overdue or due when the earliest open one is (its due date
      is the earliest), for a child born within the Signalenlijst age (rules.worklist_moments);
    - zoekend without ééngespreksmodel while the child is within that age (or not yet born);
    - a referral without follow-up when its follow-up day (rules.referral_needs_follow_up) came.

    Each condition is answered by a partial index on (organisation, date) of the few children it
    concerns; case codes sort by code point (as Python sorts them), not by the locale."""
    earliest, latest = worklist_birth_dates(today, policy)
    in_age = Q(birth_date__gte=earliest, birth_date__lte=latest)
    # due_on = date of birth + the moment's age, so never before the earliest date of birth.
    moment = in_age & Q(
        worklist_moment_due_on__gte=earliest,
        worklist_moment_due_on__lte=today + timedelta(days=policy.due_soon_days),
    )
    overdue = moment & Q(
        worklist_moment_due_on__lte=today - timedelta(days=policy.overdue_after_days)
    )
    searching = Q(worklist_awaits_conversation=True) & (
        Q(birth_date__gte=earliest) | Q(birth_date__isnull=True)
    )
    referral = Q(worklist_referral_since__lte=referrals_made_by(today, policy))
    code: Any = F("case_code")
    if connection.vendor == "postgresql":
        code = Collate(code, "C")
    return (
        Child.objects.visible_to(membership)
        .active()
        .filter(moment | searching | referral)
        .annotate(
            group=Case(
                When(overdue, then=Value(OVERDUE)),
                When(moment, then=Value(DUE)),
                When(searching, then=Value(SEARCHING)),
                default=Value(REFERRAL),
                output_field=IntegerField(),
            ),
            code=code,
        )
        .order_by("group", "code", "pk")
        .values_list("group", "case_code", "pk")
    )


def _searching_without_conversation(membership: Membership, policy: Policy, today: date) -> Any:
    """Each child's latest counted Signalenlijst consult, when a dimension there is zoekend and
    the ééngespreksmodel was neither held nor declined, for children still within the age of the
    Signalenlijst (signalenlijst_max_age_days): after that a later consult, not this
    conversation, is the moment to pick the signals up again."""
    earliest, _latest = worklist_birth_dates(today, policy)
    # One probe of consult_latest_signalenlijst per zoekende consult of a child within the age.
    latest = (
        Consult.objects.counted()
        .with_signalenlijst()
        .filter(child=OuterRef("child"))
        .order_by("-consult_date", "-id")
        .values("pk")[:1]
    )
    return (
        Consult.objects.visible_to(membership)
        .counted()
        .with_signalenlijst()
        .filter(child__entered_in_error=False)
        .filter(Q(child__birth_date__gte=earliest) | Q(child__birth_date__isnull=True))
        .exclude(conversation_status__in=CONVERSATION_SETTLED)
        .filter(has_searching_dimension=True)  # through the index consult_searching_open
        .filter(pk=Subquery(latest))
        .order_by()
    )


def _open_referrals(membership: Membership, policy: Policy, today: date) -> Any:
    """Referrals without follow-up (rules.referral_needs_follow_up): help not started, parents
    neither declined nor started elsewhere, and referral_follow_up_days passed since the
    referral or since the waiting list was noted."""
    made_by = referrals_made_by(today, policy)
    return (
        Referral.objects.visible_to(membership)
        .counted()
        .filter(child__entered_in_error=False, started_on__isnull=True, completed_on__isnull=True)
        .filter(
            Q(follow_up_status=ReferralFollowUpStatus.NONE, referred_on__lte=made_by)
            | Q(
                follow_up_status=ReferralFollowUpStatus.WAITING_LIST,
                follow_up_noted_on__lte=made_by,
            )
        )
        .order_by()
    )


def _entries(
    membership: Membership,
    child_ids: list[int],
    schedule: list[ContactMoment],
    policy: Policy,
    today: date,
) -> list[WorklistEntry]:
    """The listed children with their details, in the order of `child_ids` (four queries)."""
    children = (
        Child.objects.filter(pk__in=child_ids)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "consults",
                # No Meta.ordering (case code of the child): the rule needs the codes only.
                queryset=Consult.objects.counted().select_related("contact_moment").order_by(),
                to_attr="counted_consults",
            ),
            Prefetch(
                "moments_not_held",
                queryset=MomentNotHeld.objects.counted()
                .select_related("contact_moment")
                .order_by(),
                to_attr="counted_not_held",
            ),
        )
    )
    specs = [ContactMomentSpec(m.code, m.label, m.age_days) for m in schedule]
    entries: dict[int, WorklistEntry] = {}
    for child in children:
        entry = entries[child.pk] = WorklistEntry(child=child)
        if child.birth_date is not None:
            recorded = {c.contact_moment.code for c in child.counted_consults}  # type: ignore[attr-defined]
            recorded |= {n.contact_moment.code for n in child.counted_not_held}  # type: ignore[attr-defined]
            entry.moments = list(worklist_moments(child.birth_date, specs, recorded, today, policy))
    for consult in (
        _searching_without_conversation(membership, policy, today)
        .filter(child_id__in=child_ids)
        .select_related("contact_moment")
    ):
        entries[consult.child_id].open_conversations.append(consult)
    for referral in (
        _open_referrals(membership, policy, today)
        .filter(child_id__in=child_ids)
        .select_related("intervention")
        .order_by("referred_on", "id")
    ):
        entries[referral.child_id].open_referrals.append(referral)
    return [entries[pk] for pk in child_ids if pk in entries]


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL compiles a plan to machine code when its estimated cost is high; for these
    reads (many cheap index probes) compiling took longer than running (0.4 s of 0.7 s on the
    benchmark), so it is switched off for this transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def worklist_page(
    membership: Membership,
    schedule: list[ContactMoment],
    policy: Policy,
    today: date,
    number: Any = 1,
    per_page: int = PAGE_SIZE,
) -> WorklistPage:
    """One page of the worklist; a page number out of range gives the nearest page."""
    with _without_jit():
        page = Paginator(_attention_rows(membership, policy, today), per_page).get_page(number)
        ids = [pk for _group, _code, pk in page.object_list]
        entries = _entries(membership, ids, schedule, policy, today)
    return WorklistPage(entries=entries, page=page)


def worklist(
    membership: Membership, schedule: list[ContactMoment], policy: Policy, today: date
) -> list[WorklistEntry]:
    """The whole worklist at once (demo checks and small organisations; pages use worklist_page)."""
    with _without_jit():
        ids = [pk for _group, _code, pk in _attention_rows(membership, policy, today)]
        return _entries(membership, ids, schedule, policy, today)
