from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class APITokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=100,
        help_text=_("Bijvoorbeeld de naam van het systeem dat de sleutel gebruikt."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Geldig"),
        coerce=int,
        choices=[(30, _("30 dagen")), (90, _("90 dagen")), (365, _("1 jaar"))],
        initial=90,
    )


class SwitchMembershipForm(forms.Form):
    membership = forms.UUIDField(widget=forms.HiddenInput)
