"""The interventions catalogue: interventions with sourced values, themes, alternative values where
sources disagree, the revision history, matching rules as data and organisations' offers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel
from hechtwerk.method.codes import SituationKind

from .constants import (
    EVIDENCE_RANK,
    AlternativeField,
    EvidenceLevel,
    Format,
    OfferKind,
    PreventionLevel,
    RevisionAction,
    TargetKind,
    ThemeKind,
)


class Theme(DomainModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=ThemeKind.choices)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def active(self) -> InterventionQuerySet:
        return self.filter(is_active=True)

    def for_day(self, day: int) -> InterventionQuerySet:
        """Interventions whose age window (or an alternative window from another source) holds
        `day` (days relative to birth)."""
        in_alternative = AlternativeValue.objects.filter(
            intervention=models.OuterRef("pk"),
            field=AlternativeField.AGE,
            low__lte=day,
            high__gte=day,
        )
        return self.filter(
            Q(age_from_days__lte=day, age_to_days__gte=day) | Q(models.Exists(in_alternative))
        )

    def with_evidence_at_least(self, level: str) -> InterventionQuerySet:
        rank = EVIDENCE_RANK[level]
        return self.filter(evidence_level__in=[lv for lv, r in EVIDENCE_RANK.items() if r >= rank])

    def for_listing(self) -> InterventionQuerySet:
        return self.prefetch_related("themes", "alternatives")


class Intervention(DomainModel):
    slug = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("Vaste korte code, bijvoorbeeld voorzorg."),
    )
    name = models.CharField(_("naam"), max_length=200)
    owner = models.CharField(_("eigenaar of aanbieder"), max_length=200, blank=True)
    target_group = models.TextField(_("doelgroep"))
    goal = models.TextField(_("doel"))
    approach = models.TextField(_("aanpak (kort, in eigen woorden)"))
    # Days relative to birth; negative is pregnancy. Empty when the source names no age.
    age_from_days = models.IntegerField(_("leeftijd vanaf (dagen)"), null=True, blank=True)
    age_to_days = models.IntegerField(_("leeftijd tot en met (dagen)"), null=True, blank=True)
    age_text = models.CharField(_("leeftijd zoals de bron die noemt"), max_length=200, blank=True)
    age_source = models.CharField(_("bron van de leeftijd"), max_length=300, blank=True)
    starts_after_birth = models.BooleanField(
        _("instromen kan ook na de geboorte"),
        default=False,
        help_text=_(
            "Alleen van belang als het venster in de zwangerschap begint: zonder dit vinkje "
            "wordt de interventie na de geboorte niet meer voorgesteld."
        ),
    )
    how_to_refer = models.TextField(
        _("zo verwijs je"),
        blank=True,
        help_text=_("Hoe een professional een gezin aanmeldt: bij wie, via welk formulier."),
    )
    format = models.CharField(_("vorm"), max_length=30, choices=Format.choices)
    contacts_min = models.PositiveSmallIntegerField(
        _("aantal contacten (minimaal)"), null=True, blank=True
    )
    contacts_max = models.PositiveSmallIntegerField(
        _("aantal contacten (maximaal)"), null=True, blank=True
    )
    contact_minutes = models.PositiveSmallIntegerField(
        _("duur per contact (minuten)"), null=True, blank=True
    )
    contacts_text = models.CharField(
        _("contacten zoals de bron ze noemt"), max_length=200, blank=True
    )
    contacts_source = models.CharField(_("bron van de contacten"), max_length=300, blank=True)
    prevention_level = models.CharField(
        _("preventieniveau"), max_length=20, choices=PreventionLevel.choices
    )
    prevention_source = models.CharField(
        _("bron van het preventieniveau"), max_length=300, blank=True
    )
    evidence_level = models.CharField(
        _("erkenning (NJi)"),
        max_length=30,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NOT_ASSESSED,
    )
    evidence_date = models.DateField(_("datum van de beoordeling"), null=True, blank=True)
    evidence_source = models.CharField(_("bron van de erkenning"), max_length=300, blank=True)
    # What the intervention's own material says about its effect; never replaces the databank's.
    provider_claim = models.TextField(_("claim in eigen materiaal"), blank=True)
    source = models.CharField(_("bron (algemeen)"), max_length=300)
    notes = models.TextField(_("opmerkingen over de bron"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="interventions")
    is_active = models.BooleanField(_("zichtbaar in de catalogus"), default=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from_days__isnull=True)
                | Q(age_to_days__isnull=True)
                | Q(age_from_days__lt=models.F("age_to_days")),
                name="catalogue_age_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(contacts_min__isnull=True)
                | Q(contacts_max__isnull=True)
                | Q(contacts_min__lte=models.F("contacts_max")),
                name="catalogue_contacts_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_age_window(self) -> bool:
        return self.age_from_days is not None and self.age_to_days is not None

    def age_alternatives(self) -> list[AlternativeValue]:
        return [a for a in self.alternatives.all() if a.field == AlternativeField.AGE]

    def contacts_alternatives(self) -> list[AlternativeValue]:
        return [a for a in self.alternatives.all() if a.field == AlternativeField.CONTACTS]

    def value_source(self, name: str) -> str:
        return str(getattr(self, f"{name}_source", "") or self.source)


class AlternativeValue(DomainModel):
    """Another value a source gives for the same field (the sources disagree); kept, not picked."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="alternatives"
    )
    field = models.CharField(_("veld"), max_length=20, choices=AlternativeField.choices)
    low = models.IntegerField(_("van"))
    high = models.IntegerField(_("tot en met"))
    text = models.CharField(_("zoals de bron het noemt"), max_length=200, blank=True)
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("andere bronwaarde")
        verbose_name_plural = _("andere bronwaarden")
        ordering = ["field", "low", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__lte=models.F("high")), name="catalogue_alternative_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_field_display()} {self.low}–{self.high}"


