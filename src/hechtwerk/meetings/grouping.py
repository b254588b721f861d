"""Forming groups from the people who accepted (seed 004, bouwsteen 3, 4 and 5). Pure and seeded.

- `speed_date_rounds`: threes for three rounds (bouwsteen 3, werkvorm 1) in which nobody meets
  the same person twice when the numbers allow it, and same-profession pairs are avoided.
- `mixed_groups`: groups of 3–4 (bouwsteen 4, werkvorm 1) with the widest mix of professions
  and domains.
- `profession_groups`: one group per profession for the pitches (bouwsteen 5, werkvorm 1); a
  profession with one representative is a group of one, as the script says.

Each returns a `Grouping` with a `Quality` report. The two optimised forms start from the
`greedy_*` baseline and only accept swaps that keep every measure at least as good as the
baseline's, so they are never worse than it on any measure. A fixed seed makes results
reproducible; `evaluate` scores a grouping an organiser adjusted by hand.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from .rules import RULES_VERSION, Person

SPEED_DATE_ROUNDS = 3
DEFAULT_SEED = 1000  # the first 1000 days
# Weights of the search: a repeated meeting outweighs any number of profession clashes.
W_REPEAT = 10_000
W_PROFESSION = 100
W_DOMAIN = 1

Rounds = tuple[tuple[tuple[str, ...], ...], ...]


@dataclass(frozen=True)
class Quality:
    """How good a grouping is. Lower is better for the pair counts, higher for the minimums."""

    repeated_pairs: int  # sum over pairs of (times met - 1), across rounds
    same_profession_pairs: int  # pairs in one group with the same profession, all rounds
    same_domain_pairs: int  # pairs in one group from the same domain, all rounds
    professions_per_group: tuple[tuple[int, ...], ...]  # per round, per group
    min_professions_per_group: int
    min_domains_per_group: int

    def at_least_as_good_as(self, other: Quality, *, domains: bool = True) -> bool:
        """True when no measure is worse than in `other` (domains: for mixed groups only)."""
        return (
            self.repeated_pairs <= other.repeated_pairs
            and self.same_profession_pairs <= other.same_profession_pairs
            and self.min_professions_per_group >= other.min_professions_per_group
            and (
                not domains
                or (
                    self.same_domain_pairs <= other.same_domain_pairs
                    and self.min_domains_per_group >= other.min_domains_per_group
                )
            )
        )


@dataclass(frozen=True)
class Grouping:
    kind: str
    rounds: Rounds
    quality: Quality
    seed: int
    rules_version: str = RULES_VERSION


# --- Sizes ----------------------------------------------------------------------------------


def speed_date_sizes(n: int) -> list[int]:
    """Threes, with a four where the count does not divide (3–4 for n ≥ 6; below that, one group)."""
    if n <= 0:
        return []
    if n < 6:
        return [n]
    count = n // 3
    return _even_sizes(n, count)


def mixed_sizes(n: int) -> list[int]:
    """Groups of 3–4 (for n ≥ 6), as many fours as fit evenly; below six, one group."""
    if n <= 0:
        return []
    if n < 6:
        return [n]
    count = -(-n // 4)
    return _even_sizes(n, count)


def _even_sizes(n: int, count: int) -> list[int]:
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


# --- Scoring --------------------------------------------------------------------------------


def evaluate(rounds: Sequence[Sequence[Sequence[str]]], people: Sequence[Person]) -> Quality:
    """Score a grouping (also one adjusted by hand); unknown keys count as their own profession."""
    by_key = {p.key: p for p in people}
    met: dict[tuple[str, str], int] = {}
    same_prof = same_dom = 0
    per_round: list[tuple[int, ...]] = []
    min_prof: int | None = None
    min_dom: int | None = None
    for groups in rounds:
        counts = []
        for group in groups:
            members = [by_key.get(k, Person(k, f"?{k}", f"?{k}")) for k in group]
            for a, b in combinations(members, 2):
                pair = (a.key, b.key) if a.key < b.key else (b.key, a.key)
                met[pair] = met.get(pair, 0) + 1
                same_prof += a.profession == b.profession
                same_dom += a.domain == b.domain
            professions = len({m.profession for m in members})
            domains = len({m.domain for m in members})
            counts.append(professions)
            min_prof = professions if min_prof is None else min(min_prof, professions)
            min_dom = domains if min_dom is None else min(min_dom, domains)
        per_round.append(tuple(counts))
    return Quality(
        repeated_pairs=sum(c - 1 for c in met.values() if c > 1),
        same_profession_pairs=same_prof,
        same_domain_pairs=same_dom,
        professions_per_group=tuple(per_round),
        min_professions_per_group=min_prof or 0,
        min_domains_per_group=min_dom or 0,
    )


# --- Baseline -------------------------------------------------------------------------------


def _greedy(people: Sequence[Person], sizes: list[int], rounds: int) -> list[list[list[int]]]:
    """Fill groups one by one: start with the first free person, add whoever clashes least."""
    n = len(people)
    met = [[0] * n for _ in range(n)]
    result: list[list[list[int]]] = []
    for _round in range(rounds):
        free = list(range(n))
        groups: list[list[int]] = []
        for size in sizes:
            group = [free.pop(0)]
            while len(group) < size:

                def clash(c: int, group: list[int] = group) -> int:
                    return sum(
                        W_REPEAT * met[c][g]
                        + W_PROFESSION * (people[c].profession == people[g].profession)
                        + W_DOMAIN * (people[c].domain == people[g].domain)
                        for g in group
                    )

                best = min(free, key=clash)
                free.remove(best)
                group.append(best)
            for a, b in combinations(group, 2):
                met[a][b] += 1
                met[b][a] += 1
            groups.append(group)
        result.append(groups)
    return result


def _as_keys(people: Sequence[Person], rounds: list[list[list[int]]]) -> Rounds:
    return tuple(
        tuple(tuple(people[i].key for i in group) for group in groups) for groups in rounds
    )


def _ordered(people: Sequence[Person]) -> list[Person]:
    keys = [p.key for p in people]
    if len(set(keys)) != len(keys):
        raise ValueError("every person needs a distinct key")
    return sorted(people, key=lambda p: p.key)


def greedy_speed_date(people: Sequence[Person], rounds: int = SPEED_DATE_ROUNDS) -> Grouping:
    """The simple baseline for speed-date rounds."""
    ordered = _ordered(people)
    result = _as_keys(ordered, _greedy(ordered, speed_date_sizes(len(ordered)), rounds))
    return Grouping("speeddate", result, evaluate(result, ordered), seed=0)


def greedy_mixed(people: Sequence[Person]) -> Grouping:
    """The simple baseline for mixed groups."""
    ordered = _ordered(people)
    result = _as_keys(ordered, _greedy(ordered, mixed_sizes(len(ordered)), 1))
    return Grouping("gemengd", result, evaluate(result, ordered), seed=0)


# --- Search ---------------------------------------------------------------------------------


class _State:
    """Groups per round with running totals, so a swap is scored from the two groups it touches."""

    def __init__(self, people: Sequence[Person], rounds: list[list[list[int]]]) -> None:
        self.people = people
        n = len(people)
        self.prof = [p.profession for p in people]
        self.dom = [p.domain for p in people]
        self.rounds = [[list(g) for g in groups] for groups in rounds]
        self.where = [[0] * n for _ in rounds]  # round -> person -> group index
        self.met = [[0] * n for _ in range(n)]
        self.repeats = self.same_prof = self.same_dom = 0
        for r, groups in enumerate(self.rounds):
            for gi, group in enumerate(groups):
                for p in group:
                    self.where[r][p] = gi
                for a, b in combinations(group, 2):
                    self._add(a, b)

    def _add(self, a: int, b: int) -> None:
        if self.met[a][b] >= 1:
            self.repeats += 1
        self.met[a][b] += 1
        self.met[b][a] += 1
        self.same_prof += self.prof[a] == self.prof[b]
        self.same_dom += self.dom[a] == self.dom[b]

    def _remove(self, a: int, b: int) -> None:
        self.met[a][b] -= 1
        self.met[b][a] -= 1
        if self.met[a][b] >= 1:
            self.repeats -= 1
        self.same_prof -= self.prof[a] == self.prof[b]
        self.same_dom -= self.dom[a] == self.dom[b]

    def cost(self) -> int:
        return W_REPEAT * self.repeats + W_PROFESSION * self.same_prof + W_DOMAIN * self.same_dom

    def _pair_cost(self, a: int, b: int, *, adding: bool) -> int:
        # A pair adds a repeat when they met already; removing it drops one when they met twice.
        met = self.met[a][b]
        repeat = met >= 1 if adding else met >= 2
        return (
            W_REPEAT * repeat
            + W_PROFESSION * (self.prof[a] == self.prof[b])
            + W_DOMAIN * (self.dom[a] == self.dom[b])
        )

    def swap_delta(self, r: int, a: int, b: int) -> int:
        """The change in cost if a and b (in different groups of round r) changed places."""
        ga, gb = self.rounds[r][self.where[r][a]], self.rounds[r][self.where[r][b]]
        delta = 0
        for x in ga:
            if x != a:
                delta += self._pair_cost(b, x, adding=True) - self._pair_cost(a, x, adding=False)
        for y in gb:
            if y != b:
                delta += self._pair_cost(a, y, adding=True) - self._pair_cost(b, y, adding=False)
        return delta

    def in_conflict(self, r: int, a: int) -> bool:
        """Whether a meets someone twice, or a colleague or same-domain person, in round r."""
        return any(
            x != a and (self.met[a][x] >= 2 or self.dom[a] == self.dom[x])
            for x in self.rounds[r][self.where[r][a]]
        )

    def swap(self, r: int, a: int, b: int) -> None:
        ga, gb = self.rounds[r][self.where[r][a]], self.rounds[r][self.where[r][b]]
        for x in ga:
            if x != a:
                self._remove(a, x)
        for y in gb:
            if y != b:
                self._remove(b, y)
        ga[ga.index(a)] = b
        gb[gb.index(b)] = a
        self.where[r][a], self.where[r][b] = self.where[r][b], self.where[r][a]
        for x in ga:
            if x != b:
                self._add(b, x)
        for y in gb:
            if y != a:
                self._add(a, y)

    def all_mins(self) -> tuple[int, int]:
        """Fewest professions and domains in any group of any round."""
        groups = [g for groups in self.rounds for g in groups]
        return (
            min(len({self.prof[p] for p in g}) for g in groups),
            min(len({self.dom[p] for p in g}) for g in groups),
        )

    def touched_mins(self, r: int, a: int, b: int) -> tuple[int, int]:
        """Fewest professions and domains in the two groups of round r that hold a and b."""
        groups = (self.rounds[r][self.where[r][a]], self.rounds[r][self.where[r][b]])
        return (
            min(len({self.prof[p] for p in g}) for g in groups),
            min(len({self.dom[p] for p in g}) for g in groups),
        )


def _improve(
    people: Sequence[Person],
    start: list[list[list[int]]],
    baseline: Quality,
    seed: int,
    *,
    domains: bool,
    constrained: bool,
) -> list[list[list[int]]]:
    """Swap people between groups of one round while the cost drops (or stays, to move on a
    plateau); keep the best state that is nowhere worse than the baseline.

    `constrained` refuses every step that makes a measure worse than the baseline's; otherwise
    the path may pass through such states (a repeat traded for a clash fixed later) and only the
    states kept are checked."""
    state = _State(people, start)
    n = len(people)
    if n < 2 or all(len(groups) < 2 for groups in state.rounds):
        return state.rounds
    rng = random.Random(seed)  # noqa: S311 - reproducible grouping, not a secret
    rounds = len(state.rounds)
    best_cost = state.cost()
    best = [[list(g) for g in groups] for groups in state.rounds]
    stale = 0
    patience = 60 * n * rounds  # attempts without progress before the search stops
    while stale <= patience and best_cost > 0:
        stale += 1
        r = rng.randrange(rounds)
        a, b = rng.randrange(n), rng.randrange(n)
        if state.where[r][a] == state.where[r][b]:
            continue
        # Mostly move people who clash; a few free moves keep the search from getting stuck.
        if not state.in_conflict(r, a) and rng.random() < 0.9:
            continue
        if state.swap_delta(r, a, b) > 0:
            continue
        state.swap(r, a, b)
        if not constrained:
            cost = state.cost()
            if cost < best_cost and _no_worse(state, baseline, domains=domains):
                best_cost = cost
                best = [[list(g) for g in groups] for groups in state.rounds]
                stale = 0
            continue
        # Every other group already met the baseline's minimums: check the two that changed.
        acceptable = (
            state.repeats <= baseline.repeated_pairs
            and state.same_prof <= baseline.same_profession_pairs
            and (not domains or state.same_dom <= baseline.same_domain_pairs)
        )
        if acceptable:
            min_prof, min_dom = state.touched_mins(r, a, b)
            acceptable = min_prof >= baseline.min_professions_per_group and (
                not domains or min_dom >= baseline.min_domains_per_group
            )
        if not acceptable:
            state.swap(r, a, b)  # undo
            continue
        cost = state.cost()
        if cost < best_cost:
            best_cost = cost
            best = [[list(g) for g in groups] for groups in state.rounds]
            stale = 0
    return best


def _no_worse(state: _State, baseline: Quality, *, domains: bool) -> bool:
    if state.repeats > baseline.repeated_pairs or state.same_prof > baseline.same_profession_pairs:
        return False
    if domains and state.same_dom > baseline.same_domain_pairs:
        return False
    min_prof, min_dom = state.all_mins()
    return min_prof >= baseline.min_professions_per_group and (
        not domains or min_dom >= baseline.min_domains_per_group
    )


def _search(
    people: Sequence[Person], sizes: list[int], rounds: int, seed: int, *, domains: bool
) -> Rounds:
    """The better of a constrained and a free search, both starting from the greedy baseline."""
    start = _greedy(people, sizes, rounds)
    baseline = evaluate(_as_keys(people, start), people)
    best: Rounds = _as_keys(people, start)
    best_cost = _weighted(baseline, domains=domains)
    # A few free searches with other seeds while someone still meets a person twice.
    for offset, constrained in enumerate((True, False, False, False, False)):
        if offset > 1 and best_cost < W_REPEAT:
            break
        found = _as_keys(
            people,
            _improve(
                people, start, baseline, seed + offset, domains=domains, constrained=constrained
            ),
        )
        cost = _weighted(evaluate(found, people), domains=domains)
        if cost < best_cost:
            best, best_cost = found, cost
    return best


def _weighted(quality: Quality, *, domains: bool) -> int:
    return (
        W_REPEAT * quality.repeated_pairs
        + W_PROFESSION * quality.same_profession_pairs
        + (W_DOMAIN * quality.same_domain_pairs if domains else 0)
    )


def speed_date_rounds(
    people: Sequence[Person], *, rounds: int = SPEED_DATE_ROUNDS, seed: int = DEFAULT_SEED
) -> Grouping:
    """Threes for `rounds` rounds: no repeated pair where possible, few same-profession pairs."""
    ordered = _ordered(people)
    result = _search(ordered, speed_date_sizes(len(ordered)), rounds, seed, domains=False)
    return Grouping("speeddate", result, evaluate(result, ordered), seed)


def mixed_groups(people: Sequence[Person], *, seed: int = DEFAULT_SEED) -> Grouping:
    """Groups of 3–4 with the widest mix of professions and domains."""
    ordered = _ordered(people)
    result = _search(ordered, mixed_sizes(len(ordered)), 1, seed, domains=True)
    return Grouping("gemengd", result, evaluate(result, ordered), seed)


def profession_groups(people: Sequence[Person]) -> Grouping:
    """One group per profession for the pitches; a sole representative pitches alone."""
    ordered = _ordered(people)
    by_profession: dict[str, list[str]] = {}
    for person in ordered:
        by_profession.setdefault(person.profession, []).append(person.key)
    result: Rounds = (tuple(tuple(keys) for _prof, keys in sorted(by_profession.items())),)
    return Grouping("beroep", result, evaluate(result, ordered), seed=0)
