"""Benchmark of the catalogue's matching with a catalogue of 500 interventions.

    .venv/bin/python bench/catalogue_matching.py                 # SQLite test database
    .venv/bin/python bench/catalogue_matching.py --database-url postgres://postgres@127.0.0.1:5432/hw_catalogue_bench

Builds a throw-away test database, loads the seed catalogue (20 interventions) and adds synthetic
ones up to --interventions, with random age windows (some with an alternative window), themes,
prevention and evidence levels, and gives the bench organisation 30 of them as its own offer.
Then it measures, over --samples random situations (age or pregnancy week, zero to three
searching dimensions, referral criteria, a vulnerability grade, SamenStarten problems):
  rules    - the pure function match_interventions() on facts already in memory, all matches
  rules10  - the same, wording only the best 10 (what the consult page shows)
  service  - matches_for(): change check, organisation offer, ranking, loading the shown rows
  request  - GET /interventies/passend/ as an htmx request by a nurse (the consult page's call)
  api      - GET /api/v1/interventions/match with a token
and prints the median, p95 and max in milliseconds, plus the query count of the service path.
Target: p95 under 20 ms for matching (rules and service).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

TARGET_P95_MS = 20.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interventions", type=int, default=500)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def setup_django(database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings

    if database_url:
        import dj_database_url

        settings.DATABASES["default"] = dj_database_url.parse(database_url)
        settings.DATABASES["default"]["TEST"] = {
            "NAME": settings.DATABASES["default"]["NAME"] + "_test"
        }
    settings.DEBUG = False


def build_catalogue(n: int, rng: random.Random) -> dict[str, Any]:
    from hechtwerk.accounts.constants import OrganisationKind, Role
    from hechtwerk.accounts.models import Membership, Organisation, User
    from hechtwerk.catalogue.constants import EvidenceLevel, Format, OfferKind, PreventionLevel
    from hechtwerk.catalogue.models import AlternativeValue, Intervention, OrganisationOffer, Theme
    from hechtwerk.catalogue.services import load_catalogue

    load_catalogue()
    themes = list(Theme.objects.all())
    new = []
    for k in range(n - Intervention.objects.count()):
        low = rng.randint(-280, 1200)
        new.append(
            Intervention(
                slug=f"bench-{k}",
                name=f"Bench-interventie {k:04d}",
                target_group="Synthetisch",
                goal="Synthetisch",
                approach="Synthetisch",
                age_from_days=low,
                age_to_days=low + rng.randint(30, 900),
                format=rng.choice(Format.values),
                prevention_level=rng.choice(PreventionLevel.values),
                evidence_level=rng.choice(EvidenceLevel.values),
                evidence_source="Bench",
                source="Bench",
            )
        )
    created = Intervention.objects.bulk_create(new)
    through = Intervention.themes.through
    through.objects.bulk_create(
        through(intervention_id=i.pk, theme_id=t.pk)
        for i in created
        for t in rng.sample(themes, rng.randint(1, 4))
    )
    AlternativeValue.objects.bulk_create(
        AlternativeValue(
            intervention=i,
            field="leeftijd",
            low=i.age_from_days + 30,
            high=i.age_to_days + 60,
            source="Bench",
        )
        for i in created
        if rng.random() < 0.1
    )
    org = Organisation.objects.create(name="JGZ Bench Catalogus", kind=OrganisationKind.JGZ)
    OrganisationOffer.objects.bulk_create(
        OrganisationOffer(organisation=org, intervention=i, kind=OfferKind.OFFERS)
        for i in rng.sample(list(Intervention.objects.all()), 30)
    )
    from hechtwerk.accounts.tests.factories import UserFactory

    # Nurses need two factors: the bench nurse has an active TOTP authenticator, like the tests'.
    user: User = UserFactory(email="bench-vpk@bench.example", totp_secret=True)
    membership = Membership.objects.create(user=user, organisation=org, role=Role.YOUTH_NURSE)
    return {"organisation": org, "user": user, "membership": membership}


def random_situation(rng: random.Random) -> Any:
    from hechtwerk.catalogue.rules import Situation
    from hechtwerk.signalling.constants import (
        Dimension,
        ReferralCriterion,
        SamenStartenDomain,
        VulnerabilityGrade,
    )

    prenatal = rng.random() < 0.15
    return Situation(
        age_days=None if prenatal else rng.randint(0, 1460),
        pregnancy_week=rng.randint(8, 42) if prenatal else None,
        searching_dimensions=frozenset(rng.sample(list(Dimension), rng.randint(0, 3))),
        referral_criteria=frozenset(rng.sample(list(ReferralCriterion), rng.randint(0, 2))),
        vulnerability_grade=rng.choice([None, *VulnerabilityGrade]),
        samenstarten_problems=frozenset(rng.sample(list(SamenStartenDomain), rng.randint(0, 2))),
    )


def query_string(situation: Any) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    if situation.pregnancy_week is not None:
        params.append(("pregnancy_week", str(situation.pregnancy_week)))
    else:
        params.append(("age", str(round(situation.age_days / 7, 1))))
        params.append(("age_unit", "weken"))
    params += [("dimensions", d) for d in situation.searching_dimensions]
    params += [("criteria", c) for c in situation.referral_criteria]
    params += [("samenstarten", s) for s in situation.samenstarten_problems]
    if situation.vulnerability_grade:
        params.append(("vulnerability", situation.vulnerability_grade))
    return params


def measure(name: str, samples: list[Any], run: Callable[[Any], Any]) -> dict[str, float]:
    run(samples[0])  # warm-up: imports, caches
    times = []
    for sample in samples:
        start = time.perf_counter()
        run(sample)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    result = {"median": statistics.median(times), "p95": p95, "max": times[-1]}
    print(
        f"  {name:<8} median {result['median']:7.2f} ms   p95 {result['p95']:7.2f} ms   "
        f"max {result['max']:7.2f} ms"
    )
    return result


def main() -> int:
    args = parse_args()
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from hechtwerk.accounts.services import create_api_token
    from hechtwerk.catalogue.models import Intervention
    from hechtwerk.catalogue.queries import matches_for, matching_inputs
    from hechtwerk.catalogue.rules import match_interventions

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(args.seed)
        world = build_catalogue(args.interventions, rng)
        org = world["organisation"]
        situations = [random_situation(rng) for _ in range(args.samples)]
        facts, rules = matching_inputs()
        own = set(org.intervention_offers.values_list("intervention_id", flat=True))
        print(
            f"Catalogus: {Intervention.objects.count()} interventies, {len(rules)} koppelregels, "
            f"{len(own)} in het eigen aanbod; {args.samples} situaties; "
            f"database {connection.vendor}"
        )
        counts = [len(match_interventions(s, facts, rules, own)) for s in situations]
        print(f"  gemiddeld {statistics.mean(counts):.0f} passende interventies per situatie")
        results = {
            "rules": measure(
                "rules", situations, lambda s: match_interventions(s, facts, rules, own)
            ),
            "rules10": measure(
                "rules10", situations, lambda s: match_interventions(s, facts, rules, own, limit=10)
            ),
            "service": measure("service", situations, lambda s: matches_for(s, org, limit=10)),
        }
        with CaptureQueriesContext(connection) as ctx:
            matches_for(situations[0], org, limit=10)
        print(
            f"  service: {len(ctx.captured_queries)} SQL-queries per aanroep (catalogus ongewijzigd)"
        )

        client = Client()
        client.force_login(world["user"])

        def web_call(s: Any) -> None:
            response = client.get(
                "/interventies/passend/", query_string(s), headers={"HX-Request": "true"}
            )
            assert response.status_code == 200, response.status_code

        results["request"] = measure("request", situations, web_call)
        token = create_api_token(user=world["user"], membership=world["membership"], name="bench")
        headers = {"Authorization": f"Bearer {token.secret}"}

        def api_call(s: Any) -> None:
            params: dict[str, Any] = {
                "dimensions": list(s.searching_dimensions),
                "referral_criteria": list(s.referral_criteria),
                "samenstarten_problems": list(s.samenstarten_problems),
            }
            if s.pregnancy_week is not None:
                params["pregnancy_week"] = s.pregnancy_week
            else:
                params["age_days"] = s.age_days
            if s.vulnerability_grade:
                params["vulnerability"] = s.vulnerability_grade
            response = client.get("/api/v1/interventions/match", params, headers=headers)
            assert response.status_code == 200, response.content

        results["api"] = measure("api", situations, api_call)
        ok = results["rules"]["p95"] < TARGET_P95_MS and results["service"]["p95"] < TARGET_P95_MS
        print(
            f"Doel: matchen p95 < {TARGET_P95_MS:.0f} ms — "
            + ("gehaald" if ok else "NIET gehaald")
            + " (rules en service; request en api tonen de volledige HTTP-weg erbij)"
        )
        return 0 if ok else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
