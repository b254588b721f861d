"""Signalenlijst rules. Source for every rule: /work/shared/domain.md §2 (Werkwijze Kuipers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hechtwerk.method.codes import (
    RISK_GROUP,
    Dimension,
    DimensionStatus,
    ParentItemAnswer,
    RiskItemAnswer,
)
from hechtwerk.signalling.rules import (
    RULES_VERSION,
    ItemAnswer,
    Policy,
    assess_signalenlijst,
    validate_dimension_override,
)

POS = ParentItemAnswer.POSITIVE.value
NOT_YET = ParentItemAnswer.NOT_YET_POSITIVE.value
NOT_ASSESSED = ParentItemAnswer.NOT_ASSESSED.value

FAST = settings(max_examples=100, deadline=None)


def codes(dimension: Dimension) -> tuple[str, str]:
    return f"{dimension.value}-1", f"{dimension.value}-2"


def full_list(
    overrides: dict[str, str] | None = None, risks: tuple[str, str, str] | None = None
) -> list[ItemAnswer]:
    """A complete list: ten parent items all positief and three risk items absent, with overrides."""
    overrides = overrides or {}
    answers = []
    for dimension in Dimension:
        for code in codes(dimension):
            answers.append(ItemAnswer(code, dimension.value, overrides.get(code, POS)))
    risk_answers = risks or (RiskItemAnswer.ABSENT,) * 3
    for number, answer in enumerate(risk_answers, start=1):
        answers.append(ItemAnswer(f"risico-{number}", RISK_GROUP, answer))
    return answers


# --- dimensions -------------------------------------------------------------------------------


def test_it_suggests_all_dimensions_positive_when_every_item_is_positive():
    advice = assess_signalenlijst(full_list())
    assert [s.dimension for s in advice.dimensions] == list(Dimension)
    assert all(s.status == DimensionStatus.POSITIVE for s in advice.dimensions)
    assert advice.offer_conversation_model is False
    assert advice.discuss_with_parents is False
    assert advice.rules_version == RULES_VERSION


def test_it_suggests_zoekend_when_one_item_is_not_yet_positive_and_the_other_positive():
    # domain.md §2: zoekend when at least one of the two items is nog niet positief.
    first, _second = codes(Dimension.COMFORT_ZONE)
    advice = assess_signalenlijst(full_list({first: NOT_YET}))
    suggestion = advice.suggestion_for(Dimension.COMFORT_ZONE)
    assert suggestion.status == DimensionStatus.SEARCHING
    assert suggestion.driving_items == (first,)
    assert first in suggestion.explanation
    assert advice.suggestion_for(Dimension.ATTUNEMENT).status == DimensionStatus.POSITIVE


def test_it_suggests_niet_beoordeeld_when_both_items_are_not_assessed():
    first, second = codes(Dimension.BALANCE)
    advice = assess_signalenlijst(full_list({first: NOT_ASSESSED, second: NOT_ASSESSED}))
    suggestion = advice.suggestion_for(Dimension.BALANCE)
    assert suggestion.status == DimensionStatus.NOT_ASSESSED
    assert suggestion.driving_items == (first, second)
    assert advice.unanswered_items == (first, second)


def test_it_suggests_positief_when_one_item_is_positive_and_the_other_not_assessed():
    # Nothing points to zoekend; the explanation names the item left out.
    _first, second = codes(Dimension.INVOLVEMENT)
    suggestion = assess_signalenlijst(full_list({second: NOT_ASSESSED})).suggestion_for(
        Dimension.INVOLVEMENT
    )
    assert suggestion.status == DimensionStatus.POSITIVE
    assert second in suggestion.explanation


def test_it_treats_an_empty_answer_as_not_assessed():
    first, second = codes(Dimension.PREDICTABILITY)
    advice = assess_signalenlijst(full_list({first: "", second: ""}))
    assert advice.suggestion_for(Dimension.PREDICTABILITY).status == DimensionStatus.NOT_ASSESSED
    assert advice.unanswered_items == (first, second)


def test_it_suggests_niet_beoordeeld_for_a_dimension_without_answers():
    advice = assess_signalenlijst([ItemAnswer("x", Dimension.ATTUNEMENT.value, POS)])
    assert len(advice.dimensions) == 5
    assert advice.suggestion_for(Dimension.BALANCE).status == DimensionStatus.NOT_ASSESSED


# --- prompts: discuss with the parents, ééngespreksmodel --------------------------------------


def test_it_does_not_prompt_a_discussion_for_exactly_one_item_not_yet_positive():
    # domain.md §2: several (≥ 2) items not yet positive → discuss the signals with the parents.
    first, _ = codes(Dimension.ATTUNEMENT)
    advice = assess_signalenlijst(full_list({first: NOT_YET}))
    assert advice.not_positive_items == (first,)
    assert advice.discuss_with_parents is False
    assert any("minder dan de drempel" in line for line in advice.explanation)


def test_it_prompts_a_discussion_for_two_items_not_yet_positive():
    # domain.md §2: ≥ 2 items not yet positive → discuss; here in two different dimensions.
    a, _ = codes(Dimension.ATTUNEMENT)
    b, _ = codes(Dimension.BALANCE)
    advice = assess_signalenlijst(full_list({a: NOT_YET, b: NOT_YET}))
    assert advice.not_positive_items == (a, b)
    assert advice.discuss_with_parents is True
    assert any("bespreek de signalen met de ouders" in line for line in advice.explanation)


def test_it_uses_the_configured_discussion_threshold():
    # domain.md §2: the default rules are configurable.
    a, b = codes(Dimension.ATTUNEMENT)
    answers = full_list({a: NOT_YET, b: NOT_YET})
    assert assess_signalenlijst(answers, Policy(discuss_threshold=3)).discuss_with_parents is False
    assert assess_signalenlijst(answers, Policy(discuss_threshold=1)).discuss_with_parents is True


def test_it_offers_the_conversation_model_and_names_the_searching_dimensions():
    # domain.md §2: any dimension zoekend → offer the ééngespreksmodel.
    a, _ = codes(Dimension.COMFORT_ZONE)
    advice = assess_signalenlijst(full_list({a: NOT_YET}))
    assert advice.offer_conversation_model is True
    assert advice.searching_dimensions == (Dimension.COMFORT_ZONE,)
    assert any("ééngespreksmodel" in line and "Comfortzone" in line for line in advice.explanation)


def test_it_lists_risk_and_protective_factors_separately():
    advice = assess_signalenlijst(
        full_list(risks=(RiskItemAnswer.PRESENT, RiskItemAnswer.PROTECTIVE, RiskItemAnswer.ABSENT))
    )
    assert advice.risk_factors_present == ("risico-1",)
    assert advice.protective_factors == ("risico-2",)
    # Risk items do not count as parent items not yet positive.
    assert advice.not_positive_items == ()
    assert advice.offer_conversation_model is False


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([ItemAnswer("a", "onbekend", POS)], "onbekende groep"),
        ([ItemAnswer("a", Dimension.BALANCE.value, "misschien")], "ongeldig antwoord"),
        ([ItemAnswer("a", RISK_GROUP, POS)], "ongeldig antwoord"),
        (
            [ItemAnswer("a", Dimension.BALANCE.value, POS)] * 2,
            "meer dan één keer",
        ),
    ],
)
def test_it_refuses_answers_that_would_hide_a_signal(answers, message):
    with pytest.raises(ValueError, match=message):
        assess_signalenlijst(answers)


# --- override ----------------------------------------------------------------------------------


def test_it_requires_a_reason_to_override_a_suggestion():
    # domain.md §2: the professional confirms or overrides (with a reason).
    error = validate_dimension_override(DimensionStatus.SEARCHING, DimensionStatus.POSITIVE, "  ")
    assert error is not None
    assert "reden" in error
    assert (
        validate_dimension_override(
            DimensionStatus.SEARCHING, DimensionStatus.POSITIVE, "Moeder was ziek"
        )
        is None
    )


def test_it_needs_no_reason_to_confirm_a_suggestion():
    assert (
        validate_dimension_override(DimensionStatus.SEARCHING, DimensionStatus.SEARCHING, "")
        is None
    )


# --- properties ---------------------------------------------------------------------------------

parent_answer = st.sampled_from([*ParentItemAnswer.values, ""])
risk_answer = st.sampled_from([*RiskItemAnswer.values, ""])


@st.composite
def signalenlijsten(draw: st.DrawFn) -> list[ItemAnswer]:
    answers = []
    for dimension in Dimension:
        for code in codes(dimension):
            answers.append(ItemAnswer(code, dimension.value, draw(parent_answer)))
    for number in range(1, 4):
        answers.append(ItemAnswer(f"risico-{number}", RISK_GROUP, draw(risk_answer)))
    return draw(st.permutations(answers))


@FAST
@given(signalenlijsten())
def test_it_never_suggests_zoekend_when_both_items_are_positive(answers):
    advice = assess_signalenlijst(answers)
    by_code = {a.item_code: a.answer for a in answers}
    for suggestion in advice.dimensions:
        if all(by_code[code] == POS for code in codes(suggestion.dimension)):
            assert suggestion.status == DimensionStatus.POSITIVE


@FAST
@given(signalenlijsten())
def test_it_offers_the_conversation_model_exactly_when_a_dimension_is_zoekend(answers):
    advice = assess_signalenlijst(answers)
    any_searching = any(s.status == DimensionStatus.SEARCHING for s in advice.dimensions)
    assert advice.offer_conversation_model == any_searching
    assert advice.offer_conversation_model == bool(advice.searching_dimensions)
    assert advice.discuss_with_parents == (len(advice.not_positive_items) >= 2)


@FAST
@given(signalenlijsten(), st.data())
def test_it_never_turns_a_zoekend_dimension_positive_when_an_item_becomes_not_yet_positive(
    answers, data
):
    before = assess_signalenlijst(answers)
    parent_positions = [i for i, a in enumerate(answers) if a.group != RISK_GROUP]
    position = data.draw(st.sampled_from(parent_positions))
    changed = list(answers)
    changed[position] = ItemAnswer(answers[position].item_code, answers[position].group, NOT_YET)
    after = assess_signalenlijst(changed)
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        if old.status == DimensionStatus.SEARCHING:
            assert new.status == DimensionStatus.SEARCHING
    # The dimension of the changed item is zoekend now, whatever it was.
    changed_dimension = Dimension(answers[position].group)
    assert after.suggestion_for(changed_dimension).status == DimensionStatus.SEARCHING


@FAST
@given(signalenlijsten(), st.sampled_from(list(Dimension)))
def test_it_keeps_zoekend_when_an_extra_not_yet_positive_answer_is_added(answers, dimension):
    before = assess_signalenlijst(answers)
    after = assess_signalenlijst([*answers, ItemAnswer("extra", dimension.value, NOT_YET)])
    assert set(before.searching_dimensions) <= set(after.searching_dimensions)
    assert dimension in after.searching_dimensions
