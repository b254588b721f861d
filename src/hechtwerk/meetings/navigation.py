from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [NavItem("meetings:list", _("Bijeenkomsten"), order=60)]
