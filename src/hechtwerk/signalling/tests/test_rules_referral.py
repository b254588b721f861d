"""Informatiekaart referral advice. Source: /work/shared/domain.md §3 (four criteria)."""

from __future__ import annotations

import pytest

from hechtwerk.method.codes import ReferralCriterion
from hechtwerk.signalling.rules import (
    RULES_VERSION,
    InformatiekaartInput,
    Policy,
    advise_referral,
)


def data(**overrides):
    values = {
        "regulation_problems": False,
        "worry_or_overload": False,
        "dysfunctional_pattern": False,
        "stress_factor_count": 0,
    }
    values.update(overrides)
    return InformatiekaartInput(**values)


def test_it_does_not_advise_referral_when_no_criterion_is_met():
    advice = advise_referral(data(stress_factor_count=1))
    assert advice.advise_referral is False
    assert advice.criteria_met == ()
    assert advice.rules_version == RULES_VERSION
    assert "niet nodig" in advice.explanation[-1]


def test_it_does_not_count_two_stress_factors_as_an_accumulation():
    # domain.md §3 criterion 4: three or more stress factors.
    assert advise_referral(data(stress_factor_count=2)).advise_referral is False


def test_it_advises_referral_at_three_stress_factors():
    advice = advise_referral(data(stress_factor_count=3))
    assert advice.advise_referral is True
    assert advice.criteria_met == (ReferralCriterion.STRESS_FACTORS,)
    assert any("3 stressfactoren" in line for line in advice.explanation)


def test_it_uses_the_configured_stress_factor_threshold():
    policy = Policy(stress_factor_threshold=4)
    assert advise_referral(data(stress_factor_count=3), policy).advise_referral is False
    assert advise_referral(data(stress_factor_count=4), policy).advise_referral is True


@pytest.mark.parametrize(
    ("field", "criterion"),
    [
        ("regulation_problems", ReferralCriterion.REGULATION_PROBLEMS),  # criterion 1
        ("worry_or_overload", ReferralCriterion.WORRY_OR_OVERLOAD),  # criterion 2
        ("dysfunctional_pattern", ReferralCriterion.DYSFUNCTIONAL_PATTERN),  # criterion 3
    ],
)
def test_it_advises_referral_when_any_single_criterion_is_met(field, criterion):
    # domain.md §3: advise referral when ANY of the four criteria holds.
    advice = advise_referral(data(**{field: True}))
    assert advice.advise_referral is True
    assert advice.criteria_met == (criterion,)


def test_it_lists_every_criterion_met_in_order():
    advice = advise_referral(
        data(
            regulation_problems=True,
            worry_or_overload=True,
            dysfunctional_pattern=True,
            stress_factor_count=5,
        )
    )
    assert advice.criteria_met == tuple(ReferralCriterion)
    assert len(advice.explanation) == 5


def test_it_refuses_a_negative_stress_factor_count():
    with pytest.raises(ValueError, match="negatief"):
        advise_referral(data(stress_factor_count=-1))
