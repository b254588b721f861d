"""Menu entries collected from each app's `navigation.py` (NAV_ITEMS).

The kernel only collects them; which entries a user sees is decided in
`hechtwerk.accounts.navigation.items_for`, by the same access policy as the page an entry opens,
so the menu never offers a page that would refuse the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    order: int = 100


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("hechtwerk.") and find_spec(f"{app_config.name}.navigation"):
            items.extend(getattr(import_module(f"{app_config.name}.navigation"), "NAV_ITEMS", ()))
    return tuple(sorted(items, key=lambda item: item.order))
