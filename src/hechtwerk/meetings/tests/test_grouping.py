"""Grouping the people who accepted (seed 004: bouwsteen 3 speed-date in threes, three rounds;
bouwsteen 4 mixed groups of 3–4; bouwsteen 5 pitches per profession)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from hechtwerk.meetings.grouping import (
    evaluate,
    greedy_mixed,
    greedy_speed_date,
    mixed_groups,
    profession_groups,
    speed_date_rounds,
)
from hechtwerk.meetings.rules import Person

PROFESSIONS = [
    ("huisarts", "medisch"),
    ("verloskundige", "medisch"),
    ("jgz", "medisch"),
    ("kraamverzorgende", "medisch"),
    ("wijkteam", "sociaal"),
    ("schuldhulp", "sociaal"),
    ("kinderopvang", "sociaal"),
    ("buurtgezin", "informeel"),
    ("vrijwilliger", "informeel"),
]


def crowd(choices: list[int]) -> list[Person]:
    return [Person(f"p{i:03}", *PROFESSIONS[c]) for i, c in enumerate(choices)]


crowds = st.lists(st.integers(0, len(PROFESSIONS) - 1), min_size=6, max_size=45).map(crowd)


def assert_everyone_once_per_round(rounds, people):
    keys = sorted(p.key for p in people)
    for groups in rounds:
        assert sorted(k for g in groups for k in g) == keys


@settings(max_examples=60, deadline=None)
@given(crowds)
def test_it_places_everyone_once_per_round_in_threes_or_fours(people):
    result = speed_date_rounds(people)
    assert len(result.rounds) == 3
    assert_everyone_once_per_round(result.rounds, people)
    assert {len(g) for groups in result.rounds for g in groups} <= {3, 4}


@settings(max_examples=60, deadline=None)
@given(crowds)
def test_it_is_never_worse_than_the_greedy_baseline_for_speed_dates(people):
    ours, greedy = speed_date_rounds(people), greedy_speed_date(people)
    assert ours.quality.at_least_as_good_as(greedy.quality, domains=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(PROFESSIONS) - 1), min_size=15, max_size=40).map(crowd))
def test_it_lets_nobody_meet_the_same_person_twice_from_fifteen_people(people):
    """From 15 people the three rounds always leave room for new faces every round."""
    assert speed_date_rounds(people).quality.repeated_pairs == 0


def test_it_lets_nobody_meet_twice_from_nine_people_when_professions_do_not_interfere():
    for n in (9, 12, 13, 14):
        same = [Person(f"p{i:02}", "jgz", "medisch") for i in range(n)]
        assert speed_date_rounds(same).quality.repeated_pairs == 0, n


def test_it_beats_the_greedy_baseline_on_a_typical_meeting():
    """Sixteen accepted, as in the issue's walk-through: greedy repeats pairs, ours does not."""
    people = crowd([0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6, 7, 7, 8, 8])
    ours, greedy = speed_date_rounds(people), greedy_speed_date(people)
    assert greedy.quality.repeated_pairs > 0
    assert ours.quality.repeated_pairs == 0
    assert ours.quality.same_profession_pairs == 0


def test_it_avoids_same_profession_pairs_where_it_can():
    # Six midwives among eighteen: every three can be split over different groups.
    people = crowd([1] * 6 + [0, 2, 3, 4, 5, 6, 7, 8, 0, 2, 4, 7])
    assert speed_date_rounds(people).quality.same_profession_pairs == 0


def test_it_gives_the_same_groups_for_the_same_seed():
    people = crowd([i % 9 for i in range(23)])
    assert speed_date_rounds(people, seed=7).rounds == speed_date_rounds(people, seed=7).rounds
    assert mixed_groups(people, seed=7).rounds == mixed_groups(people, seed=7).rounds


@settings(max_examples=60, deadline=None)
@given(crowds)
def test_it_forms_mixed_groups_of_three_or_four_never_worse_than_greedy(people):
    ours, greedy = mixed_groups(people), greedy_mixed(people)
    assert len(ours.rounds) == 1
    assert_everyone_once_per_round(ours.rounds, people)
    assert {len(g) for g in ours.rounds[0]} <= {3, 4}
    assert ours.quality.at_least_as_good_as(greedy.quality)


def test_it_mixes_the_three_domains_in_every_group_when_there_are_enough():
    """Seed 004 bouwsteen 4: mixed groups; §3: medical, social and informal domains."""
    people = crowd([0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 4, 7])
    result = mixed_groups(people)
    by_key = {p.key: p for p in people}
    for group in result.rounds[0]:
        assert {by_key[k].domain for k in group} == {"medisch", "sociaal", "informeel"}
    assert result.quality.same_profession_pairs == 0


def test_it_groups_by_profession_for_the_pitches_with_a_sole_one_alone():
    """Seed 004 bouwsteen 5: one group per profession; a single representative pitches alone."""
    people = crowd([1, 1, 1, 4, 4, 7])
    result = profession_groups(people)
    sizes = Counter(len(g) for g in result.rounds[0])
    assert sizes == {3: 1, 2: 1, 1: 1}
    assert result.quality.professions_per_group == ((1, 1, 1),)


def test_it_scores_a_grouping_adjusted_by_hand():
    people = crowd([0, 0, 1, 2, 3, 4])
    rounds = ((("p000", "p001", "p002"), ("p003", "p004", "p005")),) * 2
    quality = evaluate(rounds, people)
    assert quality.repeated_pairs == 6  # every pair of the first round meets again
    assert quality.same_profession_pairs == 2  # the two GPs, in both rounds
    pairs = {frozenset(p) for g in rounds[0] for p in combinations(g, 2)}
    assert len(pairs) == 6


def test_it_puts_fewer_than_six_people_in_one_group():
    people = crowd([0, 1, 2, 3, 4])
    rounds = speed_date_rounds(people).rounds
    assert [sorted(groups[0]) for groups in rounds] == [[p.key for p in people]] * 3
