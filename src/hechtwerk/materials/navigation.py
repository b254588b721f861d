from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("materials:library", _("Materiaalbibliotheek"), order=60),
    NavItem("materials:manage", _("Materialen beheren"), order=61),
]
