from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import Role
from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "instruments:index", _("Instrumenten"), roles=frozenset({Role.ADMINISTRATOR}), order=60
    ),
]
