"""SamenStarten suggestion. Source: /work/shared/domain.md §3 (five domains, ratings, follow-up)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hechtwerk.method.codes import SamenStartenDomain, SamenStartenFollowUp, SamenStartenRating
from hechtwerk.signalling.rules import RULES_VERSION, rating_severity, suggest_samenstarten

FAST = settings(max_examples=100, deadline=None)


def ratings(**overrides):
    result = dict.fromkeys(SamenStartenDomain, SamenStartenRating.FINE)
    for name, rating in overrides.items():
        result[SamenStartenDomain[name]] = rating
    return result


def test_it_suggests_no_follow_up_when_every_domain_is_fine():
    suggestion = suggest_samenstarten(ratings())
    assert suggestion.overall == SamenStartenRating.FINE
    assert suggestion.follow_up == SamenStartenFollowUp.NONE
    assert suggestion.problem_domains == ()
    assert suggestion.rules_version == RULES_VERSION


def test_it_suggests_an_extra_home_visit_for_attention_points():
    suggestion = suggest_samenstarten(ratings(SOCIAL_NETWORK=SamenStartenRating.ATTENTION_POINTS))
    assert suggestion.overall == SamenStartenRating.ATTENTION_POINTS
    assert suggestion.follow_up == SamenStartenFollowUp.EXTRA_HOME_VISIT
    assert suggestion.attention_domains == (SamenStartenDomain.SOCIAL_NETWORK,)
    assert suggestion.problem_domains == ()
    assert "Sociaal netwerk" in suggestion.explanation[0]


def test_it_suggests_referral_when_one_domain_is_a_problem():
    suggestion = suggest_samenstarten(
        ratings(
            PARTNER_ROLE=SamenStartenRating.PROBLEM,
            EVENTS=SamenStartenRating.ATTENTION_POINTS,
        )
    )
    assert suggestion.overall == SamenStartenRating.PROBLEM
    assert suggestion.follow_up == SamenStartenFollowUp.REFERRAL
    assert suggestion.problem_domains == (SamenStartenDomain.PARTNER_ROLE,)
    assert suggestion.attention_domains == (SamenStartenDomain.EVENTS,)


def test_it_accepts_plain_codes_as_keys_and_values():
    suggestion = suggest_samenstarten(
        {domain.value: "prima" for domain in SamenStartenDomain} | {"welbevinden_kind": "probleem"}
    )
    assert suggestion.problem_domains == (SamenStartenDomain.CHILD_WELLBEING,)


def test_it_refuses_ratings_with_a_missing_domain_and_names_it():
    incomplete = ratings()
    del incomplete[SamenStartenDomain.PARTNER_ROLE]
    del incomplete[SamenStartenDomain.EVENTS]
    with pytest.raises(ValueError, match="Rol van de partner, Gebeurtenissen en omstandigheden"):
        suggest_samenstarten(incomplete)


def test_it_refuses_an_unknown_domain_or_rating():
    with pytest.raises(ValueError, match="Onbekend"):
        suggest_samenstarten(ratings() | {"huisdieren": SamenStartenRating.FINE})
    with pytest.raises(ValueError, match="Ongeldige beoordeling"):
        suggest_samenstarten(ratings() | {SamenStartenDomain.EVENTS: "matig"})


@FAST
@given(
    st.fixed_dictionaries(
        {d: st.sampled_from(list(SamenStartenRating)) for d in SamenStartenDomain}
    )
)
def test_it_never_rates_the_whole_better_than_any_domain(domain_ratings):
    suggestion = suggest_samenstarten(domain_ratings)
    for rating in domain_ratings.values():
        assert rating_severity(suggestion.overall) >= rating_severity(rating)
    assert suggestion.overall in domain_ratings.values()
    expected_follow_up = {
        SamenStartenRating.FINE: SamenStartenFollowUp.NONE,
        SamenStartenRating.ATTENTION_POINTS: SamenStartenFollowUp.EXTRA_HOME_VISIT,
        SamenStartenRating.PROBLEM: SamenStartenFollowUp.REFERRAL,
    }[suggestion.overall]
    assert suggestion.follow_up == expected_follow_up
