"""API of the catalogue: list and filter interventions, one intervention, and matching.

A query parameter that does not fit is a validation error, answered like every API error
(`hechtwerk.core.errors`): `422 {"status": 422, "message": "…", "errors": [{"field":
"pregnancy_week", "message": "…"}]}`.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.constants import CLIENT_DATA_ROLES
from hechtwerk.accounts.permissions import api_member, api_requires
from hechtwerk.method.ages import check_age_input, day_of
from hechtwerk.method.codes import (
    Dimension,
    ReferralCriterion,
    SamenStartenDomain,
    VulnerabilityGrade,
)

from .constants import EvidenceLevel, Format, PreventionLevel
from .models import AlternativeValue, Intervention
from .queries import matches_for
from .rules import RULES_VERSION, Situation

router = Router(tags=["interventies"])


class WindowOut(Schema):
    from_days: int
    to_days: int
    text: str
    source: str


class RangeOut(Schema):
    min: int
    max: int
    text: str
    source: str


class InterventionOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    owner: str
    target_group: str
    goal: str
    approach: str
    age_window: WindowOut | None
    age_alternatives: list[WindowOut]
    format: str
    contacts: RangeOut | None
    contacts_alternatives: list[RangeOut]
    contact_minutes: int | None
    prevention_level: str
    evidence_level: str
    evidence_label: str
    evidence_date: date | None
    evidence_source: str
    provider_claim: str
    themes: list[str]
    source: str
    notes: str


def _window(i: Intervention) -> WindowOut | None:
    if i.age_from_days is None or i.age_to_days is None:
        return None
    return WindowOut(
        from_days=i.age_from_days,
        to_days=i.age_to_days,
        text=i.age_text,
        source=i.value_source("age"),
    )


def _out(i: Intervention) -> InterventionOut:
    alts: list[AlternativeValue] = list(i.alternatives.all())
    return InterventionOut(
        id=i.uuid,
        slug=i.slug,
        name=i.name,
        owner=i.owner,
        target_group=i.target_group,
        goal=i.goal,
        approach=i.approach,
        age_window=_window(i),
        age_alternatives=[
            WindowOut(from_days=a.low, to_days=a.high, text=a.text, source=a.source)
            for a in alts
            if a.field == "leeftijd"
        ],
        format=i.format,
        contacts=(
            RangeOut(
                min=i.contacts_min,
                max=i.contacts_max if i.contacts_max is not None else i.contacts_min,
                text=i.contacts_text,
                source=i.value_source("contacts"),
            )
            if i.contacts_min is not None
            else None
        ),
        contacts_alternatives=[
            RangeOut(min=a.low, max=a.high, text=a.text, source=a.source)
            for a in alts
            if a.field == "contacten"
        ],
        contact_minutes=i.contact_minutes,
        prevention_level=i.prevention_level,
        evidence_level=i.evidence_level,
        evidence_label=str(i.get_evidence_level_display()),
        evidence_date=i.evidence_date,
        evidence_source=i.evidence_source,
        provider_claim=i.provider_claim,
        themes=sorted(t.code for t in i.themes.all()),
        source=i.source,
        notes=i.notes,
    )


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


def _check_choice(field: str, value: str | None, allowed: list[str]) -> None:
    if value and value not in allowed:
        raise _field_error(
            field,
            _("Onbekende waarde ‘%(value)s’. Kies uit: %(choices)s.")
            % {"value": value, "choices": ", ".join(allowed)},
        )


def _check_age(age_days: int | None, pregnancy_week: int | None) -> None:
    errors = check_age_input(age_days, pregnancy_week)
    if errors:
        raise ValidationError(
            [{"loc": ["query", e.field], "msg": e.message, "type": "value_error"} for e in errors]
        )


class InterventionFilters(Schema):
    q: str | None = None
    age_days: int | None = None
    pregnancy_week: int | None = None
    format: str | None = None
    evidence_level: str | None = None
    min_evidence_level: str | None = None
    prevention_level: str | None = None
    theme: str | None = None
    # Paged like every list of the API; the defaults return the whole catalogue as before.
    limit: int = Field(200, ge=1, le=200, description="Hoeveel interventies per keer (1–200).")
    offset: int = Field(0, ge=0, description="Hoeveel interventies over te slaan (vanaf 0).")


@router.get(
    "/interventions",
    response=list[InterventionOut],
    summary="Interventies, te filteren op leeftijd of zwangerschapsweek, vorm, erkenning, "
    "preventieniveau en thema",
)
@api_member
def list_interventions(
    request: HttpRequest, filters: Query[InterventionFilters]
) -> list[InterventionOut]:
    _check_age(filters.age_days, filters.pregnancy_week)
    _check_choice("format", filters.format, list(Format.values))
    _check_choice("evidence_level", filters.evidence_level, list(EvidenceLevel.values))
    _check_choice("min_evidence_level", filters.min_evidence_level, list(EvidenceLevel.values))
    _check_choice("prevention_level", filters.prevention_level, list(PreventionLevel.values))
    qs = Intervention.objects.active().for_listing()
    day = day_of(filters.age_days, filters.pregnancy_week)
    if day is not None:
        qs = qs.for_day(day)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(goal__icontains=filters.q))
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.evidence_level:
        qs = qs.filter(evidence_level=filters.evidence_level)
    if filters.min_evidence_level:
        qs = qs.with_evidence_at_least(filters.min_evidence_level)
    if filters.prevention_level:
        qs = qs.filter(prevention_level=filters.prevention_level)
    if filters.theme:
        qs = qs.filter(themes__code=filters.theme)
    page = qs.distinct().order_by("name", "pk")[filters.offset : filters.offset + filters.limit]
    return [_out(i) for i in page]


class MatchQuery(Schema):
    age_days: int | None = None
    pregnancy_week: int | None = None
    dimensions: list[str] = []
    referral_criteria: list[str] = []
    vulnerability: str | None = None
    samenstarten_problems: list[str] = []
    limit: int = 20


class MatchOut(Schema):
    intervention: InterventionOut
    score: int
    own_offer: bool
    offer_kind: str
    evidence_level: str
    reasons: list[str]
    age_note: str


class MatchesOut(Schema):
    rules_version: str
    matches: list[MatchOut]


def _codes(field: str, values: list[str], allowed: list[str]) -> None:
    for value in values:
        _check_choice(field, value, allowed)


@router.get(
    "/interventions/match",
    response=MatchesOut,
    summary="Passende interventies bij een leeftijd of zwangerschapsweek en de situatie van "
    "een consult (alleen JGZ-professionals)",
)
@api_requires(Capability.MATCH_INTERVENTIONS)
def match_interventions_endpoint(request: HttpRequest, query: Query[MatchQuery]) -> MatchesOut:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in CLIENT_DATA_ROLES:
        raise HttpError(403, _("Alleen jeugdverpleegkundigen en jeugdartsen kunnen matchen."))
    if query.age_days is None and query.pregnancy_week is None:
        raise _field_error("age_days", _("Geef age_days of pregnancy_week op."))
    _check_age(query.age_days, query.pregnancy_week)
    _codes("dimensions", query.dimensions, list(Dimension.values))
    _codes("referral_criteria", query.referral_criteria, list(ReferralCriterion.values))
    _check_choice("vulnerability", query.vulnerability, list(VulnerabilityGrade.values))
    _codes("samenstarten_problems", query.samenstarten_problems, list(SamenStartenDomain.values))
    situation = Situation(
        age_days=query.age_days,
        pregnancy_week=query.pregnancy_week,
        searching_dimensions=frozenset(Dimension(d) for d in query.dimensions),
        referral_criteria=frozenset(ReferralCriterion(c) for c in query.referral_criteria),
        vulnerability_grade=VulnerabilityGrade(query.vulnerability)
        if query.vulnerability
        else None,
        samenstarten_problems=frozenset(SamenStartenDomain(s) for s in query.samenstarten_problems),
    )
    if not 1 <= query.limit <= 100:
        raise _field_error("limit", _("Kies een limiet van 1 tot en met 100."))
    results = matches_for(situation, membership.organisation, limit=query.limit, with_details=True)
    return MatchesOut(
        rules_version=RULES_VERSION,
        matches=[
            MatchOut(
                intervention=_out(r.intervention),
                score=r.match.score,
                own_offer=r.match.own_offer,
                offer_kind=r.offer_kind,
                evidence_level=r.match.evidence_level,
                reasons=list(r.match.reasons),
                age_note=r.match.age_note,
            )
            for r in results
        ],
    )


@router.get("/interventions/{intervention_id}", response=InterventionOut, summary="Eén interventie")
@api_member
def get_intervention(request: HttpRequest, intervention_id: uuid.UUID) -> InterventionOut:
    return _out(
        get_object_or_404(Intervention.objects.active().for_listing(), uuid=intervention_id)
    )
