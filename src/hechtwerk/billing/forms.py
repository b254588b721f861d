"""Forms of the billing pages; they validate input, services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.models import Organisation
from hechtwerk.core.forms import DomainErrorMixin

from .constants import InvoiceStatus, VatCode
from .models import BillingProfile
from .statements import MAX_STATEMENT_BYTES


class ProfileForm(DomainErrorMixin, forms.ModelForm[BillingProfile]):
    class Meta:
        model = BillingProfile
        fields = [
            "legal_name",
            "address",
            "kvk_number",
            "vat_number",
            "iban",
            "crkbo_registered",
            "invoice_email",
            "is_public_sector",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class InvoiceForm(DomainErrorMixin, forms.Form):
    buyer_organisation = forms.ModelChoiceField(
        label=_("Afnemende organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Laat leeg om een particulier te factureren."),
    )
    buyer_name = forms.CharField(label=_("Naam particulier"), max_length=200, required=False)
    buyer_address = forms.CharField(
        label=_("Adres particulier"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    buyer_email = forms.EmailField(label=_("E-mailadres particulier"), required=False)
    buyer_reference = forms.CharField(label=_("Kenmerk afnemer"), max_length=100, required=False)
    supply_start = forms.DateField(label=_("Geleverd vanaf"))
    supply_end = forms.DateField(label=_("Geleverd tot en met"))

    def __init__(self, *args: Any, seller: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["buyer_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.exclude(pk=seller.pk).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("buyer_organisation") and not (data.get("buyer_name") or "").strip():
            self.add_error("buyer_name", _("Kies een organisatie of vul de naam in."))
        return data


class LineForm(DomainErrorMixin, forms.Form):
    description = forms.CharField(label=_("Omschrijving"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Aantal"), max_digits=9, decimal_places=2, min_value=0, localize=True
    )
    unit_price = forms.DecimalField(
        label=_("Prijs per stuk excl. btw"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
    )
    vat_code = forms.ChoiceField(label=_("Btw"), choices=VatCode.choices)


class CreditForm(DomainErrorMixin, forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300)
    replace = forms.BooleanField(label=_("Maak meteen een nieuwe conceptfactuur"), required=False)


class PaymentForm(DomainErrorMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Bedrag"), max_digits=12, decimal_places=2, min_value=0, localize=True
    )
    paid_on = forms.DateField(label=_("Betaald op"), initial=datetime.date.today)
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False)


class StatementForm(DomainErrorMixin, forms.Form):
    file = forms.FileField(
        label=_("Bankafschrift"),
        help_text=_("CAMT.053 (XML) of de CSV-export van de Rabobank, hoogstens 5 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return upload


class LinkLineForm(forms.Form):
    invoice_number = forms.CharField(label=_("Factuurnummer"), max_length=20)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *list(InvoiceStatus.choices)], required=False
    )
    buyer = forms.CharField(label=_("Afnemer of nummer"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100, required=False)
