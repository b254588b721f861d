"""The worklist's facts follow every write: the facts-based worklist lists exactly the children,
in the groups and order, that deriving everything from the records (as the worklist did before
the facts) lists, after any history of writes through the services, on any later day and with
any policy."""

from __future__ import annotations

import datetime as dt
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hechtwerk.method.codes import Dimension, DimensionStatus
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import (
    ConversationModelStatus,
    MomentNotHeldReason,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import (
    Child,
    Consult,
    ContactMoment,
    MomentNotHeld,
    Referral,
    SignallingPolicy,
)
from hechtwerk.signalling.models.facts import FACT_FIELDS
from hechtwerk.signalling.rules import Policy, worklist_birth_dates
from hechtwerk.signalling.services import SignallingError
from hechtwerk.signalling.worklist import (
    DUE,
    OVERDUE,
    REFERRAL,
    SEARCHING,
    _attention_rows,
    _open_referrals,
    _searching_without_conversation,
    worklist,
)

from .factories import PARENT_ITEMS, ChildFactory, all_positive, answers_with

pytestmark = pytest.mark.django_db

ATT1, _ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]


# -- the worklist as it was derived before the facts (kept here only, to compare with) ----------


def _derived_moments(membership: Any, schedule: list[ContactMoment], policy: Policy, today: date):
    earliest, latest = worklist_birth_dates(today, policy)
    found = []
    for child in (
        Child.objects.visible_to(membership)
        .active()
        .filter(birth_date__gte=earliest, birth_date__lte=latest)
    ):
        due = False
        for moment in schedule:
            if moment.age_days > policy.first_half_year_days:
                continue
            pending = not (
                Consult.objects.counted().filter(child=child, contact_moment=moment).exists()
                or MomentNotHeld.objects.counted()
                .filter(child=child, contact_moment=moment)
                .exists()
            )
            late_from = today - timedelta(days=moment.age_days + policy.overdue_after_days)
            due_from = today - timedelta(days=moment.age_days - policy.due_soon_days)
            assert child.birth_date is not None
            if not pending or child.birth_date > due_from:
                continue
            if child.birth_date <= late_from:
                found.append((OVERDUE, child.case_code, child.pk))
                break
            due = True
        else:
            if due:
                found.append((DUE, child.case_code, child.pk))
    return found


def _derived(membership: Any, policy: Policy, today: date) -> list[tuple[int, str, int]]:
    schedule = list(ContactMoment.objects.for_organisation(membership.organisation_id))
    group = {row[2]: row for row in _derived_moments(membership, schedule, policy, today)}
    for kind, rows in (
        (
            SEARCHING,
            _searching_without_conversation(membership, policy, today).values_list(
                "child__case_code", "child_id"
            ),
        ),
        (
            REFERRAL,
            _open_referrals(membership, policy, today).values_list("child__case_code", "child_id"),
        ),
    ):
        for code, pk in rows:
            group.setdefault(pk, (kind, code, pk))
    return sorted(group.values())


# -- random histories written through the services ---------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _apply(step: tuple[Any, ...], nurse: Any, children: list[Child]) -> None:
    kind, index, a, b = step
    child = Child.objects.get(pk=children[index % len(children)].pk)
    moments = services.ensure_schedule(child.organisation)
    moment = moments[a % len(moments)]
    consults = list(Consult.objects.filter(child=child).order_by("id"))
    consult = consults[b % len(consults)] if consults else None
    referrals = list(Referral.objects.filter(child=child).order_by("id"))
    referral = referrals[b % len(referrals)] if referrals else None
    actor = nurse.user
    if kind == "consult" and child.birth_date is not None:
        # A moment the child has reached, at its age (a few days later at most).
        born = child.birth_date
        reached = [m for m in moments if born + timedelta(days=m.age_days) <= _today()]
        if not reached:
            return
        moment = reached[a % len(reached)]
        on = min(born + timedelta(days=moment.age_days + b % 10), _today())
        answers = answers_with(**{ATT1: "nog_niet_positief"}) if b % 2 else all_positive()
        if (on - born).days > 365:
            answers = {}  # the Signalenlijst is used up to 12 months
        services.record_consult(
            actor=actor, child=child, contact_moment=moment, consult_date=on, answers=answers
        )
    elif kind == "conversation" and consult is not None:
        status = list(ConversationModelStatus.values)[a % len(ConversationModelStatus.values)]
        held = status == ConversationModelStatus.HELD
        services.record_conversation_model(
            actor=actor,
            consult=consult,
            expected_version=consult.version,
            status=status,
            held_on=consult.consult_date if held else None,
            in_same_consult=held,
        )
    elif kind == "confirm" and consult is not None and consult.instrument_version_id:
        status = (DimensionStatus.POSITIVE, DimensionStatus.SEARCHING)[a % 2]
        services.confirm_dimensions(
            actor=actor,
            consult=consult,
            expected_version=consult.version,
            decisions={Dimension.ATTUNEMENT.value: (status, "Anders gezien in het gesprek")},
        )
    elif kind == "consult_error" and consult is not None and not consult.entered_in_error:
        services.mark_entered_in_error(actor=actor, record=consult, reason="Verkeerd kind")
    elif kind == "not_held":
        reasons = list(MomentNotHeldReason.values)
        services.mark_moment_not_held(
            actor=actor, child=child, contact_moment=moment, reason=reasons[b % len(reasons)]
        )
    elif kind == "not_held_error":
        note = MomentNotHeld.objects.counted().filter(child=child).order_by("id").first()
        if note is not None:
            services.mark_entered_in_error(actor=actor, record=note, reason="Toch gehouden")
    elif kind == "refer":
        services.refer_child(
            actor=actor,
            child=child,
            destination="jeugd_ggz",
            reason="Zorgen",
            referred_on=_today() - timedelta(days=a % 90),
        )
    elif kind == "follow_up" and referral is not None:
        statuses = list(ReferralFollowUpStatus.values)
        status = statuses[a % len(statuses)]
        started = referral.referred_on if b % 3 == 0 and status != "wachtlijst" else None
        if status == ReferralFollowUpStatus.DECLINED:
            started = None
        services.record_referral_follow_up(
            actor=actor,
            referral=referral,
            started_on=started,
            completed_on=None,
            status=status,
            noted_on=min(referral.referred_on + timedelta(days=b % 30), _today()),
        )
    elif kind == "referral_error" and referral is not None and not referral.entered_in_error:
        services.mark_entered_in_error(actor=actor, record=referral, reason="Niet verwezen")
    elif kind == "dates":
        born = _today() - timedelta(days=a % 400)
        services.update_child_dates(actor=actor, child=child, birth_date=born, due_date=None)
    elif kind == "child_error" and not child.entered_in_error:
        services.mark_entered_in_error(actor=actor, record=child, reason="Dubbel")


STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "consult",
                "consult",
                "consult",
                "conversation",
                "confirm",
                "consult_error",
                "not_held",
                "not_held_error",
                "refer",
                "follow_up",
                "referral_error",
                "dates",
                "child_error",
            ]
        ),
        st.integers(0, 2),
        st.integers(0, 400),
        st.integers(0, 400),
    ),
    max_size=16,
)
POLICIES = st.builds(
    Policy,
    first_half_year_days=st.integers(60, 240),
    signalenlijst_max_age_days=st.just(365),
    due_soon_days=st.integers(0, 30),
    overdue_after_days=st.integers(0, 30),
    referral_follow_up_days=st.integers(0, 60),
)


class _RollbackError(Exception):
    pass


def test_the_facts_follow_every_write_and_list_what_the_records_say(nurse, version):
    services.ensure_schedule(nurse.organisation)

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        births=st.lists(st.integers(-20, 420), min_size=1, max_size=3),
        steps=STEPS,
        policy=POLICIES,
        later=st.integers(0, 200),
    )
    def check(births: list[int], steps: list[Any], policy: Policy, later: int) -> None:
        try:
            with transaction.atomic():
                # The policy's first half year decides which moments count: platform staff
                # change it and every child's facts are refreshed.
                SignallingPolicy.objects.current()
                SignallingPolicy.objects.filter(pk=1).update(
                    first_half_year_days=policy.first_half_year_days
                )
                services.refresh_worklist_facts()
                children = [
                    ChildFactory(
                        organisation=nurse.organisation,
                        case_code=f"K-{n}",
                        birth_date=None if days < 0 else _today() - timedelta(days=days),
                        due_date=_today() - timedelta(days=days) if days < 0 else None,
                    )
                    for n, days in enumerate(births)
                ]
                for step in steps:
                    try:
                        with transaction.atomic():
                            _apply(step, nurse, children)
                    except SignallingError:
                        pass  # refused by the service: nothing was written
                    # What the services kept is what deriving the facts afresh gives.
                    kept = list(Child.objects.order_by("pk").values_list(*FACT_FIELDS))
                    services.refresh_worklist_facts()
                    assert kept == list(Child.objects.order_by("pk").values_list(*FACT_FIELDS)), (
                        step
                    )
                for day in (_today(), _today() + timedelta(days=later)):
                    got = list(_attention_rows(nurse.membership, policy, day))
                    assert got == _derived(nurse.membership, policy, day), (steps, day)
                    schedule = list(ContactMoment.objects.for_organisation(nurse.organisation.pk))
                    for entry in worklist(nurse.membership, schedule, policy, day):
                        # Every child listed shows why.
                        assert entry.moments or entry.open_conversations or entry.open_referrals
                raise _RollbackError
        except _RollbackError:
            pass

    check()


def test_a_new_schedule_and_the_refresh_command_recompute_an_organisations_children(nurse):
    child = ChildFactory(organisation=nurse.organisation, birth_date=_today() - dt.timedelta(50))
    assert child.worklist_moment_due_on is None  # no schedule yet: nothing is open
    services.ensure_schedule(nurse.organisation)
    child.refresh_from_db()
    assert child.worklist_moment_due_on == child.birth_date + dt.timedelta(days=14)

    # A moment retired by hand (as the admin does), then the facts derived again by command.
    ContactMoment.objects.filter(organisation=nurse.organisation, code="huisbezoek_2w").update(
        is_active=False
    )
    out = io.StringIO()
    call_command("refresh_worklist_facts", organisation=nurse.organisation.pk, stdout=out)
    assert "1 kinderen bijgewerkt" in out.getvalue()
    child.refresh_from_db()
    assert child.worklist_moment_due_on == child.birth_date + dt.timedelta(days=28)


def test_the_worklist_reads_no_consult_of_a_child_to_decide_whether_it_is_listed(nurse, version):
    """The list is decided from the children's rows alone; consults are read for the page only."""
    child = ChildFactory(organisation=nurse.organisation, birth_date=_today() - dt.timedelta(50))
    services.ensure_schedule(nurse.organisation)
    rows = _attention_rows(nurse.membership, Policy(), _today())
    sql = str(rows.query).lower()
    assert "signalling_consult" not in sql
    assert "signalling_referral" not in sql
    assert [pk for _g, _c, pk in rows] == [child.pk]
