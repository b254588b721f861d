from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin

from .models import Material, MaterialVersion


class MaterialForm(DomainErrorMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    registration_number = forms.CharField(
        label=_("Registratienummer"),
        max_length=60,
        help_text=_("Het nummer waaronder de stichting het materiaal registreerde."),
    )
    description = forms.CharField(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VersionForm(DomainErrorMixin, forms.Form):
    label = forms.CharField(label=_("Versie"), max_length=40, help_text=_("Bijvoorbeeld 2.1"))
    release_date = forms.DateField(
        label=_("Datum van uitgave"), widget=forms.DateInput(attrs={"type": "date"})
    )
    release_notes = forms.CharField(
        label=_("Wat is er nieuw"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(label=_("Bestand"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release_date"].initial = timezone.localdate()
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG, Word, PowerPoint of Excel (.docx, .pptx, .xlsx), hoogstens %(limit)s."
        ) % {"limit": filesizeformat(settings.MATERIALS_MAX_UPLOAD_BYTES)}


class EditionUseForm(DomainErrorMixin, forms.Form):
    """Which version of one material an edition used."""

    version = forms.ModelChoiceField(
        label=_("Gebruikte versie"),
        queryset=MaterialVersion.objects.none(),
        to_field_name="uuid",
        error_messages={"invalid_choice": _("Kies een versie uit de lijst.")},
    )

    def __init__(self, *args: Any, material: Material, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = material.versions.released(timezone.localdate())
        field.label_from_instance = lambda obj: str(obj.label)  # type: ignore[method-assign]
