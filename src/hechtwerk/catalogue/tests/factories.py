"""Factories for the catalogue, with traits for the states the tests need."""

from __future__ import annotations

import factory

from hechtwerk.catalogue.constants import EvidenceLevel, Format, PreventionLevel, ThemeKind
from hechtwerk.catalogue.models import Intervention, MatchingRule, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    kind = ThemeKind.THEME


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    slug = factory.Sequence(lambda n: f"interventie-{n}")
    name = factory.Sequence(lambda n: f"Interventie {n:04d}")
    target_group = "Ouders van een baby"
    goal = "Een veilige band"
    approach = "Huisbezoeken"
    age_from_days = 0
    age_to_days = 365
    format = Format.HOME_VISITS
    prevention_level = PreventionLevel.UNIVERSAL
    evidence_level = EvidenceLevel.NOT_ASSESSED
    source = "Testbron"


class MatchingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRule

    situation_kind = "dimensie"
    code = "aansluiten"
    target_kind = "thema"
    target = "sensitiviteit"
    weight = 3
