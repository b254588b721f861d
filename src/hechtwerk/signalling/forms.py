"""Forms of the signalling pages; services do the checking that matters, forms the typing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.catalogue.constants import Format
from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.forms import DomainErrorMixin
from hechtwerk.instruments.models import Item
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    FactorColumn,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    ConversationModelStatus,
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)
from hechtwerk.signalling.models import ContactMoment, DimensionAssessment
from hechtwerk.signalling.rules import MAX_TEXT_LENGTH
from hechtwerk.signalling.services import FactorInput

THERAPY = str(Format.THERAPY)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class ChildSearchForm(forms.Form):
    q = forms.CharField(label=_("Dossiercode"), max_length=40, required=False)


class ChildForm(DomainErrorMixin, forms.Form):
    case_code = forms.CharField(
        label=_("Dossiercode"),
        max_length=40,
        help_text=_("Een pseudoniem, zoals het dossiernummer. Geen naam, BSN of adres."),
    )
    birth_date = date_field(_("Geboortedatum"), required=False)
    due_date = date_field(
        _("Uitgerekende datum"),
        required=False,
        help_text=_("Vóór de geboorte: de uitgerekende datum in plaats van de geboortedatum."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("birth_date") and not data.get("due_date") and not self.errors:
            self.add_error(
                "birth_date",
                _("Vul de geboortedatum in, of vóór de geboorte de uitgerekende datum."),
            )
        return data


class ChildDatesForm(ChildForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["case_code"]


def item_field_name(code: str) -> str:
    return f"item_{code}"


class HeldMomentField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A contact moment chosen by code from the moments the view already read (`held`): the
    choice is checked against that list, not asked of the database once more."""

    held: list[ContactMoment]

    def to_python(self, value: Any) -> ContactMoment | None:
        if value in self.empty_values:
            return None
        found = next((m for m in self.held if m.code == str(value)), None)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class ConsultForm(DomainErrorMixin, forms.Form):
    """Contact moment, date and one radio group per Signalenlijst item of the version."""

    contact_moment = HeldMomentField(
        label=_("Contactmoment"), queryset=ContactMoment.objects.none(), to_field_name="code"
    )
    consult_date = date_field(_("Datum consult"))
    notes = forms.CharField(
        label=_("Aantekening"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen namen, adressen of andere herleidbare gegevens."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        moments: Iterable[ContactMoment],
        items: Iterable[Item] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        moment_list = list(moments)
        field = self.fields["contact_moment"]
        assert isinstance(field, HeldMomentField)
        field.queryset = ContactMoment.objects.filter(pk__in=[m.pk for m in moment_list])
        field.held = moment_list
        self.items = list(items)
        self.item_groups: list[tuple[str, list[str]]] = []
        for item in self.items:
            name = item_field_name(item.code)
            self.fields[name] = forms.ChoiceField(
                label=item.text,  # the item's words; its code is for exports only
                choices=[(o.code, o.label) for o in item.options.all()],
                required=False,
                widget=forms.RadioSelect(attrs={"class": "hw-signal-option"}),
                help_text=item.help_text,
            )
            label = item.group_label or item.group
            if not self.item_groups or self.item_groups[-1][0] != label:
                self.item_groups.append((label, []))
            self.item_groups[-1][1].append(name)

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[name] for name in names]) for label, names in self.item_groups]

    def answers(self) -> dict[str, str]:
        """{item code: option code} of the items answered in the submitted form."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            item.code: data[item_field_name(item.code)]
            for item in self.items
            if data.get(item_field_name(item.code))
        }

    def raw_answers(self) -> dict[str, str]:
        """Answers as posted, valid or not (for the live advice of a half-filled form)."""
        return {
            item.code: str(self.data.get(item_field_name(item.code), ""))
            for item in self.items
            if self.data.get(item_field_name(item.code))
        }


class DimensionsForm(DomainErrorMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: Iterable[DimensionAssessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        # {dimension: why}, worded at display time; the stored explanation when missing.
        self.explanations: dict[str, str] = {}
        for row in self.rows:
            label = Dimension(row.dimension).label
            self.fields[f"status_{row.dimension}"] = forms.ChoiceField(
                label=_("Status %(dimension)s") % {"dimension": label},
                choices=DimensionStatus.choices,
                initial=row.confirmed_status or row.suggested_status,
            )
            self.fields[f"reason_{row.dimension}"] = forms.CharField(
                label=_("Reden bij afwijken (%(dimension)s)") % {"dimension": label},
                required=False,
                initial=row.override_reason,
                max_length=MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def pairs(
        self,
    ) -> list[tuple[DimensionAssessment, str, forms.BoundField, forms.BoundField]]:
        return [
            (
                row,
                self.explanations.get(row.dimension, row.explanation),
                self[f"status_{row.dimension}"],
                self[f"reason_{row.dimension}"],
            )
            for row in self.rows
        ]

    def decisions(self) -> dict[str, tuple[str, str]]:
        return {
            row.dimension: (
                self.cleaned_data[f"status_{row.dimension}"],
                self.cleaned_data.get(f"reason_{row.dimension}", ""),
            )
            for row in self.rows
        }


class ConversationModelForm(DomainErrorMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Ééngespreksmodel"),
        choices=ConversationModelStatus.choices,
        widget=forms.RadioSelect,
        required=False,  # left open: the stand stays as it is
    )
    in_same_consult = forms.BooleanField(label=_("Gevoerd in dit consult"), required=False)
    held_on = date_field(_("Gevoerd op"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class InformatiekaartForm(DomainErrorMixin, forms.Form):
    checked_on = date_field(_("Datum"))
    regulation_problems = forms.BooleanField(
        label=_("Eén of meer vroege regulatieproblemen (huilen, voeden, slapen)"), required=False
    )
    worry_or_overload = forms.BooleanField(
        label=_("Aanhoudende zorgen en/of overbelasting van de ouders"), required=False
    )
    dysfunctional_pattern = forms.BooleanField(
        label=_("Een disfunctioneel interactie- of communicatiepatroon"), required=False
    )
    stress_factor_count = forms.IntegerField(
        label=_("Aantal stressfactoren"), min_value=0, max_value=50, initial=0
    )


def destination_for(*, is_therapy: bool, offered_here: bool) -> str:
    """Where a referral to a catalogue intervention goes, from who provides it: the own
    organisation when it offers or has contracted it, youth mental health for a treatment
    method (therapy), elsewhere otherwise. A suggestion: the professional may change it."""
    if offered_here:
        return str(ReferralDestination.WITHIN_ORGANISATION)
    if is_therapy:
        return str(ReferralDestination.YOUTH_MENTAL_HEALTH)
    return str(ReferralDestination.OTHER)


class InterventionSelect(forms.Select):
    """The intervention choice; each option carries the destination it suggests, which a small
    script copies into "Verwezen naar" (the server pre-selects it too)."""

    destinations: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.destinations = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        destination = self.destinations.get(str(option["value"]))
        if destination:
            option["attrs"]["data-destination"] = destination
        return option


class ReferralForm(DomainErrorMixin, forms.Form):
    destination = forms.ChoiceField(
        label=_("Verwezen naar"),
        choices=ReferralDestination.choices,
        help_text=_("Volgt uit de gekozen interventie; je kunt het aanpassen."),
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen namen, adressen of andere herleidbare gegevens."),
    )
    referred_on = date_field(_("Verwezen op"))
    intervention = forms.ChoiceField(
        label=_("Interventie (optioneel)"),
        required=False,
        help_text=_(
            "Een interventie uit de catalogus, als je daarnaar verwijst. Bovenaan staan de "
            "interventies die bij dit kind passen."
        ),
        widget=InterventionSelect(attrs={"data-sets-destination": "id_destination"}),
        error_messages={
            "invalid_choice": _(
                "Deze interventie staat niet (meer) in de catalogus; kies een andere."
            )
        },
    )
    check = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["intervention", "destination", "reason", "referred_on"]

    def __init__(
        self,
        *args: Any,
        matched: Iterable[str] = (),
        offered: Iterable[int] = (),
        **kwargs: Any,
    ) -> None:
        """`matched`: uuids of the interventions that fit this child, best first; `offered`:
        ids of the interventions the professional's own organisation offers or contracted."""
        super().__init__(*args, **kwargs)
        field = self.fields["intervention"]
        assert isinstance(field, forms.ChoiceField)
        offered_ids = set(offered)
        rows = list(
            Intervention.objects.active()
            .order_by("name")
            .values_list("pk", "uuid", "name", "format")
        )
        by_uuid = {str(uid): (pk, name, fmt) for pk, uid, name, fmt in rows}
        first = [uid for uid in matched if uid in by_uuid]
        rest = [str(uid) for _pk, uid, _n, _f in rows if str(uid) not in set(first)]
        choices: list[Any] = [("", _("Geen interventie uit de catalogus"))]
        if first:
            choices.append((_("Passend bij dit kind"), [(u, by_uuid[u][1]) for u in first]))
            choices.append((_("Overige interventies"), [(u, by_uuid[u][1]) for u in rest]))
        else:
            choices += [(u, by_uuid[u][1]) for u in rest]
        field.choices = choices
        widget = field.widget
        assert isinstance(widget, InterventionSelect)
        widget.destinations = {
            uid: destination_for(is_therapy=fmt == THERAPY, offered_here=pk in offered_ids)
            for uid, (pk, _name, fmt) in by_uuid.items()
        }
        # The destination follows from a pre-chosen intervention unless one was given.
        chosen = str(self.initial.get("intervention") or "")
        if not self.is_bound and chosen in widget.destinations:
            self.initial.setdefault("destination", widget.destinations[chosen])


