"""The menu for the current membership, and accounts' own menu entry.

An entry is shown when the membership may open the page it links to: the page's own access
policy (`@requires(Capability.X)`, `@member`, ...) decides, so menu and page never disagree.
"""

from __future__ import annotations

from functools import cache

from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _

from hechtwerk.core import navigation
from hechtwerk.core.navigation import NavItem
from hechtwerk.core.permissions import AccessPolicy, get_policy

from .capabilities import Capability, can
from .models import Membership

NAV_ITEMS = [
    NavItem("accounts:people", _("Medewerkers"), order=880),
    NavItem("accounts:integrations", _("Gekoppelde systemen"), order=885),
    NavItem("accounts:mail_log", _("Verstuurde e-mails"), order=890),
    NavItem("accounts:account", _("Mijn account"), order=900),
]


@cache
def policy_of(url_name: str) -> AccessPolicy | None:
    """The access policy of the view behind a URL name without arguments."""
    return get_policy(resolve(reverse(url_name)).func)


def may_open(membership: Membership, url_name: str) -> bool:
    policy = policy_of(url_name)
    if policy is None:
        return False  # an undeclared view is refused, so it is not offered either
    if policy.capability is None:
        return True
    return can(membership, Capability(policy.capability))


def items_for(membership: Membership | None) -> list[NavItem]:
    if membership is None:
        return []
    return [item for item in navigation.all_items() if may_open(membership, item.url_name)]
