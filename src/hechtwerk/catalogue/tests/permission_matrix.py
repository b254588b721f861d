"""Permission-matrix rows for the catalogue: public catalogue and detail pages, matching for JGZ
professionals, the own offer for a JGZ organisation's beheerder, editing for the platform's
beheerder only (a training provider's beheerder is refused)."""

from __future__ import annotations

from hechtwerk.catalogue.models import AlternativeValue
from hechtwerk.core.tests.matrix import JGZ_CLINICAL, SIGNED_IN, ApiRow, Row, World

from .factories import InterventionFactory, MatchingRuleFactory, ThemeFactory

URL_NAMES = frozenset(
    {
        "catalogue:list",
        "catalogue:detail",
        "catalogue:match",
        "catalogue:offer",
        "catalogue:manage",
        "catalogue:create",
        "catalogue:edit",
        "catalogue:add_alternative",
        "catalogue:remove_alternative",
        "catalogue:history",
        "catalogue:rules",
        "catalogue:rule_create",
        "catalogue:rule_edit",
        "catalogue:theme_create",
    }
)

BEHEERDER = frozenset({"platform_administrator"})


def rows(world: World) -> dict[str, Row]:
    intervention = InterventionFactory()
    ThemeFactory(code="sensitiviteit")
    rule = MatchingRuleFactory()
    alternative = AlternativeValue.objects.create(
        intervention=intervention, field="leeftijd", low=10, high=100, source="Testbron"
    )
    on_intervention = {"intervention_uuid": intervention.uuid}
    return {
        "catalogue:list": Row.public(),
        "catalogue:detail": Row.public(kwargs=on_intervention),
        "catalogue:match": Row.allow(JGZ_CLINICAL | {"outsider"}, query="age=2&age_unit=maanden"),
        "catalogue:offer": Row.allow({"jgz_administrator"}),
        "catalogue:manage": Row.allow(BEHEERDER),
        "catalogue:create": Row.allow(BEHEERDER),
        "catalogue:edit": Row.allow(BEHEERDER, kwargs=on_intervention),
        "catalogue:add_alternative": Row.allow(
            BEHEERDER,
            ok=302,
            method="post",
            kwargs=on_intervention,
            data={
                "field": "contacten",
                "low": "3",
                "low_unit": "aantal",
                "high": "4",
                "high_unit": "aantal",
                "source": "Testbron",
            },
        ),
        "catalogue:remove_alternative": Row.allow(
            BEHEERDER, ok=302, method="post", kwargs={"alternative_uuid": alternative.uuid}
        ),
        "catalogue:history": Row.allow(BEHEERDER, kwargs=on_intervention),
        "catalogue:rules": Row.allow(BEHEERDER),
        "catalogue:rule_create": Row.allow(BEHEERDER),
        "catalogue:rule_edit": Row.allow(BEHEERDER, kwargs={"rule_uuid": rule.uuid}),
        "catalogue:theme_create": Row.allow(
            BEHEERDER,
            ok=302,
            method="post",
            data={"name": "Slaap", "code": "slaap", "kind": "thema"},
        ),
    }


API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/interventions"),
        ("GET", "/api/v1/interventions/match"),
        ("GET", "/api/v1/interventions/{intervention_id}"),
    }
)


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    intervention = InterventionFactory()
    return {
        ("GET", "/api/v1/interventions"): ApiRow.allow(SIGNED_IN),
        ("GET", "/api/v1/interventions/match"): ApiRow.allow(
            JGZ_CLINICAL | {"outsider"}, query="age_days=60"
        ),
        ("GET", "/api/v1/interventions/{intervention_id}"): ApiRow.allow(
            SIGNED_IN, path_params={"intervention_id": intervention.uuid}
        ),
    }
