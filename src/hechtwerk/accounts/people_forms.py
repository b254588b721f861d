"""Forms of the beheerder's people pages and of accepting an invitation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin

from .constants import ROLES_BY_KIND, MailLanguage, OrganisationKind, Role
from .models import Organisation, Team

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def role_choices(organisation: Organisation) -> list[tuple[str, StrOrPromise]]:
    """The roles that fit the organisation's kind, in the order of `Role`."""
    fitting = ROLES_BY_KIND[organisation.kind]
    return [(value, label) for value, label in Role.choices if value in fitting]


class _TeamFieldMixin:
    """A team choice, only for a JGZ organisation (the only kind with teams)."""

    def _set_team_field(self, organisation: Organisation) -> None:
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        if organisation.kind == OrganisationKind.JGZ:
            fields["team"] = forms.ModelChoiceField(
                label=_("Team"),
                queryset=Team.objects.for_organisation(organisation),
                required=False,
                empty_label=_("Geen team"),
                to_field_name="uuid",
            )


class InviteForm(DomainErrorMixin, _TeamFieldMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    role = forms.ChoiceField(label=_("Rol"), choices=())
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"),
        choices=MailLanguage.choices,
        initial=MailLanguage.DUTCH,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(label=_("Rol"), choices=role_choices(organisation))
        self._set_team_field(organisation)


class GrantRoleForm(DomainErrorMixin, _TeamFieldMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rol"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(label=_("Rol"), choices=role_choices(organisation))
        self._set_team_field(organisation)


class AssignTeamForm(_TeamFieldMixin, forms.Form):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_team_field(organisation)


class TeamForm(DomainErrorMixin, forms.Form):
    name = forms.CharField(label=_("Naam van het team"), max_length=100)


class AcceptInvitationForm(DomainErrorMixin, forms.Form):
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 12 tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden."
        ),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data
