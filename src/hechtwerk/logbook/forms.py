"""Filter forms of the access-log viewer; every field is optional except the client reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.models import Organisation, User
from hechtwerk.core.constants import AccessAction, AccessOutcome

from .queries import users_of


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        # The browser's date control wants ISO dates; typed input is still accepted as dd-mm-jjjj.
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().format_value(value)  # type: ignore[no-any-return]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data


class EmployeeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """People named as the log lines name them (the e-mail address the line keeps), so an
    option in the filter reads exactly as the employee column of the table."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.email)


class EventFilterForm(PeriodForm):
    client_ref = forms.CharField(label=_("Cliëntreferentie"), required=False, max_length=64)
    user = EmployeeChoiceField(
        label=_("Medewerker"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("Iedereen"),
    )
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("Alle handelingen")), *AccessAction.choices],
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        required=False,
        choices=[("", _("Alle uitkomsten")), *AccessOutcome.choices],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users_of(organisation)  # type: ignore[attr-defined]


class ClientFilterForm(PeriodForm):
    client_ref = forms.CharField(label=_("Cliëntreferentie"), max_length=64)
    show_employees = forms.BooleanField(
        label=_("Namen van medewerkers tonen"),
        required=False,
        help_text=_("Alleen tonen als dat voor de cliënt van belang is."),
    )


class ReviewForm(PeriodForm):
    """The review covers a month by default: the last 31 days up to today."""

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=30)
        return start, end
