"""allauth's second-factor forms with our own words for the code field.

allauth labels the field "Code" or "Authenticator code", which its Dutch catalogue leaves in
English; a nurse setting up or using the app should read what to type and where it comes from.
`settings.MFA_FORMS` points allauth at these classes; the checking stays allauth's.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _


def _name_code_field(form: forms.Form, help_text: Any) -> None:
    field = form.fields["code"]
    field.label = _("Code uit je authenticator-app")
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["inputmode"] = "numeric"


class ActivateAuthenticatorForm(ActivateTOTPForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_code_field(
            self, _("Zes cijfers, zonder spaties. De app toont elke 30 seconden een nieuwe code.")
        )

    @property
    def secret_in_groups(self) -> str:
        """The key in groups of four, as authenticator apps accept it: readable, and it wraps on
        a phone instead of hiding its end in a field too narrow for it."""
        secret: str = self.secret
        return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class SignInCodeForm(AuthenticateForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_code_field(self, _("Zes cijfers uit de app, of een van je herstelcodes."))
        # A recovery code has letters: the numeric keyboard would hide them on a phone.
        self.fields["code"].widget.attrs.pop("inputmode", None)


class ConfirmCodeForm(ReauthenticateForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_code_field(self, _("Zes cijfers uit de app, of een van je herstelcodes."))
        self.fields["code"].widget.attrs.pop("inputmode", None)
