"""Forms of the meeting planner; they validate input, services decide."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin

from .constants import Answer, ChecklistKind, Domain, GroupingKind, Profession


class MeetingForm(DomainErrorMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    learning_goals = forms.CharField(
        label=_("Leerdoelen"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AddBlockForm(DomainErrorMixin, forms.Form):
    block = forms.UUIDField(label=_("Bouwsteen"))


class MinutesForm(DomainErrorMixin, forms.Form):
    minutes = forms.IntegerField(label=_("Minuten"), min_value=1, max_value=480)


class InviteForm(DomainErrorMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)


class GroupsForm(DomainErrorMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort indeling"), choices=GroupingKind.choices)


class AnswerForm(DomainErrorMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Kom je?"),
        choices=[(a.value, a.label) for a in (Answer.YES, Answer.NO, Answer.MAYBE)],
        widget=forms.RadioSelect,
    )
    profession = forms.ChoiceField(label=_("Beroep"), choices=Profession.choices)
    domain = forms.ChoiceField(
        label=_("Domein (alleen bij een ander beroep)"),
        choices=[("", "—"), *Domain.choices],
        required=False,
    )
    organisation_name = forms.CharField(label=_("Organisatie"), max_length=200)
    elearning_completed = forms.BooleanField(
        label=_("Ik heb de e-learning Eerste 1000 dagen afgerond"), required=False
    )
    consent_share_contact = forms.BooleanField(
        label=_("Mijn e-mailadres mag na afloop met de andere deelnemers worden gedeeld"),
        required=False,
    )

    domain_error_fields: ClassVar[dict[str, str]] = {}


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class DetailsForm(DomainErrorMixin, forms.Form):
    """The meeting's details: when and where, learning goals and the practicalities."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    date = _date(_("Datum"), required=True)
    starts_at = forms.TimeField(
        label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    learning_goals = forms.CharField(
        label=_("Leerdoelen"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    learning_goals_agreed_on = _date(_("Leerdoelen vastgesteld met de coalitie op"))
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    room_notes = forms.CharField(
        label=_("Indeling van de ruimte"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    capacity = forms.IntegerField(label=_("Maximaal aantal deelnemers"), min_value=1, max_value=500)
    costs = forms.CharField(
        label=_("Kosten"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    paid_by = forms.CharField(label=_("Betaald uit"), max_length=200, required=False)
    practicalities_arranged_on = _date(_("Praktische zaken geregeld op"))


class TaskForm(DomainErrorMixin, forms.Form):
    description = forms.CharField(label=_("Taak"), max_length=300)
    organiser = forms.ChoiceField(label=_("Wie"), required=False)
    due_on = _date(_("Uiterlijk op"))

    def __init__(self, *args: Any, organisers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organiser"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nog niemand")), *organisers]


class ChecklistForm(DomainErrorMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ChecklistKind.choices)
    description = forms.CharField(label=_("Omschrijving"), max_length=300)
    quantity = forms.IntegerField(label=_("Aantal"), min_value=1, max_value=999, required=False)


class BoundForm(DomainErrorMixin, forms.Form):
    profession = forms.ChoiceField(label=_("Beroep"), choices=Profession.choices)
    minimum = forms.IntegerField(label=_("Minimaal"), min_value=0, max_value=500, required=False)
    maximum = forms.IntegerField(label=_("Maximaal"), min_value=0, max_value=500, required=False)


class PositionForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=500)


class MoveMemberForm(forms.Form):
    invitation = forms.UUIDField()
    to_group = forms.UUIDField()


class CaseCardForm(DomainErrorMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(label=_("Casus"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(DomainErrorMixin, forms.Form):
    went_well = forms.CharField(
        label=_("Wat ging goed"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    can_improve = forms.CharField(
        label=_("Wat kan beter"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class AgreementForm(DomainErrorMixin, forms.Form):
    who = forms.CharField(label=_("Wie"), max_length=200)
    what = forms.CharField(label=_("Wat"), max_length=500)
    due_on = _date(_("Uiterlijk op"))


class LinkForm(DomainErrorMixin, forms.Form):
    source = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "organisaties", "autocomplete": "off"}),
    )
    target = forms.CharField(
        label=_("Werkt samen met"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "organisaties", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class FiguresPeriodForm(forms.Form):
    """From–to dates of the coalition's figures; both required (the page fills them in)."""

    start = _date(_("Van"), required=True)
    end = _date(_("Tot en met"), required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data
