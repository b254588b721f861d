"""The import form: one JSON file (ours or FHIR Questionnaire), at most 1 MB."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import MAX_IMPORT_BYTES
from .exchange import parse_definition
from .exchange.definition import VersionDefinition, validate_definition
from .services import InstrumentError


class ImportVersionForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een JSON-bestand: een FHIR R4 Questionnaire of een Hechtwerk-instrumentbestand. "
            "Hoogstens 1 MB. De versie wordt als concept ingelezen; publiceren doe je daarna."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,application/json,application/fhir+json"}
        ),
    )

    definition: VersionDefinition | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 1 MB."))
        try:
            definition = parse_definition(upload.read())
        except InstrumentError as error:
            raise forms.ValidationError(str(error)) from error
        problems = validate_definition(definition)
        if problems:
            raise forms.ValidationError(problems)
        self.definition = definition
        return upload
