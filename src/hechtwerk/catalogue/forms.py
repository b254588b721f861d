"""Forms of the catalogue: search and filters, the situation for matching, and the beheerder's
editing forms. Every error is a Dutch message at the field."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin
from hechtwerk.method.ages import (
    MAX_PREGNANCY_WEEK,
    MONTHS_UNIT,
    PREGNANCY_WEEK_UNIT,
    WEEKS_UNIT,
    YEARS_UNIT,
    check_age_input,
    day_of,
    months,
    point_in_field_units,
    point_to_days,
    weeks,
    years,
)
from hechtwerk.method.codes import (
    NO_CONCERNS,
    Dimension,
    ReferralCriterion,
    SamenStartenDomain,
    SituationKind,
    VulnerabilityGrade,
)

from .constants import (
    REFERRED_PARAM,
    AlternativeField,
    EvidenceLevel,
    Format,
    OfferKind,
    PreventionLevel,
    TargetKind,
)
from .models import Intervention, MatchingRule, Theme
from .rules import Situation
from .services import intervention_errors


class AgeUnit:
    WEEKS = "weken"
    MONTHS = "maanden"
    YEARS = "jaar"
    CHOICES = ((WEEKS, _("weken")), (MONTHS, _("maanden")), (YEARS, _("jaar")))


def to_days(value: float, unit: str) -> int:
    if unit == AgeUnit.WEEKS:
        return weeks(value)
    if unit == AgeUnit.YEARS:
        return years(value)
    return months(value)


class AgeFieldsMixin(forms.Form):
    """An age (number + unit) or a pregnancy week; cleaned into `day`."""

    age = forms.DecimalField(
        label=_("Leeftijd van het kind"), required=False, max_digits=5, decimal_places=1
    )
    age_unit = forms.ChoiceField(
        label=_("Eenheid"), choices=AgeUnit.CHOICES, initial=AgeUnit.MONTHS, required=False
    )
    pregnancy_week = forms.IntegerField(
        label=_("Of: zwangerschapsweek"),
        required=False,
        help_text=_("Voor de geboorte: de week van de zwangerschap (1 tot en met 42)."),
    )

    def clean_age_fields(self, cleaned: dict[str, Any], *, required: bool) -> None:
        age, week = cleaned.get("age"), cleaned.get("pregnancy_week")
        age_days = (
            to_days(float(age), cleaned.get("age_unit") or AgeUnit.MONTHS)
            if age is not None
            else None
        )
        if age is not None and age < 0:
            age_days = -1  # keeps the sign for the message below
        for error in check_age_input(age_days, week):
            self.add_error("age" if error.field == "age_days" else error.field, error.message)
        if required and age is None and week is None and "pregnancy_week" not in self.errors:
            self.add_error(
                "age", gettext("Vul de leeftijd van het kind of de zwangerschapsweek in.")
            )
        if not self.errors.get("age") and not self.errors.get("pregnancy_week"):
            cleaned["age_days"] = age_days
            cleaned["day"] = day_of(age_days, week)


class CatalogueFilterForm(AgeFieldsMixin):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    format = forms.ChoiceField(
        label=_("Vorm"), required=False, choices=[("", _("Alle vormen")), *Format.choices]
    )
    evidence = forms.ChoiceField(
        label=_("Erkenning (NJi)"),
        required=False,
        choices=[
            ("", _("Alle")),
            (EvidenceLevel.WELL_FOUNDED, _("Goed onderbouwd of hoger")),
            (EvidenceLevel.FIRST_INDICATIONS, _("Effectief volgens eerste aanwijzingen of hoger")),
            (EvidenceLevel.GOOD_INDICATIONS, _("Effectief volgens goede aanwijzingen of hoger")),
            (EvidenceLevel.STRONG_INDICATIONS, _("Effectief volgens sterke aanwijzingen")),
            (EvidenceLevel.UNDER_ASSESSMENT, _("In beoordeling")),
            (EvidenceLevel.NOT_ASSESSED, _("Niet beoordeeld")),
        ],
    )
    prevention = forms.ChoiceField(
        label=_("Preventieniveau"),
        required=False,
        choices=[("", _("Alle niveaus")), *PreventionLevel.choices],
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="code",
        empty_label=_("Alle thema's"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_age_fields(cleaned, required=False)
        return cleaned


class SituationForm(AgeFieldsMixin):
    """The consult's situation as query parameters: what the matching reacts to."""

    dimensions = forms.MultipleChoiceField(
        label=_("Zoekende dimensies"),
        required=False,
        choices=Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.MultipleChoiceField(
        label=_("Verwijscriteria (informatiekaart)"),
        required=False,
        choices=ReferralCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerability = forms.ChoiceField(
        label=_("Kwetsbaarheid"),
        required=False,
        choices=[("", _("Niet vastgesteld")), *VulnerabilityGrade.choices],
    )
    samenstarten = forms.MultipleChoiceField(
        label=_("SamenStarten: domeinen met een probleem"),
        required=False,
        choices=SamenStartenDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_age_fields(cleaned, required=True)
        return cleaned

    def referred(self) -> dict[uuid.UUID, date]:
        """Interventions the embedding child's page says were already referred to, from the
        repeatable `verwezen=<intervention uuid>:<yyyy-mm-dd>` parameters; anything unreadable
        is left out (it only changes a card's wording)."""
        found: dict[uuid.UUID, date] = {}
        for raw in self.data.getlist(REFERRED_PARAM) if hasattr(self.data, "getlist") else ():
            uid, _sep, day = str(raw).partition(":")
            try:
                key, when = uuid.UUID(uid), date.fromisoformat(day)
            except ValueError:
                continue
            found[key] = max(when, found.get(key, when))
        return found

    def situation(self) -> Situation:
        c = self.cleaned_data
        week = c.get("pregnancy_week")
        return Situation(
            age_days=None if week is not None else c["age_days"],
            pregnancy_week=week,
            searching_dimensions=frozenset(Dimension(d) for d in c.get("dimensions") or ()),
            referral_criteria=frozenset(ReferralCriterion(r) for r in c.get("criteria") or ()),
            vulnerability_grade=VulnerabilityGrade(c["vulnerability"])
            if c.get("vulnerability")
            else None,
            samenstarten_problems=frozenset(
                SamenStartenDomain(s) for s in c.get("samenstarten") or ()
            ),
        )


def situation_query(situation: Situation, referred: Mapping[uuid.UUID, date] | None = None) -> str:
    """The query string of `catalogue:match` for a situation (what SituationForm reads back):
    the consult page's `hx-get` uses it. `referred` (intervention uuid → date of the latest
    referral of this child) lets the cards say "al verwezen" instead of offering it again."""
    params: list[tuple[str, str]] = []
    if situation.pregnancy_week is not None:
        params.append(("pregnancy_week", str(situation.pregnancy_week)))
    elif situation.age_days is not None:
        # Weeks with one decimal convert back to the same whole day.
        params += [("age", f"{situation.age_days / 7:.1f}"), ("age_unit", AgeUnit.WEEKS)]
    params += [("dimensions", str(d)) for d in sorted(situation.searching_dimensions)]
    params += [("criteria", str(c)) for c in sorted(situation.referral_criteria)]
    params += [("samenstarten", str(d)) for d in sorted(situation.samenstarten_problems)]
    if situation.vulnerability_grade:
        params.append(("vulnerability", str(situation.vulnerability_grade)))
    params += [
        (REFERRED_PARAM, f"{uid}:{day.isoformat()}")
        for uid, day in sorted((referred or {}).items(), key=lambda kv: str(kv[0]))
    ]
    return urlencode(params)


# -- the beheerder's forms ---------------------------------------------------------------------------


class AgePointUnit:
    PREGNANCY_WEEK = PREGNANCY_WEEK_UNIT
    DAYS = "dagen"
    WEEKS = WEEKS_UNIT
    MONTHS = MONTHS_UNIT
    YEARS = YEARS_UNIT
    CHOICES = (
        (PREGNANCY_WEEK, _("zwangerschapsweek")),
        (WEEKS, _("weken na de geboorte")),
        (MONTHS, _("maanden na de geboorte")),
        (YEARS, _("jaar na de geboorte")),
        (DAYS, _("dagen ten opzichte van de geboorte (negatief = zwangerschap)")),
    )


class InterventionForm(DomainErrorMixin, forms.ModelForm):  # type: ignore[type-arg]
    age_from = forms.DecimalField(
        label=_("Leeftijd vanaf"), required=False, max_digits=7, decimal_places=2
    )
    age_from_unit = forms.ChoiceField(
        label=_("Eenheid (vanaf)"),
        choices=AgePointUnit.CHOICES,
        initial=AgePointUnit.PREGNANCY_WEEK,
    )
    age_to = forms.DecimalField(
        label=_("Leeftijd tot en met"), required=False, max_digits=7, decimal_places=2
    )
    age_to_unit = forms.ChoiceField(
        label=_("Eenheid (tot en met)"), choices=AgePointUnit.CHOICES, initial=AgePointUnit.MONTHS
    )
    evidence_level = forms.ChoiceField(label=_("Erkenning (NJi)"), choices=EvidenceLevel.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's en problemen"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Intervention
        fields = [
            "name",
            "slug",
            "owner",
            "target_group",
            "goal",
            "approach",
            "age_text",
            "age_source",
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
            "themes",
            "is_active",
        ]
        widgets = {
            "evidence_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 4}),
            "provider_claim": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "name",
        "slug",
        "owner",
        "target_group",
        "goal",
        "approach",
        "age_from",
        "age_from_unit",
        "age_to",
        "age_to_unit",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age_from"].help_text = gettext(
            "Voor de geboorte als zwangerschapsweek, erna in dagen, weken, maanden of jaren. "
            "Laat beide leeg als de bron geen leeftijd noemt."
        )
        # Shown in the field's units (pregnancy week, weeks, months, years), never as days.
        if self.instance.pk and self.instance.has_age_window and not self.is_bound:
            for name, days in (
                ("age_from", self.instance.age_from_days),
                ("age_to", self.instance.age_to_days),
            ):
                value, unit = point_in_field_units(days)
                self.initial[name] = value
                self.initial[f"{name}_unit"] = unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low_v, high_v = cleaned.get("age_from"), cleaned.get("age_to")
        for name, value, unit in (
            ("age_from", low_v, cleaned.get("age_from_unit")),
            ("age_to", high_v, cleaned.get("age_to_unit")),
        ):
            if value is None:
                continue
            if unit == AgePointUnit.PREGNANCY_WEEK and not 0 <= value <= MAX_PREGNANCY_WEEK:
                self.add_error(name, gettext("Een zwangerschapsweek ligt tussen 0 en 42."))
            elif unit not in (AgePointUnit.PREGNANCY_WEEK, AgePointUnit.DAYS) and value < 0:
                self.add_error(
                    name,
                    gettext(
                        "Een leeftijd na de geboorte kan niet negatief zijn; kies voor de "
                        "zwangerschap de eenheid zwangerschapsweek."
                    ),
                )
        # An invalid unit (a blank or forged choice) leaves no unit to convert with (was a 500).
        if any(self.errors.get(f) for f in ("age_from", "age_to", "age_from_unit", "age_to_unit")):
            return cleaned
        low = point_to_days(float(low_v), cleaned["age_from_unit"]) if low_v is not None else None
        high = point_to_days(float(high_v), cleaned["age_to_unit"]) if high_v is not None else None
        cleaned["age_from_days"], cleaned["age_to_days"] = low, high
        errors = intervention_errors({**cleaned, "age_from_days": low, "age_to_days": high})
        for field, message in errors.items():
            target = {"age_from_days": "age_from", "age_to_days": "age_to"}.get(field, field)
            if target in self.fields:
                self.add_error(target, message)
        return cleaned


class AlternativeValueForm(DomainErrorMixin, forms.Form):
    field = forms.ChoiceField(label=_("Welke waarde"), choices=AlternativeField.choices)
    low = forms.DecimalField(label=_("Van"), max_digits=6, decimal_places=1)
    low_unit = forms.ChoiceField(
        label=_("Eenheid (van)"),
        choices=(("aantal", _("aantal contacten")), *AgePointUnit.CHOICES),
        initial="aantal",
    )
    high = forms.DecimalField(label=_("Tot en met"), max_digits=6, decimal_places=1)
    high_unit = forms.ChoiceField(
        label=_("Eenheid (tot en met)"),
        choices=(("aantal", _("aantal contacten")), *AgePointUnit.CHOICES),
        initial="aantal",
    )
    text = forms.CharField(label=_("Zoals de bron het noemt"), max_length=200, required=False)
    source = forms.CharField(label=_("Bron"), max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        field = cleaned["field"]
        values = []
        for name in ("low", "high"):
            unit = cleaned[f"{name}_unit"]
            if (field == AlternativeField.CONTACTS) != (unit == "aantal"):
                self.add_error(
                    f"{name}_unit",
                    gettext(
                        "Gebruik ‘aantal contacten’ voor contacten en een leeftijdseenheid voor de leeftijd."
                    ),
                )
                return cleaned
            raw = float(cleaned[name])
            values.append(round(raw) if unit == "aantal" else point_to_days(raw, unit))
        cleaned["low_days"], cleaned["high_days"] = values
        if values[1] < values[0] or (field == AlternativeField.AGE and values[1] == values[0]):
            self.add_error(
                "high", gettext("De waarde ‘tot en met’ moet na de waarde ‘van’ liggen.")
            )
        return cleaned


def matching_rule_errors(kind: str, code: str, target_kind: str, target: str) -> dict[str, str]:
    """Check that a rule's situation code and target exist, as field → Dutch message."""
    codes: dict[str, list[str]] = {
        SituationKind.GENERAL: [NO_CONCERNS],
        SituationKind.DIMENSION: list(Dimension.values),
        SituationKind.REFERRAL_CRITERION: list(ReferralCriterion.values),
        SituationKind.VULNERABILITY: list(VulnerabilityGrade.values),
        SituationKind.SAMENSTARTEN: list(SamenStartenDomain.values),
    }
    errors: dict[str, str] = {}
    if kind not in codes:
        errors["situation_kind"] = gettext("Onbekende soort situatie.")
    elif code not in codes[kind]:
        errors["code"] = gettext("Deze code hoort niet bij de gekozen soort situatie.")
    if target_kind == TargetKind.PREVENTION_LEVEL:
        if target not in PreventionLevel.values:
            errors["target"] = gettext(
                "Kies een preventieniveau: universeel, selectief of geïndiceerd."
            )
    elif target_kind == TargetKind.THEME:
        if not Theme.objects.filter(code=target).exists():
            errors["target"] = gettext("Dit thema bestaat niet in de catalogus.")
    else:
        errors["target_kind"] = gettext("Onbekende soort kenmerk.")
    return errors


def situation_code_choices() -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [
        (str(SituationKind.GENERAL.label), [(NO_CONCERNS, gettext("Geen bijzondere signalen"))]),
        (str(SituationKind.DIMENSION.label), list(Dimension.choices)),
        (str(SituationKind.REFERRAL_CRITERION.label), list(ReferralCriterion.choices)),
        (str(SituationKind.VULNERABILITY.label), list(VulnerabilityGrade.choices)),
        (str(SituationKind.SAMENSTARTEN.label), list(SamenStartenDomain.choices)),
    ]
    return groups


def target_choices() -> list[tuple[str, Any]]:
    return [
        (str(TargetKind.PREVENTION_LEVEL.label), list(PreventionLevel.choices)),
        (str(TargetKind.THEME.label), list(Theme.objects.values_list("code", "name"))),
    ]


class MatchingRuleForm(DomainErrorMixin, forms.ModelForm):  # type: ignore[type-arg]
    code = forms.ChoiceField(label=_("Situatie"), choices=())
    target = forms.ChoiceField(label=_("Kenmerk van de interventie"), choices=())
    weight = forms.IntegerField(
        label=_("Gewicht"),
        min_value=-10,
        max_value=10,
        help_text=_("Van -10 tot 10; een negatief gewicht maakt een interventie minder passend."),
    )

    class Meta:
        model = MatchingRule
        fields = [
            "situation_kind",
            "code",
            "target_kind",
            "target",
            "weight",
            "explanation",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code_field, target_field = self.fields["code"], self.fields["target"]
        assert isinstance(code_field, forms.ChoiceField)
        assert isinstance(target_field, forms.ChoiceField)
        code_field.choices = situation_code_choices()
        target_field.choices = target_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for field, message in matching_rule_errors(
            cleaned["situation_kind"], cleaned["code"], cleaned["target_kind"], cleaned["target"]
        ).items():
            self.add_error(field, message)
        return cleaned


class ThemeForm(DomainErrorMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Theme
        fields = ["name", "code", "kind"]
        help_texts = {"code": _("Korte vaste code met kleine letters en streepjes, bijv. slaap.")}


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Aanbod"),
        required=False,
        choices=[("", _("Niet in ons aanbod")), *OfferKind.choices],
    )
