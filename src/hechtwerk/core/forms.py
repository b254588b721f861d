"""One form rendering for the whole site: NL Design System classes, labels and linked errors.

Set as FORM_RENDERER, so every form gets it without inheriting from a base class (T6.2).
`DomainErrorMixin` puts a service's `DomainError` at the field it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.forms.renderers import TemplatesSetting

from .errors import DomainError

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
    forms.ClearableFileInput: "utrecht-file-input",
    forms.HiddenInput: "",
}


class BoundField(forms.BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next(
            (value for kind, value in WIDGET_CLASSES.items() if isinstance(widget, kind)),
            "utrecht-textbox utrecht-textbox--html-input",
        )
        if css:
            attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
        described: list[str] = [str(attrs.get("aria-describedby", ""))]
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.errors:
            described.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
            if css and "textbox" in css:
                attrs["class"] = f"{attrs['class']} utrecht-textbox--invalid"
        ids = " ".join(dict.fromkeys(d for d in " ".join(described).split() if d))
        if ids:
            attrs["aria-describedby"] = ids
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField


class DomainErrorMixin:
    """Put a `DomainError` at the field it names, or at the top of the form.

    The form stays bound, so everything the user typed is shown again with the message.
    `domain_error_fields` maps a service's field name to the form's where they differ
    (`{"age_days": "age"}`); a field the form does not have goes to the top, never lost.
    """

    domain_error_fields: ClassVar[Mapping[str, str]] = {}

    def add_domain_error(self, error: DomainError) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        field = self.domain_error_fields.get(error.field or "", error.field)
        form.add_error(field if field in form.fields else None, error.message)
