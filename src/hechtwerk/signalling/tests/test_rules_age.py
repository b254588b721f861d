"""Age rules. Source: /work/shared/domain.md §2 (first half year, up to 12 months).

Counting ages and pregnancy weeks is tested in `hechtwerk/method/tests/test_ages.py`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hechtwerk.signalling.rules import Policy, check_signalenlijst_age

BIRTH = date(2026, 1, 10)


def on_age(days: int) -> date:
    return BIRTH + timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "allowed", "first_half_year"),
    [
        (0, True, True),  # from birth
        (183, True, True),  # domain.md §2: every consult in the first half year (≤ 183 days)
        (184, True, False),
        (365, True, False),  # domain.md §2: allowed up to 12 months
        (366, False, False),
    ],
)
def test_it_checks_the_signalenlijst_age_at_the_boundaries(days, allowed, first_half_year):
    check = check_signalenlijst_age(BIRTH, on_age(days))
    assert check.allowed is allowed
    assert check.in_first_half_year is first_half_year
    assert str(days) in check.message


def test_it_explains_a_refusal_after_twelve_months():
    check = check_signalenlijst_age(BIRTH, on_age(400))
    assert check.allowed is False
    assert "eerste levensjaar" in check.message


def test_it_refuses_a_consult_date_before_birth():
    check = check_signalenlijst_age(BIRTH, on_age(-1))
    assert check.allowed is False
    assert check.in_first_half_year is False
    assert "vóór de geboortedatum" in check.message


def test_it_uses_the_configured_age_limits():
    # domain.md: defaults are configurable by a platform administrator.
    policy = Policy(first_half_year_days=150, signalenlijst_max_age_days=200)
    assert check_signalenlijst_age(BIRTH, on_age(151), policy).in_first_half_year is False
    assert check_signalenlijst_age(BIRTH, on_age(201), policy).allowed is False


def test_it_refuses_a_policy_whose_half_year_exceeds_the_allowed_window():
    with pytest.raises(ValueError, match="signalenlijst_max_age_days"):
        Policy(first_half_year_days=400, signalenlijst_max_age_days=365)
