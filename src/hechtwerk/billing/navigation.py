from django.utils.translation import gettext_lazy as _

from hechtwerk.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("billing:invoices", _("Facturen"), order=55),
    NavItem("billing:received", _("Ontvangen facturen"), order=56),
]
