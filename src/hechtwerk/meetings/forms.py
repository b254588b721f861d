"""Forms of the meeting planner; they validate input, services decide."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin

from .constants import Answer, Domain, GroupingKind, Profession


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
