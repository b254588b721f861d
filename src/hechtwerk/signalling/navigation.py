from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("signalling:worklist", _("Werklijst"), order=20),
    NavItem("signalling:child_list", _("Kinderen"), order=21),
    NavItem("signalling:figures", _("Cijfers"), order=22),
]