class FollowUpForm(DomainErrorMixin, forms.Form):
    started_on = date_field(_("Hulp gestart op"), required=False)
    completed_on = date_field(_("Hulp afgerond op"), required=False)
    status = forms.ChoiceField(
        label=_("Nog niet gestart? Wat is er bekend"),
        choices=ReferralFollowUpStatus.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Een wachtlijst komt na de ingestelde termijn terug op de werklijst; afzien of "
            "elders gestart haalt de verwijzing van de werklijst."
        ),
    )


class MomentNotHeldForm(DomainErrorMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom is dit contactmoment niet gehouden?"),
        choices=MomentNotHeldReason.choices,
        widget=forms.RadioSelect,
    )


def _rating_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=SamenStartenRating.choices, widget=forms.RadioSelect
    )


class SamenStartenForm(DomainErrorMixin, forms.Form):
    held_on = date_field(_("Datum gesprek"))
    parent_competence = _rating_field(_("Competentie van de ouders"))
    partner_role = _rating_field(_("Rol van de partner"))
    social_network = _rating_field(_("Sociaal netwerk"))
    events = _rating_field(_("Gebeurtenissen en omstandigheden"))
    child_wellbeing = _rating_field(_("Welbevinden van het kind"))
    overall = forms.ChoiceField(
        label=_("Totaaloordeel"),
        choices=[("", _("Zoals voorgesteld")), *SamenStartenRating.choices],
        required=False,
        help_text=_("Leeg laten neemt het voorstel over: het minst gunstige domein."),
    )
    follow_up = forms.ChoiceField(
        label=_("Vervolg"),
        choices=[("", _("Zoals voorgesteld")), *SamenStartenFollowUp.choices],
        required=False,
    )
    plan = forms.CharField(
        label=_("Afgesproken plan"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override_reason = forms.CharField(
        label=_("Reden bij afwijken"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nodig als je een ander totaaloordeel of vervolg kiest dan voorgesteld."),
    )


class VulnerabilityForm(DomainErrorMixin, forms.Form):
    """Per factor of the Kwetsbaarheid list: present, and urgent (risk) or strong (protective)."""

    assessed_on = date_field(_("Datum"))
    balance_kept = forms.BooleanField(
        label=_("Het gezin houdt het hoofd boven water (draagkracht en draaglast in balans)"),
        required=False,
        initial=True,
    )
    final_grade = forms.ChoiceField(
        label=_("Vastgestelde gradatie"),
        choices=[("", _("Zoals voorgesteld")), *VulnerabilityGrade.choices],
        required=False,
    )
    rationale = forms.CharField(
        label=_("Onderbouwing"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nodig als je een andere gradatie kiest dan voorgesteld."),
    )

    def __init__(self, *args: Any, items: Iterable[Item] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"factor_{item.code}"] = forms.BooleanField(label=item.text, required=False)
            if item.group == FactorColumn.PROTECTIVE:
                self.fields[f"strong_{item.code}"] = forms.BooleanField(
                    label=_("Sterk"), required=False
                )
            else:
                self.fields[f"urgent_{item.code}"] = forms.BooleanField(
                    label=_("Urgent"), required=False
                )

    def columns(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        result = []
        for column in FactorColumn:
            rows = []
            for item in self.items:
                if item.group != column.value:
                    continue
                extra = "strong" if column == FactorColumn.PROTECTIVE else "urgent"
                rows.append((self[f"factor_{item.code}"], self[f"{extra}_{item.code}"]))
            result.append((str(column.label), rows))
        return result

    def factor_inputs(self) -> list[FactorInput]:
        """Every factor ticked, or marked urgent or strong (the service refuses a mark alone)."""
        data = self.cleaned_data
        inputs = []
        for item in self.items:
            present = bool(data.get(f"factor_{item.code}"))
            urgent = bool(data.get(f"urgent_{item.code}"))
            strong = bool(data.get(f"strong_{item.code}"))
            if present or urgent or strong:
                inputs.append(FactorInput(item=item, urgent=urgent, strong=strong, present=present))
        return inputs

    def chosen(self) -> list[tuple[Item, bool, bool]]:
        data = self.cleaned_data
        return [
            (item, bool(data.get(f"urgent_{item.code}")), bool(data.get(f"strong_{item.code}")))
            for item in self.items
            if data.get(f"factor_{item.code}")
        ]


class EnteredInErrorForm(DomainErrorMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Waarom is dit onjuist ingevoerd? Het blijft bewaard, maar telt niet meer mee."
        ),
    )


class HistoryImportForm(DomainErrorMixin, forms.Form):
    bundle = forms.FileField(
        label=_("Geschiedenis (FHIR-bestand)"),
        help_text=_(
            "Het JSON-bestand dat Hechtwerk maakt met ‘Geschiedenis exporteren (FHIR)’, "
            "hoogstens 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
