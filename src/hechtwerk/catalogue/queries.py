"""Reads that feed the rules: intervention facts, the matching mapping, an organisation's offer,
and referral counts per intervention (from the counter the owning app registered)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from hechtwerk.core.figures import FigureTable

from .constants import AlternativeField, PreventionLevel, TargetKind
from .counts import referral_counter
from .models import AlternativeValue, Intervention, MatchingRule, OrganisationOffer, Theme
from .rules import (
    InterventionFacts,
    Match,
    Situation,
    SituationRule,
    Window,
    match_interventions,
    tally_referrals,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation


def intervention_facts(
    interventions: QuerySet[Intervention] | None = None,
) -> list[InterventionFacts]:
    """Facts of the active interventions in three queries (interventions, alternatives, themes)."""
    qs = (interventions if interventions is not None else Intervention.objects.active()).order_by(
        "pk"
    )
    rows = list(
        qs.values_list(
            "pk",
            "name",
            "age_from_days",
            "age_to_days",
            "age_source",
            "source",
            "prevention_level",
            "evidence_level",
            "starts_after_birth",
        )
    )
    ids = [r[0] for r in rows]
    alternatives: dict[int, list[Window]] = {}
    for iid, alt_low, alt_high, src in AlternativeValue.objects.filter(
        intervention_id__in=ids, field=AlternativeField.AGE
    ).values_list("intervention_id", "low", "high", "source"):
        alternatives.setdefault(iid, []).append(
            Window(alt_low, alt_high, alternative=True, source=src)
        )
    themes: dict[int, set[str]] = {}
    through = Intervention.themes.through
    for iid, code in through.objects.filter(intervention_id__in=ids).values_list(
        "intervention_id", "theme__code"
    ):
        themes.setdefault(iid, set()).add(code)
    facts = []
    for pk, name, low, high, age_source, source, level, evidence, after_birth in rows:
        windows = (
            [Window(low, high, source=age_source or source)]
            if low is not None and high is not None
            else []
        )
        windows.extend(alternatives.get(pk, []))
        facts.append(
            InterventionFacts(
                id=pk,
                name=name,
                windows=tuple(windows),
                prevention_level=level,
                evidence_level=evidence,
                themes=frozenset(themes.get(pk, ())),
                starts_after_birth=after_birth,
            )
        )
    return facts


def situation_rules() -> list[SituationRule]:
    theme_names = dict(Theme.objects.values_list("code", "name"))
    rules = []
    for rule in MatchingRule.objects.active():
        if rule.target_kind == TargetKind.PREVENTION_LEVEL:
            label = (
                str(PreventionLevel(rule.target).label).lower()
                if rule.target in PreventionLevel.values
                else rule.target
            )
        else:
            label = theme_names.get(rule.target, rule.target).lower()
        rules.append(
            SituationRule(
                kind=rule.situation_kind,
                code=rule.code,
                target_kind=rule.target_kind,
                target=rule.target,
                weight=rule.weight,
                target_label=label,
                explanation=rule.explanation,
            )
        )
    return rules


# The facts and mapping change rarely; each process keeps them and reloads when a service bumps
# the shared version (the cache: Redis in production), or after MAX_SNAPSHOT_AGE at the latest.
VERSION_KEY = "catalogue:matching-version"
MAX_SNAPSHOT_AGE = 300.0


@dataclass
class _Snapshot:
    version: str
    loaded_at: float
    facts: list[InterventionFacts]
    rules: list[SituationRule]


_snapshot: dict[str, _Snapshot] = {}


def bump_matching_version() -> None:
    """Tell every process to reload the matching inputs (called by services after a change)."""

    def bump() -> None:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)  # again once committed, so no process keeps pre-commit data


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return str(version)


def current_catalogue_version() -> str:
    """The catalogue's version: changes whenever a catalogue service changes something (the
    public list's cache and the matching snapshot follow it)."""
    return _current_version()


def matching_inputs() -> tuple[list[InterventionFacts], list[SituationRule]]:
    version = _current_version()
    snapshot = _snapshot.get("catalogue")
    if (
        snapshot is None
        or snapshot.version != version
        or time.monotonic() - snapshot.loaded_at > MAX_SNAPSHOT_AGE
    ):
        snapshot = _Snapshot(
            version=version,
            loaded_at=time.monotonic(),
            facts=intervention_facts(),
            rules=situation_rules(),
        )
        _snapshot["catalogue"] = snapshot
    return snapshot.facts, snapshot.rules


@dataclass(frozen=True)
class MatchResult:
    match: Match
    intervention: Intervention
    offer_kind: str


def matches_for(
    situation: Situation,
    organisation: Organisation | None,
    *,
    limit: int | None = None,
    with_details: bool = False,
    referred: Mapping[uuid.UUID, date] | None = None,
) -> list[MatchResult]:
    """The ranked matches for a situation (the best `limit`), with their intervention rows.
    `referred` maps intervention uuids the child was already referred to onto the date."""
    facts, rules = matching_inputs()
    offers: dict[Hashable, str] = (
        dict(
            OrganisationOffer.objects.filter(organisation=organisation).values_list(
                "intervention_id", "kind"
            )
        )
        if organisation is not None
        else {}
    )
    referred_ids: dict[Hashable, date] = {}
    if referred:
        for pk, uid in Intervention.objects.filter(uuid__in=list(referred)).values_list(
            "pk", "uuid"
        ):
            referred_ids[pk] = referred[uid]
    found = match_interventions(
        situation, facts, rules, own_offer=offers, limit=limit, referred=referred_ids
    )
    shown = Intervention.objects.for_listing() if with_details else Intervention.objects.all()
    rows = shown.in_bulk([m.intervention_id for m in found])
    return [
        MatchResult(
            match=m,
            intervention=rows[m.intervention_id],
            offer_kind=offers.get(m.intervention_id, ""),
        )
        for m in found
        if m.intervention_id in rows
    ]


# -- referral counts -------------------------------------------------------------------------------


def referral_counts(intervention: Intervention) -> FigureTable | None:
    """Referrals naming this intervention, started and completed, per organisation; small counts
    suppressed, no child in sight. The counts come from the app that owns referrals, through
    `counts.register_referral_counter`; None when no app has registered one."""
    counter = referral_counter()
    if counter is None:
        return None
    return tally_referrals(counter(intervention.pk))
