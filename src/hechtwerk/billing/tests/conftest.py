from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hechtwerk.billing import services
from hechtwerk.billing.constants import ProductCode, VatCode
from hechtwerk.billing.models import BillingProfile, Invoice, ProductLine

SUPPLY = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def seller_profile(organisation, *, crkbo: bool = True) -> BillingProfile:
    return services.save_billing_profile(
        actor=None,
        organisation=organisation,
        legal_name="Stichting Kinderleven",
        address="Hechtingslaan 1\n3511 AB Utrecht",
        kvk_number="12345678",
        vat_number="NL004495445B01",
        iban="NL91ABNA0417164300",
        crkbo_registered=crkbo,
    )


def buyer_profile(organisation, *, public: bool = False) -> BillingProfile:
    return services.save_billing_profile(
        actor=None,
        organisation=organisation,
        legal_name="GGD Hollands Testland",
        address="Zorgstraat 5\n2000 AA Haarlem",
        invoice_email="facturen@jgz.example",
        is_public_sector=public,
    )


def products(organisation) -> tuple[ProductLine, ProductLine]:
    licence = ProductLine.objects.create(
        organisation=organisation,
        code=ProductCode.LICENCE,
        description="Licentie trainer Focus op Hechting",
        unit_price=Decimal("300.00"),
        vat_code=VatCode.STANDARD,
    )
    membership = ProductLine.objects.create(
        organisation=organisation,
        code=ProductCode.MEMBERSHIP,
        description="Lidmaatschap Stichting Kinderleven",
        unit_price=Decimal("150.00"),
        vat_code=VatCode.STANDARD,
    )
    return licence, membership


def draft(seller, buyer_org, *lines: tuple[str, str, str, str]) -> Invoice:
    invoice = services.create_invoice(
        actor=None,
        seller=seller,
        buyer=services.buyer_of(buyer_org),
        supply_start=SUPPLY[0],
        supply_end=SUPPLY[1],
    )
    for description, quantity, price, code in lines:
        services.add_line(
            actor=None,
            invoice=invoice,
            description=description,
            quantity=quantity,
            unit_price=price,
            vat_code=code,
        )
    return invoice


@pytest.fixture
def billing_world(foundation, jgz):
    seller_profile(foundation)
    buyer_profile(jgz)
    return foundation, jgz
