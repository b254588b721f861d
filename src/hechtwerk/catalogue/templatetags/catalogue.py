from __future__ import annotations

from typing import Any

from django import template

from hechtwerk.method.ages import format_age, format_window

register = template.Library()


@register.filter
def alt_window(alternative: Any) -> str:
    """An alternative age window in plain Dutch."""
    return format_window(alternative.low, alternative.high)


@register.filter
def age_words(days: int | None) -> str:
    return "" if days is None else format_age(days)