class Revision(models.Model):
    """One change to an intervention: who, when, what (field → [old, new])."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="revisions"
    )
    changed_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("handeling"), max_length=30, choices=RevisionAction.choices)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("revisie")
        verbose_name_plural = _("revisies")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.intervention} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"

    def change_list(self) -> list[tuple[str, Any, Any]]:
        labels = {
            f.name: f.verbose_name
            for f in Intervention._meta.get_fields()
            if hasattr(f, "verbose_name")
        }
        return [
            (str(labels.get(name, name)), pair[0], pair[1]) for name, pair in self.changes.items()
        ]


class MatchingRuleQuerySet(models.QuerySet["MatchingRule"]):
    def active(self) -> MatchingRuleQuerySet:
        return self.filter(is_active=True)


class MatchingRule(DomainModel):
    """Data for matching: when the consult records `situation_kind`/`code`, interventions with
    `target` (theme code or prevention level) gain `weight` points."""

    situation_kind = models.CharField(
        _("situatie (soort)"), max_length=20, choices=SituationKind.choices
    )
    code = models.CharField(_("situatie (code)"), max_length=60)
    target_kind = models.CharField(_("kenmerk (soort)"), max_length=20, choices=TargetKind.choices)
    target = models.CharField(_("kenmerk"), max_length=60)
    weight = models.SmallIntegerField(_("gewicht"), default=1)
    explanation = models.CharField(_("uitleg voor de professional"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    objects = MatchingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppelregel")
        verbose_name_plural = _("koppelregels")
        ordering = ["situation_kind", "code", "-weight", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation_kind", "code", "target_kind", "target"],
                name="catalogue_unique_matching_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.situation_kind}:{self.code} → {self.target} ({self.weight:+d})"


class OrganisationOffer(DomainModel):
    """An organisation offers the intervention itself or has contracted it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="intervention_offers"
    )
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("soort"), max_length=20, choices=OfferKind.choices)

    class Meta:
        verbose_name = _("aanbod van een organisatie")
        verbose_name_plural = _("aanbod van organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "intervention"], name="catalogue_unique_offer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.intervention} ({self.kind})"
