"""Demo data for billing (idempotent; runs after training, before licensing in load_demo): the
invoice details of the demo training provider, of the platform and of the demo JGZ organisation
(a public-sector buyer), the provider's product lines (licence €300, membership €150 a year excl.
BTW: demo prices, data not code), and two sent invoices to the JGZ organisation: one paid, one
open."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hechtwerk.accounts.demo import DemoContext

from . import services
from .constants import ProductCode, VatCode
from .models import BillingProfile, Invoice, ProductLine

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User

# key in the demo context: (address, KvK, BTW-id, IBAN, CRKBO, public sector)
PROFILES = {
    "foundation": (
        "Hechtingslaan 1\n3511 AB Utrecht",
        "12345678",
        "NL004495445B01",
        "NL91ABNA0417164300",
        True,
        False,
    ),
    "platform": (
        "Platformweg 10\n1011 AA Amsterdam",
        "87654321",
        "NL004495445B01",
        "NL91ABNA0417164300",
        False,
        False,
    ),
    "jgz": ("Postbus 100\n9700 AA Voorbeeldstad", "", "", "", False, True),
}

# (product code, description, price excl. BTW, BTW code)
PRODUCT_LINES = (
    (ProductCode.LICENCE, "Licentie trainer Focus op Hechting", "300.00", VatCode.STANDARD),
    (ProductCode.MEMBERSHIP, "Lidmaatschap van de stichting", "150.00", VatCode.STANDARD),
)

# (source key, description, quantity, unit price, days ago sent, paid)
INVOICES = (
    (
        "demo:billing:incompany-paid",
        "Basistraining in company (4 dagdelen)",
        1,
        "2400.00",
        45,
        True,
    ),
    ("demo:billing:incompany-open", "Intervisiebijeenkomst trainers", 2, "350.00", 10, False),
)


def _profiles(context: DemoContext) -> None:
    for key, (address, kvk, vat, iban, crkbo, public) in PROFILES.items():
        organisation = context.organisations.get(key)
        if organisation is None or BillingProfile.objects.filter(organisation=organisation):
            continue
        services.save_billing_profile(
            actor=None,
            organisation=organisation,
            legal_name=organisation.name,
            address=address,
            kvk_number=kvk,
            vat_number=vat,
            iban=iban,
            crkbo_registered=crkbo,
            is_public_sector=public,
        )


def product_lines(organisation: Organisation) -> dict[str, ProductLine]:
    """The demo seller's product lines, created once (licensing's terms point at them)."""
    lines: dict[str, ProductLine] = {}
    for code, description, price, vat in PRODUCT_LINES:
        lines[code], _created = ProductLine.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"description": description, "unit_price": Decimal(price), "vat_code": vat},
        )
    return lines


def _invoices(seller: Organisation, buyer: Organisation, actor: User | None) -> None:
    today = timezone.localdate()
    for key, description, quantity, price, days_ago, paid in INVOICES:
        if Invoice.objects.filter(source_key=key).exists():
            continue
        day = today - datetime.timedelta(days=days_ago)
        invoice = services.create_invoice(
            actor=actor,
            seller=seller,
            buyer=services.buyer_of(buyer, reference="Inkoopordernummer 4500012345"),
            supply_start=day,
            supply_end=day,
            source_key=key,
        )
        services.add_line(
            actor=actor,
            invoice=invoice,
            description=description,
            quantity=quantity,
            unit_price=price,
            vat_code=VatCode.EXEMPT,
        )
        invoice = services.send_invoice(actor=actor, invoice=invoice, today=day)
        if paid:
            services.register_payment(
                actor=actor,
                invoice=invoice,
                amount=invoice.outstanding(),
                paid_on=day + datetime.timedelta(days=20),
            )


@transaction.atomic
def load(context: DemoContext) -> None:
    _profiles(context)
    seller = context.organisations.get("foundation")
    buyer = context.organisations.get("jgz")
    if seller is None:
        return
    product_lines(seller)
    if buyer is not None:
        _invoices(seller, buyer, context.users.get("beheerder"))
