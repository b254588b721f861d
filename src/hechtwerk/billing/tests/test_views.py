"""The beheerder's invoice pages and the buyer's list, through the test client."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hechtwerk.billing import services
from hechtwerk.billing.models import BankStatementLine, Invoice

from .conftest import buyer_profile, draft


def test_it_takes_a_beheerder_from_draft_to_sent_invoice(
    billing_world, provider_administrator, client_for
) -> None:
    _seller, buyer = billing_world
    client = client_for(provider_administrator)
    response = client.post(
        reverse("billing:invoice_new"),
        {"buyer_organisation": buyer.pk, "supply_start": "01-03-2026", "supply_end": "01-03-2026"},
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    bad = client.post(
        reverse("billing:line_add", args=[invoice.uuid]),
        {"description": "Lunch", "quantity": "twee", "unit_price": "12,50", "vat_code": "9"},
    )
    assert bad.status_code == 400
    assert 'value="Lunch"' in bad.content.decode()  # nothing typed is lost
    client.post(
        reverse("billing:line_add", args=[invoice.uuid]),
        {"description": "Lunch", "quantity": "2", "unit_price": "12,50", "vat_code": "9"},
    )
    client.post(reverse("billing:invoice_send", args=[invoice.uuid]))
    invoice.refresh_from_db()
    assert invoice.number.endswith("-00001")
    page = client.get(reverse("billing:invoice", args=[invoice.uuid])).content.decode()
    assert "€\xa027,25" in page
    assert "Verzonden" in page
    pdf = client.get(reverse("billing:invoice_pdf", args=[invoice.uuid]))
    assert pdf["Content-Type"] == "application/pdf"
    listing = client.get(reverse("billing:invoices"), {"status": "verzonden"}).content.decode()
    assert invoice.number in listing
    assert (
        invoice.number
        not in client.get(reverse("billing:invoices"), {"status": "betaald"}).content.decode()
    )


def test_it_refuses_a_line_on_a_sent_invoice_with_a_message(
    billing_world, provider_administrator, client_for
) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "10", "21"))
    )
    response = client_for(provider_administrator).post(
        reverse("billing:line_add", args=[invoice.uuid]),
        {"description": "Extra", "quantity": "1", "unit_price": "5", "vat_code": "21"},
    )
    assert response.status_code == 400
    assert "creditnota" in response.content.decode()
    assert invoice.lines.count() == 1


def test_it_shows_matched_partial_and_unmatched_statement_lines(
    billing_world, provider_administrator, client_for
) -> None:
    seller, buyer = billing_world
    invoice = services.send_invoice(
        actor=None, invoice=draft(seller, buyer, ("x", "1", "100", "21"))
    )
    csv = (
        "Datum,Bedrag,Omschrijving-1\n"
        f'2026-01-02,"50,00",{invoice.number}\n'
        '2026-01-03,"12,00",gift\n'
    ).encode()
    client = client_for(provider_administrator)

    response = client.post(
        reverse("billing:statements"),
        {"file": SimpleUploadedFile("afschrift.csv", csv, content_type="text/csv")},
        follow=True,
    )
    page = response.content.decode()
    assert "1 gekoppeld" not in page  # none exact
    assert "Deels betaald" in page
    assert "Niet gekoppeld" in page
    assert BankStatementLine.objects.count() == 2
    bad = client.post(
        reverse("billing:statements"),
        {"file": SimpleUploadedFile("x.xml", b"<Document><oops", content_type="text/xml")},
    )
    assert bad.status_code == 400
    assert "CAMT.053" in bad.content.decode()


def test_it_shows_a_jgz_beheerder_only_the_invoices_to_the_own_organisation(
    billing_world, other_jgz, jgz_administrator, client_for
) -> None:
    seller, buyer = billing_world
    buyer_profile(other_jgz)
    mine = services.send_invoice(actor=None, invoice=draft(seller, buyer, ("x", "1", "10", "21")))
    theirs = services.send_invoice(
        actor=None, invoice=draft(seller, other_jgz, ("y", "1", "10", "21"))
    )
    client = client_for(jgz_administrator)
    page = client.get(reverse("billing:received")).content.decode()
    assert mine.number in page
    assert theirs.number not in page
    assert client.get(reverse("billing:received_pdf", args=[theirs.uuid])).status_code == 404
    assert client.get(reverse("billing:received_pdf", args=[mine.uuid])).status_code == 200
    # a draft addressed to them is not theirs to see yet
    concept = draft(seller, buyer, ("z", "1", "1", "21"))
    assert client.get(reverse("billing:received_pdf", args=[concept.uuid])).status_code == 404
