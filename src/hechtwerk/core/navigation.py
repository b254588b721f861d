"""Navigation built from each app's `navigation.py` (NAV_ITEMS), filtered by the current role."""

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
    roles: frozenset[str] | None = None  # None: every signed-in member
    order: int = 100


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("hechtwerk.") and find_spec(f"{app_config.name}.navigation"):
            items.extend(getattr(import_module(f"{app_config.name}.navigation"), "NAV_ITEMS", ()))
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(role: str | None) -> list[NavItem]:
    if role is None:
        return []
    return [item for item in all_items() if item.roles is None or role in item.roles]


# Core's own menu entries; the mechanism above reads this list like any app's navigation.py.
def _core_items() -> list[NavItem]:
    from django.utils.translation import gettext_lazy as _

    from hechtwerk.accounts.constants import Role

    log_manager = frozenset({str(Role.LOG_MANAGER)})
    return [
        NavItem("core:logbook", _("Toegangslogboek"), roles=log_manager, order=80),
        NavItem("core:logbook_review", _("Controle toegangslogboek"), roles=log_manager, order=81),
    ]


NAV_ITEMS = _core_items()
