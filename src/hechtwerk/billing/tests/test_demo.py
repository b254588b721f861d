from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from hechtwerk.accounts import demo as accounts_demo
from hechtwerk.accounts.demo import DemoContext
from hechtwerk.billing import demo
from hechtwerk.billing.constants import InvoiceStatus, ProductCode
from hechtwerk.billing.models import BillingProfile, Invoice, ProductLine

pytestmark = pytest.mark.django_db


def test_it_loads_seller_details_prices_and_one_paid_and_one_open_invoice_once():
    context = DemoContext()
    accounts_demo.load(context)
    demo.load(context)
    demo.load(context)  # twice: nothing doubles, no number is taken twice
    foundation = context.organisations["foundation"]
    assert BillingProfile.objects.filter(organisation=foundation, crkbo_registered=True).exists()
    assert BillingProfile.objects.filter(organisation=context.organisations["platform"]).exists()
    prices = dict(
        ProductLine.objects.filter(organisation=foundation).values_list("code", "unit_price")
    )
    assert prices == {
        ProductCode.LICENCE: Decimal("300.00"),
        ProductCode.MEMBERSHIP: Decimal("150.00"),
    }
    invoices = list(Invoice.objects.filter(seller=foundation).order_by("number"))
    assert all(i.number for i in invoices)
    assert len(invoices) == 2
    assert sorted(i.status(today=timezone.localdate()) for i in invoices) == sorted(
        [InvoiceStatus.PAID, InvoiceStatus.SENT]
    )
