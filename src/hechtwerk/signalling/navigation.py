from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import CLIENT_DATA_ROLES, Role
from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("signalling:worklist", _("Werklijst"), roles=frozenset(CLIENT_DATA_ROLES), order=20),
    NavItem("signalling:child_list", _("Kinderen"), roles=frozenset(CLIENT_DATA_ROLES), order=21),
    NavItem(
        "signalling:figures",
        _("Cijfers"),
        roles=frozenset({Role.TEAM_LEADER, *CLIENT_DATA_ROLES}),
        order=22,
    ),
]
