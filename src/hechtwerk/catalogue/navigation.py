from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import Role
from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("catalogue:list", _("Interventies"), order=40),
    NavItem("catalogue:offer", _("Ons aanbod"), roles=frozenset({Role.TEAM_LEADER}), order=41),
    NavItem(
        "catalogue:manage", _("Catalogus beheren"), roles=frozenset({Role.ADMINISTRATOR}), order=42
    ),
]
