"""`{{ amount|euro }}`: the one way money is shown (T6.8), Babel's nl_NL format."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import translation

from hechtwerk.billing.rules import format_euro

register = template.Library()

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@register.filter
def euro(value: Decimal | int | str | None) -> str:
    """An amount as "€ 1.234,56" (nl_NL; en_GB in English); empty for None."""
    if value is None or value == "":
        return ""
    locale = LOCALES.get((translation.get_language() or "nl")[:2], "nl_NL")
    return format_euro(value, locale=locale)
