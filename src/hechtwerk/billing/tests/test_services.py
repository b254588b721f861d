"""Drafts, sending, the frozen invoice, credit notes, payments, the PDF (T4.5, T6.6, T6.9, T6.10)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hechtwerk.billing import services
from hechtwerk.billing.constants import InvoiceStatus, VatCode
from hechtwerk.billing.models import Invoice
from hechtwerk.core.models import AuditEntry

from .conftest import SUPPLY, draft, products, seller_profile

TODAY = datetime.date(2026, 2, 2)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_gives_a_draft_no_number_and_a_sent_invoice_the_next_one(billing_world) -> None:
    seller, buyer = billing_world
    first = draft(seller, buyer, ("Licentie", "1", "300", VatCode.STANDARD))
    assert first.number == ""
    assert first.status(today=TODAY) == InvoiceStatus.DRAFT
    sent = services.send_invoice(actor=None, invoice=first, today=TODAY)
    second = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "1", "21")), today=TODAY
    )
    assert (sent.number, second.number) == ("2026-00001", "2026-00002")
    assert sent.total_gross == Decimal("363.00")
    assert AuditEntry.objects.filter(action="billing.invoice.sent").count() == 2


def test_it_starts_the_series_anew_each_year_and_per_seller(billing_world, platform) -> None:
    seller, buyer = billing_world
    seller_profile(platform)
    line = ("x", "1", "10", VatCode.STANDARD)
    services.send_invoice(actor=None, invoice=draft(seller, buyer, line), today=TODAY)
    next_year = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, line), today=datetime.date(2027, 1, 1)
    )
    other = services.send_invoice(actor=None, invoice=draft(platform, buyer, line), today=TODAY)
    assert next_year.number == "2027-00001"
    assert other.number == "2026-00001"


def test_it_refuses_to_edit_a_sent_invoice(billing_world) -> None:
    """T6.10: a sent invoice is frozen; the message points to a credit note."""
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "10", "21")), today=TODAY
    )
    with pytest.raises(services.BillingError, match="creditnota"):
        services.add_line(
            actor=None, invoice=invoice, description="y", quantity=1, unit_price=1, vat_code="21"
        )
    with pytest.raises(services.BillingError):
        services.send_invoice(actor=None, invoice=invoice, today=TODAY)
    assert invoice.lines.count() == 1


def test_it_refuses_to_delete_a_paid_invoice_and_keeps_it(billing_world) -> None:
    """T4.5: invoices are kept seven years; only a draft can be removed."""
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "10", "21")), today=TODAY
    )
    services.register_payment(actor=None, invoice=invoice, amount="12.10", paid_on=TODAY)
    with pytest.raises(services.BillingError):
        services.delete_invoice(actor=None, invoice=invoice)
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    scrap = draft(seller, buyer, ("x", "1", "10", "21"))
    services.delete_invoice(actor=None, invoice=scrap)
    assert not Invoice.objects.filter(pk=scrap.pk).exists()


def test_it_credits_a_sent_invoice_to_zero_and_drafts_a_replacement(billing_world) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None,
        invoice=draft(
            seller,
            buyer,
            ("Licentie", "1", "300", VatCode.STANDARD),
            ("Masterclass", "1", "2000", VatCode.EXEMPT),
        ),
        today=TODAY,
    )
    note, replacement = services.credit_invoice(
        actor=None, invoice=invoice, reason="verkeerd adres", replace=True, today=TODAY
    )
    assert note.number == "2026-00002"
    assert note.credits == invoice
    assert note.total_gross == -invoice.total_gross
    assert invoice.status(today=TODAY) == InvoiceStatus.CREDITED
    assert invoice.outstanding() == 0
    assert replacement is not None
    assert replacement.number == ""
    assert replacement.lines.count() == 2
    with pytest.raises(services.BillingError):
        services.credit_invoice(actor=None, invoice=invoice, today=TODAY)


def test_it_tracks_payments_to_paid(billing_world) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "100", "21")), today=TODAY
    )
    services.register_payment(actor=None, invoice=invoice, amount="21,00", paid_on=TODAY)
    assert invoice.status(today=TODAY) == InvoiceStatus.PARTIALLY_PAID
    assert invoice.status(today=invoice.due_date + datetime.timedelta(days=1)) == (
        InvoiceStatus.OVERDUE
    )
    services.register_payment(actor=None, invoice=invoice, amount="100", paid_on=TODAY)
    assert invoice.status(today=TODAY) == InvoiceStatus.PAID
    with pytest.raises(services.BillingError) as refused:
        services.register_payment(actor=None, invoice=invoice, amount="veel", paid_on=TODAY)
    assert refused.value.field == "amount"


def test_it_refuses_an_exempt_line_without_crkbo_registration(foundation, jgz) -> None:
    seller_profile(foundation, crkbo=False)
    invoice = draft(foundation, jgz, ("Masterclass", "1", "2000", VatCode.EXEMPT))
    invoice.buyer_address = "Straat 1"
    invoice.save()
    with pytest.raises(services.BillingError, match="CRKBO"):
        services.send_invoice(actor=None, invoice=invoice, today=TODAY)
    assert Invoice.objects.get(pk=invoice.pk).number == ""


def test_it_refuses_to_send_without_the_sellers_details(foundation, jgz) -> None:
    invoice = services.create_invoice(
        actor=None,
        seller=foundation,
        buyer=services.Buyer("organisatie", "JGZ", "Straat 1", organisation=jgz),
        supply_start=SUPPLY[0],
        supply_end=SUPPLY[1],
    )
    services.add_line(
        actor=None, invoice=invoice, description="x", quantity=1, unit_price=1, vat_code="21"
    )
    with pytest.raises(services.BillingError, match="factuurgegevens"):
        services.send_invoice(actor=None, invoice=invoice, today=TODAY)


def test_it_invoices_product_lines_for_a_period_once(billing_world) -> None:
    seller, buyer = billing_world
    licence, membership = products(seller)
    first = services.invoice_product_lines(
        seller=seller, buyer=buyer, lines=[licence, membership], period=SUPPLY, source_key="k1"
    )
    again = services.invoice_product_lines(
        seller=seller, buyer=buyer, lines=[licence, membership], period=SUPPLY, source_key="k1"
    )
    assert first.pk == again.pk
    assert first.totals().gross == Decimal("544.50")  # (300 + 150) × 1,21
    assert "01-01-2026 – 31-12-2026" in first.lines.first().description


def test_it_prints_every_mandatory_field_in_a_tagged_pdf(billing_world) -> None:
    """T6.9 and T6.6: the invoice PDF holds what the Wet OB asks and is tagged with nl-NL."""
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None,
        invoice=draft(
            seller,
            buyer,
            ("Licentie trainer", "1", "300", VatCode.STANDARD),
            ("Lunch", "2", "12.50", VatCode.REDUCED),
            ("Masterclass Train de Trainer", "1", "2000", VatCode.EXEMPT),
        ),
        today=TODAY,
    )
    pdf = bytes(Invoice.objects.get(pk=invoice.pk).pdf)
    text = " ".join(_text(pdf).split())  # table cells wrap; compare word by word
    for expected in (
        "Stichting Kinderleven",
        "Hechtingslaan 1",
        "3511 AB Utrecht",
        "GGD Hollands Testland",
        "Zorgstraat 5",
        "NL004495445B01",
        "12345678",
        "02-02-2026",
        "2026-00001",
        "01-01-2026 – 31-12-2026",
        "Licentie trainer",
        "Masterclass Train de Trainer",
        "€ 300,00",
        "€ 25,00",
        "€ 2.000,00",
        "21%",
        "9%",
        "€ 63,00",
        "€ 2,25",
        "€ 2.390,25",
        "artikel 11, eerste lid, onderdeel o",
    ):
        assert " ".join(expected.split()) in text, expected
    raw = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in raw
    assert raw["/Lang"] == "nl-NL"
