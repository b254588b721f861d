"""One form rendering for the whole site: NL Design System classes, labels and linked errors.

Set as FORM_RENDERER, so every form gets it without inheriting from a base class (T6.2).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

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
