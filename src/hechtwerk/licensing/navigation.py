from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("licensing:mine", _("Mijn licentie"), order=62),
    NavItem("licensing:compliance", _("Licenties van trainers"), order=63),
]
