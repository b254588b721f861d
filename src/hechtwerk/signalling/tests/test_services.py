"""Services: recording, correcting and confirming consults, and the follow-up records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hechtwerk.core.models import AuditEntry
from hechtwerk.instruments.models import Item
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    SamenStartenDomain,
    VulnerabilityGrade,
)
from hechtwerk.signalling import services
from hechtwerk.signalling.constants import ConversationModelStatus
from hechtwerk.signalling.models import Consult, ConsultRevision, SignallingPolicy
from hechtwerk.signalling.rules import RULES_VERSION

from .factories import (
    PARENT_ITEMS,
    ChildFactory,
    answers_with,
    factor_version,
    make_consult,
)

pytestmark = pytest.mark.django_db

ATT1, ATT2 = PARENT_ITEMS[Dimension.ATTUNEMENT]
INV1, _INV2 = PARENT_ITEMS[Dimension.INVOLVEMENT]


@pytest.fixture
def child(nurse):
    return ChildFactory(organisation=nurse.organisation)


def test_it_seeds_the_classic_schedule_once_per_jgz_organisation(jgz):
    first = services.ensure_schedule(jgz)
    again = services.ensure_schedule(jgz)
    assert [m.code for m in first] == [m.code for m in again]
    assert [m.code for m in first][:3] == ["huisbezoek_2w", "4w", "8w"]


def test_it_refuses_a_case_code_already_in_use(nurse, child):
    with pytest.raises(services.SignallingError) as error:
        services.register_child(
            actor=nurse.user,
            organisation=nurse.organisation,
            case_code=child.case_code.lower(),
            birth_date=child.birth_date,
            due_date=None,
        )
    assert error.value.field == "case_code"


def test_it_allows_the_same_case_code_in_another_organisation(outsider, child):
    other = services.register_child(
        actor=outsider.user,
        organisation=outsider.organisation,
        case_code=child.case_code,
        birth_date=None,
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    assert other.case_code == child.case_code


def test_it_derives_and_stores_the_advice_with_the_rules_version(nurse, child, version):
    consult = make_consult(
        child=child, actor=nurse.user, answers=answers_with(**{ATT1: "nog_niet_positief"})
    )
    status = {d.dimension: d for d in consult.dimensions.all()}
    assert status[Dimension.ATTUNEMENT].suggested_status == DimensionStatus.SEARCHING
    assert status[Dimension.ATTUNEMENT].driving_items == [ATT1]
    assert status[Dimension.BALANCE].suggested_status == DimensionStatus.POSITIVE
    assert consult.offer_conversation_model
    assert not consult.discuss_with_parents
    assert consult.rules_version == RULES_VERSION
    assert AuditEntry.objects.filter(action="signalling.consult.recorded").exists()


def test_it_prompts_discussion_at_the_configured_threshold(nurse, child, version):
    policy = SignallingPolicy.objects.current()
    policy.discuss_threshold = 3
    policy.save()
    two = answers_with(**{ATT1: "nog_niet_positief", INV1: "nog_niet_positief"})
    assert not make_consult(child=child, actor=nurse.user, answers=two).discuss_with_parents


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"onbekend": "positief"}, "answers"),
        ({ATT1: "misschien"}, f"item_{ATT1}"),
    ],
)
def test_it_refuses_unknown_items_and_options(nurse, child, version, answers, field):
    with pytest.raises(services.SignallingError) as error:
        make_consult(child=child, actor=nurse.user, answers=answers)
    assert error.value.field == field
    assert not Consult.objects.exists()


@pytest.mark.parametrize("days_old", [-1, 400])
def test_it_refuses_a_signalenlijst_before_birth_or_after_a_year(nurse, version, days_old):
    child = ChildFactory(
        organisation=nurse.organisation,
        birth_date=timezone.localdate() - dt.timedelta(days=max(days_old, 0) + 1),
    )
    with pytest.raises(services.SignallingError) as error:
        make_consult(child=child, actor=nurse.user, days_old=days_old)
    assert error.value.field == "consult_date"


def test_it_refuses_a_consult_date_in_the_future(nurse, child, version):
    with pytest.raises(services.SignallingError) as error:
        make_consult(child=child, actor=nurse.user, days_old=61)
    assert "toekomst" in error.value.message


def test_it_keeps_the_earlier_answers_on_correction_and_recomputes(nurse, doctor, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    services.correct_consult(
        actor=doctor.user,
        consult=consult,
        expected_version=1,
        contact_moment=consult.contact_moment,
        consult_date=consult.consult_date,
        answers=answers_with(**{ATT2: "nog_niet_positief"}),
    )
    consult.refresh_from_db()
    revision = ConsultRevision.objects.get(consult=consult)
    assert revision.changed_by == doctor.user
    assert revision.snapshot["answers"][ATT2] == "positief"
    assert consult.version == 2
    assert consult.offer_conversation_model


def test_it_refuses_a_second_save_of_the_same_version_without_overwriting(
    nurse, doctor, child, version
):
    consult = make_consult(child=child, actor=nurse.user)
    first = Consult.objects.get(pk=consult.pk)
    second = Consult.objects.get(pk=consult.pk)
    services.correct_consult(
        actor=nurse.user,
        consult=first,
        expected_version=1,
        contact_moment=first.contact_moment,
        consult_date=first.consult_date,
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    with pytest.raises(services.ConsultConflictError):
        services.correct_consult(
            actor=doctor.user,
            consult=second,
            expected_version=1,
            contact_moment=second.contact_moment,
            consult_date=second.consult_date,
            answers=answers_with(**{INV1: "nog_niet_positief"}),
        )
    stored = {a.item.code: a.option.code for a in consult.answers.select_related("item", "option")}
    assert stored[ATT1] == "nog_niet_positief"
    assert stored[INV1] == "positief"


def test_it_needs_a_reason_for_an_override(nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    with pytest.raises(services.SignallingError) as error:
        services.confirm_dimensions(
            actor=nurse.user,
            consult=consult,
            expected_version=1,
            decisions={Dimension.BALANCE: ("zoekend", "")},
        )
    assert error.value.field == "reason_balans"
    services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=1,
        decisions={Dimension.BALANCE: ("zoekend", "Moeder oogt uitgeput")},
    )
    row = consult.dimensions.get(dimension=Dimension.BALANCE)
    assert row.is_overridden
    assert row.override_reason == "Moeder oogt uitgeput"


def test_it_asks_for_confirmation_again_when_a_suggestion_changes(nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    services.confirm_dimensions(
        actor=nurse.user,
        consult=consult,
        expected_version=1,
        decisions={d.value: ("positief", "") for d in Dimension},
    )
    services.correct_consult(
        actor=nurse.user,
        consult=consult,
        expected_version=2,
        contact_moment=consult.contact_moment,
        consult_date=consult.consult_date,
        answers=answers_with(**{ATT1: "nog_niet_positief"}),
    )
    rows = {d.dimension: d for d in consult.dimensions.all()}
    assert rows[Dimension.ATTUNEMENT].confirmed_status == ""
    assert rows[Dimension.BALANCE].confirmed_status == "positief"


def test_it_needs_a_date_not_before_the_consult_for_a_held_conversation(nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    with pytest.raises(services.SignallingError) as error:
        services.record_conversation_model(
            actor=nurse.user,
            consult=consult,
            expected_version=1,
            status=ConversationModelStatus.HELD,
            held_on=consult.consult_date - dt.timedelta(days=1),
        )
    assert error.value.field == "held_on"
    services.record_conversation_model(
        actor=nurse.user,
        consult=consult,
        expected_version=1,
        status=ConversationModelStatus.HELD,
        in_same_consult=True,
    )
    assert consult.conversation_held_on == consult.consult_date


def test_it_advises_referral_from_three_stress_factors(nurse, child):
    check = services.check_informatiekaart(
        actor=nurse.user,
        child=child,
        checked_on=timezone.localdate(),
        regulation_problems=False,
        worry_or_overload=False,
        dysfunctional_pattern=False,
        stress_factor_count=3,
    )
    assert check.advise_referral
    assert check.criteria_met == ["stressfactoren"]


def test_it_refuses_a_follow_up_completed_before_it_started(nurse, child):
    referral = services.refer_child(
        actor=nurse.user,
        child=child,
        destination="jeugd_ggz",
        reason="Zorgen",
        referred_on=timezone.localdate() - dt.timedelta(days=10),
    )
    today = timezone.localdate()
    with pytest.raises(services.SignallingError) as error:
        services.record_referral_follow_up(
            actor=nurse.user,
            referral=referral,
            started_on=today,
            completed_on=today - dt.timedelta(days=1),
        )
    assert error.value.field == "completed_on"


def test_it_takes_the_samenstarten_suggestion_when_left_open(nurse, child):
    ratings = {d.value: "prima" for d in SamenStartenDomain}
    ratings[SamenStartenDomain.SOCIAL_NETWORK] = "probleem"
    conversation = services.record_samenstarten(
        actor=nurse.user, child=child, held_on=timezone.localdate(), ratings=ratings
    )
    assert conversation.overall == conversation.suggested_overall == "probleem"
    assert conversation.social_network == "probleem"


def test_it_stores_the_pregnancy_week_for_vulnerability_before_birth(nurse):
    child = ChildFactory(organisation=nurse.organisation, unborn=True)
    version = factor_version()
    urgent = Item.objects.get(version=version, code="medisch_1")
    assessment = services.assess_vulnerability(
        actor=nurse.user,
        child=child,
        assessed_on=timezone.localdate(),
        factors=[services.FactorInput(item=urgent, urgent=True)],
        balance_kept=True,
        instrument_version=version,
    )
    assert assessment.suggested_grade == VulnerabilityGrade.VERY_VULNERABLE
    assert assessment.pregnancy_week == 31
    assert assessment.factors.get().urgent


def test_it_needs_a_rationale_for_a_different_final_grade(nurse, child):
    with pytest.raises(services.SignallingError) as error:
        services.assess_vulnerability(
            actor=nurse.user,
            child=child,
            assessed_on=timezone.localdate(),
            factors=[],
            balance_kept=True,
            final_grade=VulnerabilityGrade.VULNERABLE,
        )
    assert error.value.field == "rationale"


def test_it_keeps_a_record_entered_in_error_with_its_reason(nurse, child, version):
    consult = make_consult(child=child, actor=nurse.user)
    services.mark_entered_in_error(actor=nurse.user, record=consult, reason="Verkeerd kind")
    consult.refresh_from_db()
    assert consult.entered_in_error
    assert consult.error_marked_by == nurse.user
    assert not Consult.objects.counted().exists()
    assert ConsultRevision.objects.filter(consult=consult, change="onjuist").exists()
