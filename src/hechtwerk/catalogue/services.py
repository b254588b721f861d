"""Writes to the catalogue: every change is validated, kept in the revision history and audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError

from . import seed
from .constants import RATED_LEVELS, AlternativeField, EvidenceLevel, OfferKind, RevisionAction
from .models import (
    AlternativeValue,
    Intervention,
    MatchingRule,
    OrganisationOffer,
    Revision,
    Theme,
)
from .queries import bump_matching_version

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


class CatalogueError(DomainError):
    """A catalogue change that cannot be made; the message is Dutch and shown to the user."""


# A rating's source must name the national databank (NJi Databank Effectieve Jeugdinterventies).
DATABANK_WORDS = ("nji", "databank")

# The fields a beheerder edits; the revision history compares exactly these.
EDITABLE_FIELDS = (
    "slug",
    "name",
    "owner",
    "target_group",
    "goal",
    "approach",
    "age_from_days",
    "age_to_days",
    "age_text",
    "age_source",
    "starts_after_birth",
    "how_to_refer",
    "format",
    "contacts_min",
    "contacts_max",
    "contact_minutes",
    "contacts_text",
    "contacts_source",
    "prevention_level",
    "prevention_source",
    "evidence_level",
    "evidence_date",
    "evidence_source",
    "provider_claim",
    "source",
    "notes",
    "is_active",
)


def intervention_errors(values: dict[str, Any]) -> dict[str, str]:
    """The catalogue's own checks on an intervention's values, as field → Dutch message."""
    errors: dict[str, str] = {}
    low, high = values.get("age_from_days"), values.get("age_to_days")
    if (low is None) != (high is None):
        errors["age_to_days" if high is None else "age_from_days"] = _(
            "Vul het leeftijdsvenster helemaal in (vanaf en tot), of laat het helemaal leeg."
        )
    elif low is not None and high is not None and high <= low:
        errors["age_to_days"] = _("Het leeftijdsvenster moet eindigen na het begin.")
    cmin, cmax = values.get("contacts_min"), values.get("contacts_max")
    if cmin is not None and cmax is not None and cmin > cmax:
        errors["contacts_max"] = _(
            "Het maximale aantal contacten moet minstens zo groot zijn als het minimale."
        )
    level = values.get("evidence_level")
    if level and level not in EvidenceLevel.values:
        errors["evidence_level"] = _("Onbekend erkenningsniveau.")
    elif level in RATED_LEVELS or level == EvidenceLevel.UNDER_ASSESSMENT:
        source = (values.get("evidence_source") or "").strip()
        if not source:
            errors["evidence_source"] = _(
                "Noem de bron van de erkenning (bijvoorbeeld de Databank Effectieve "
                "Jeugdinterventies van het NJi)."
            )
        elif not any(word in source.lower() for word in DATABANK_WORDS):
            # A rating comes from the national databank, never from the method's own material.
            errors["evidence_source"] = _(
                "Een erkenning komt uit de Databank Effectieve Jeugdinterventies van het NJi; "
                "noem die als bron. Wat het eigen materiaal claimt hoort bij ‘claim in eigen "
                "materiaal’."
            )
    evidence_date = values.get("evidence_date")
    if isinstance(evidence_date, datetime.date) and evidence_date > datetime.date.today():
        errors["evidence_date"] = _("De datum van de beoordeling kan niet in de toekomst liggen.")
    return errors


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _snapshot(intervention: Intervention) -> dict[str, Any]:
    data = {name: _jsonable(getattr(intervention, name)) for name in EDITABLE_FIELDS}
    if intervention.pk:
        data["themes"] = sorted(intervention.themes.values_list("code", flat=True))
    else:
        data["themes"] = []
    return data


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _validate(intervention: Intervention) -> None:
    values = {name: getattr(intervention, name) for name in EDITABLE_FIELDS}
    errors = intervention_errors(values)
    if errors:
        raise CatalogueError(" ".join(errors.values()))
    try:
        intervention.full_clean()
    except ValidationError as exc:
        raise CatalogueError(" ".join(exc.messages)) from exc


@transaction.atomic
def save_intervention(
    *,
    actor: User | None,
    intervention: Intervention,
    themes: Iterable[Theme] | None = None,
    action: str = "",
) -> Intervention:
    """Create or change an intervention; the revision table keeps who changed what, when."""
    creating = intervention.pk is None
    before = (
        _snapshot(Intervention.objects.get(pk=intervention.pk))
        if not creating
        else dict.fromkeys((*EDITABLE_FIELDS, "themes"))
    )
    _validate(intervention)
    if creating:
        intervention.created_by = actor
    intervention.updated_by = actor
    intervention.save()
    if themes is not None:
        intervention.themes.set(list(themes))
    changes = _diff(before, _snapshot(intervention))
    if changes or creating:
        bump_matching_version()
        Revision.objects.create(
            intervention=intervention,
            changed_by=actor if actor is not None and actor.is_authenticated else None,
            action=action or (RevisionAction.CREATED if creating else RevisionAction.UPDATED),
            changes=changes,
        )
        log_action(
            "catalogue.intervention.created" if creating else "catalogue.intervention.updated",
            actor=actor,
            target=intervention,
            data={"fields": sorted(changes)},
        )
    return intervention


@transaction.atomic
def add_alternative_value(
    *,
    actor: User | None,
    intervention: Intervention,
    field: str,
    low: int,
    high: int,
    text: str,
    source: str,
) -> AlternativeValue:
    """Keep another value a source gives for the same field, with that source."""
    if field not in AlternativeField.values:
        raise CatalogueError(_("Kies of het om de leeftijd of het aantal contacten gaat."))
    if high < low or (field == AlternativeField.AGE and high == low):
        raise CatalogueError(_("De waarde ‘tot’ moet na de waarde ‘van’ liggen."))
    if field == AlternativeField.CONTACTS and low < 0:
        raise CatalogueError(_("Een aantal contacten kan niet negatief zijn."))
    if not source.strip():
        raise CatalogueError(_("Noem de bron van deze andere waarde."))
    alternative = AlternativeValue(
        intervention=intervention,
        field=field,
        low=low,
        high=high,
        text=text.strip(),
        source=source.strip(),
        created_by=actor,
        updated_by=actor,
    )
    try:
        alternative.full_clean()
    except ValidationError as exc:
        raise CatalogueError(" ".join(exc.messages)) from exc
    alternative.save()
    bump_matching_version()
    Revision.objects.create(
        intervention=intervention,
        changed_by=actor,
        action=RevisionAction.ALTERNATIVE_ADDED,
        changes={f"{field}_alternatief": [None, f"{low}–{high} ({text}; {source})"]},
    )
    log_action(
        "catalogue.alternative.added", actor=actor, target=intervention, data={"field": field}
    )
    return alternative


@transaction.atomic
def remove_alternative_value(*, actor: User | None, alternative: AlternativeValue) -> None:
    intervention = alternative.intervention
    Revision.objects.create(
        intervention=intervention,
        changed_by=actor,
        action=RevisionAction.ALTERNATIVE_REMOVED,
        changes={
            f"{alternative.field}_alternatief": [
                f"{alternative.low}–{alternative.high} ({alternative.text}; {alternative.source})",
                None,
            ]
        },
    )
    alternative.delete()
    bump_matching_version()
    log_action("catalogue.alternative.removed", actor=actor, target=intervention)


@transaction.atomic
def save_matching_rule(*, actor: User | None, rule: MatchingRule) -> MatchingRule:
    """Create or change one situation → property rule of the matching."""
    from .forms import matching_rule_errors  # the same checks as the form

    errors = matching_rule_errors(rule.situation_kind, rule.code, rule.target_kind, rule.target)
    if errors:
        raise CatalogueError(" ".join(errors.values()))
    if rule.pk is None:
        rule.created_by = actor
    rule.updated_by = actor
    try:
        rule.full_clean()
    except ValidationError as exc:
        raise CatalogueError(" ".join(exc.messages)) from exc
    rule.save()
    bump_matching_version()
    log_action(
        "catalogue.matching_rule.saved",
        actor=actor,
        target=rule,
        data={"kind": rule.situation_kind, "code": rule.code, "weight": rule.weight},
    )
    return rule


@transaction.atomic
def create_theme(*, actor: User | None, theme: Theme) -> Theme:
    """Add a theme or condition that interventions and matching rules can refer to."""
    theme.created_by = theme.updated_by = actor
    try:
        theme.full_clean()
    except ValidationError as exc:
        raise CatalogueError(" ".join(exc.messages)) from exc
    theme.save()
    bump_matching_version()
    log_action("catalogue.theme.created", actor=actor, target=theme, data={"code": theme.code})
    return theme


@transaction.atomic
def set_organisation_offer(
    *, actor: User | None, organisation: Organisation, intervention: Intervention, kind: str
) -> OrganisationOffer | None:
    """Record that an organisation offers or has contracted an intervention ("" removes it)."""
    if kind and kind not in OfferKind.values:
        raise CatalogueError(_("Kies ‘biedt zelf aan’, ‘gecontracteerd’ of niets."))
    existing = OrganisationOffer.objects.filter(
        organisation=organisation, intervention=intervention
    ).first()
    if not kind:
        if existing is not None:
            existing.delete()
            log_action(
                "catalogue.offer.removed",
                actor=actor,
                target=intervention,
                organisation=organisation,
            )
        return None
    if existing is None:
        existing = OrganisationOffer(
            organisation=organisation, intervention=intervention, created_by=actor
        )
    elif existing.kind == kind:
        return existing
    existing.kind = kind
    existing.updated_by = actor
    existing.save()
    log_action(
        "catalogue.offer.set",
        actor=actor,
        target=intervention,
        organisation=organisation,
        data={"kind": kind},
    )
    return existing


# -- loading the initial catalogue ---------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    themes: int = 0
    rules: int = 0


def _seed_values(entry: dict[str, Any]) -> dict[str, Any]:
    age = entry.get("age")
    contacts = entry.get("contacts")
    values: dict[str, Any] = {
        "name": entry["name"],
        "owner": entry.get("owner", ""),
        "target_group": entry["target_group"],
        "goal": entry["goal"],
        "approach": entry["approach"],
        "age_from_days": age[0] if age else None,
        "age_to_days": age[1] if age else None,
        "age_text": age[2] if age else entry.get("age_text", ""),
        "age_source": age[3] if age else entry["source"],
        "starts_after_birth": entry.get("starts_after_birth", False),
        "format": entry["format"],
        "contacts_min": contacts[0] if contacts else None,
        "contacts_max": contacts[1] if contacts else None,
        "contact_minutes": contacts[2] if contacts else None,
        "contacts_text": contacts[3] if contacts else entry.get("contacts_text", ""),
        "contacts_source": entry.get("contacts_source", ""),
        "prevention_level": entry["prevention_level"],
        "prevention_source": entry.get("prevention_source", ""),
        "evidence_level": entry["evidence_level"],
        "evidence_source": entry.get("evidence_source", ""),
        "provider_claim": entry.get("provider_claim", ""),
        "source": entry["source"],
        "notes": entry.get("notes", ""),
    }
    return values


@transaction.atomic
def load_catalogue(*, actor: User | None = None, update: bool = False) -> LoadResult:
    """Load the seed documents' interventions, themes and default matching rules.

    Idempotent: what exists is left alone (a beheerder's edits win) unless `update` is set, in
    which case seed values overwrite and the revision history records the difference.
    """
    result = LoadResult()
    bump_matching_version()
    themes: dict[str, Theme] = {}
    for code, name, kind in seed.THEMES:
        theme, created = Theme.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
        themes[code] = theme
        result.themes += int(created)
    for kind, code, target_kind, target, weight in seed.MATCHING_RULES:
        _rule, created = MatchingRule.objects.get_or_create(
            situation_kind=kind,
            code=code,
            target_kind=target_kind,
            target=str(target),
            defaults={"weight": weight, "created_by": actor},
        )
        result.rules += int(created)
    for entry in seed.INTERVENTIONS:
        values = _seed_values(entry)
        existing = Intervention.objects.filter(slug=entry["slug"]).first()
        if existing is not None and not update:
            result.unchanged += 1
            continue
        intervention = existing or Intervention(slug=entry["slug"])
        for name, value in values.items():
            setattr(intervention, name, value)
        before = Revision.objects.filter(intervention=intervention).count() if existing else 0
        save_intervention(
            actor=actor,
            intervention=intervention,
            themes=[themes[c] for c in entry["themes"]],
            action=RevisionAction.LOADED,
        )
        if existing is None:
            result.created += 1
        elif Revision.objects.filter(intervention=intervention).count() > before:
            result.updated += 1
        else:
            result.unchanged += 1
        for field, low, high, text, source in entry.get("alternatives", []):
            if not intervention.alternatives.filter(field=field, low=low, high=high).exists():
                add_alternative_value(
                    actor=actor,
                    intervention=intervention,
                    field=field,
                    low=low,
                    high=high,
                    text=text,
                    source=source,
                )
    return result
