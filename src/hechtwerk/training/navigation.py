from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("training:courses", _("Opleidingen"), order=50),
    NavItem("training:my_courses", _("Mijn opleidingen"), order=51),
    NavItem("training:teaching", _("Mijn uitvoeringen"), order=52),
    NavItem("training:manage", _("Cursussen beheren"), order=53),
]
