from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("catalogue:list", _("Interventies"), order=40),
    NavItem("catalogue:offer", _("Ons aanbod"), order=41),
    NavItem("catalogue:manage", _("Catalogus beheren"), order=42),
]
