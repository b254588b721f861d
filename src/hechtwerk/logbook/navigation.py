from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("logbook:events", _("Toegangslogboek"), order=80),
    NavItem("logbook:review", _("Controle toegangslogboek"), order=81),
]
