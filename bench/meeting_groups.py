"""Benchmark of the meeting planner's grouping (issue 11): 40 and 200 people.

    .venv/bin/python bench/meeting_groups.py

Forms speed-date threes for three rounds, mixed groups of 3–4 and groups by profession for a
synthetic crowd with professions from the three domains, prints the time of each and the
quality against the greedy baseline. Goal: under 1 second for 40 people. Pure functions only:
no database is needed.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hechtwerk.meetings.grouping import (  # noqa: E402
    Grouping,
    greedy_mixed,
    greedy_speed_date,
    mixed_groups,
    profession_groups,
    speed_date_rounds,
)
from hechtwerk.meetings.rules import Person  # noqa: E402

PROFESSIONS = [
    ("huisarts", "medisch"),
    ("verloskundige", "medisch"),
    ("gynaecoloog", "medisch"),
    ("jgz", "medisch"),
    ("kraamverzorgende", "medisch"),
    ("wijkteam", "sociaal"),
    ("schuldhulp", "sociaal"),
    ("welzijn", "sociaal"),
    ("kinderopvang", "sociaal"),
    ("buurtgezin", "informeel"),
    ("vrijwilliger", "informeel"),
]
GOAL_SECONDS_40 = 1.0


def crowd(n: int) -> list[Person]:
    rng = random.Random(n)
    return [Person(f"p{i:04}", *rng.choice(PROFESSIONS)) for i in range(n)]


def timed(make: Callable[[list[Person]], Grouping], people: list[Person]) -> tuple[Grouping, float]:
    start = time.perf_counter()
    result = make(people)
    return result, time.perf_counter() - start


def main() -> int:
    slow = False
    for n in (40, 200):
        people = crowd(n)
        print(f"\n{n} people")
        total = 0.0
        for label, ours, greedy in (
            ("speed-date x3", speed_date_rounds, greedy_speed_date),
            ("mixed 3-4", mixed_groups, greedy_mixed),
            ("by profession", profession_groups, None),
        ):
            result, took = timed(ours, people)
            total += took
            q = result.quality
            line = (
                f"  {label:14} {took * 1000:8.1f} ms  repeated={q.repeated_pairs} "
                f"same-profession={q.same_profession_pairs} same-domain={q.same_domain_pairs} "
                f"min-professions/group={q.min_professions_per_group}"
            )
            if greedy is not None:
                g = greedy(people).quality
                line += (
                    f"  | greedy: repeated={g.repeated_pairs} "
                    f"same-profession={g.same_profession_pairs} same-domain={g.same_domain_pairs}"
                )
            print(line)
        print(f"  all three: {total:.3f} s")
        if n == 40 and total >= GOAL_SECONDS_40:
            slow = True
            print(f"  GOAL MISSED: {total:.3f} s >= {GOAL_SECONDS_40} s for 40 people")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
