"""Forms of licensing: the trainer's notice, remarks with a report, consent to the register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin

from .constants import Standing


class CancelForm(DomainErrorMixin, forms.Form):
    reason = forms.CharField(
        label=_("Toelichting (niet verplicht)"), max_length=300, required=False
    )


class ReportForm(DomainErrorMixin, forms.Form):
    remarks = forms.CharField(
        label=_("Je toelichting bij het verslag (niet verplicht)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ListingForm(DomainErrorMixin, forms.Form):
    listed = forms.BooleanField(label=_("Neem mij op in het openbare register"), required=False)
    region = forms.CharField(
        label=_("Regio"), max_length=100, help_text=_("Bijvoorbeeld: Limburg of Utrecht.")
    )


class ComplianceFilter(forms.Form):
    standing = forms.ChoiceField(
        label=_("Stand van de licentie"),
        required=False,
        choices=[("", _("Alle"))] + [(s.value, s.label) for s in Standing if s != Standing.NONE],
    )
