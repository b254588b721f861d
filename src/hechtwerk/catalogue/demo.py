"""Demo data: the whole catalogue, and the demo JGZ organisation's own offer."""

from __future__ import annotations

from hechtwerk.accounts.demo import DemoContext

from .constants import OfferKind
from .models import Intervention
from .services import load_catalogue, set_organisation_offer

DEMO_OFFER = {
    "werkwijze-kuipers": OfferKind.OFFERS,
    "samenstarten": OfferKind.OFFERS,
    "stevig-ouderschap": OfferKind.OFFERS,
    "centeringparenting": OfferKind.OFFERS,
    "voorzorg": OfferKind.CONTRACTED,
    "shantala": OfferKind.CONTRACTED,
}


def load(context: DemoContext) -> None:
    load_catalogue(actor=context.users.get("beheerder"))
    organisation = context.organisations.get("jgz")
    if organisation is None:
        return
    for slug, kind in DEMO_OFFER.items():
        intervention = Intervention.objects.filter(slug=slug).first()
        if intervention is not None:
            set_organisation_offer(
                actor=context.users.get("teamleider"),
                organisation=organisation,
                intervention=intervention,
                kind=kind,
            )
