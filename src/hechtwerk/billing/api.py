"""API of billing: the invoices of the own organisation (addressed to it, and those it issued when
it may manage invoices), paged; one invoice; its PDF. Another organisation's invoice is a 404."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from hechtwerk.accounts.capabilities import Capability, can
from hechtwerk.accounts.permissions import api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.documents import file_response
from hechtwerk.core.paging import Page, PageParams, page_of

from .models import Invoice

router = Router(tags=["facturen"])


class LineOut(Schema):
    description: str
    quantity: Decimal
    unit_price: Decimal = Field(description="Prijs per stuk excl. btw.")
    vat_code: str = Field(description="21, 9, 0 of vrijgesteld.")
    net: Decimal


class InvoiceOut(Schema):
    id: uuid.UUID
    kind: str = Field(description="factuur of creditnota.")
    number: str = Field(description="Leeg voor een concept.")
    seller: str
    buyer: str
    issue_date: datetime.date | None
    due_date: datetime.date | None
    supply_start: datetime.date
    supply_end: datetime.date
    total_net: Decimal
    total_vat: Decimal
    total_gross: Decimal
    paid: Decimal
    status: str = Field(description="concept, verzonden, deels_betaald, betaald, te_laat, ...")
    credits: str = Field("", description="Het nummer van de gecrediteerde factuur.")
    lines: list[LineOut]


def _visible(request: ApiRequest):  # type: ignore[no-untyped-def]
    as_seller = can(request.membership, Capability.MANAGE_INVOICES)
    return Invoice.objects.visible_to(request.membership, as_seller=as_seller)


def _out(invoice: Invoice, today: datetime.date) -> InvoiceOut:
    totals = invoice.totals()
    return InvoiceOut(
        id=invoice.uuid,
        kind=invoice.kind,
        number=invoice.number,
        seller=invoice.seller_name or invoice.seller.name,
        buyer=invoice.buyer_name,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        supply_start=invoice.supply_start,
        supply_end=invoice.supply_end,
        total_net=totals.net,
        total_vat=totals.vat,
        total_gross=totals.gross,
        paid=invoice.paid(),
        status=invoice.status(today=today).value,
        credits=invoice.credits.number if invoice.credits else "",
        lines=[
            LineOut(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_code=line.vat_code,
                net=line.net,
            )
            for line in invoice.lines.all()
        ],
    )


@router.get("/invoices", response=Page[InvoiceOut], summary="Facturen van de eigen organisatie")
@api_requires(Capability.SEE_OWN_INVOICES)
def list_invoices(request: ApiRequest, page: Query[PageParams]) -> Page[InvoiceOut]:
    found = (
        _visible(request)
        .with_paid()
        .select_related("seller", "credits")
        .prefetch_related("lines", "credit_notes")
    )
    today = timezone.localdate()
    return page_of(found, page, lambda invoice: _out(invoice, today))


@router.get("/invoices/{invoice_id}", response=InvoiceOut, summary="Eén factuur")
@api_requires(Capability.SEE_OWN_INVOICES)
def read_invoice(request: ApiRequest, invoice_id: uuid.UUID) -> InvoiceOut:
    invoice = get_object_or_404(_visible(request), uuid=invoice_id)
    return _out(invoice, timezone.localdate())


@router.get(
    "/invoices/{invoice_id}/pdf",
    summary="De factuur als PDF (zoals verzonden)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
@api_requires(Capability.SEE_OWN_INVOICES)
def invoice_pdf(request: ApiRequest, invoice_id: uuid.UUID) -> HttpResponse:
    invoice = get_object_or_404(_visible(request).sent(), uuid=invoice_id)
    return file_response(
        bytes(invoice.pdf or b""),
        filename=f"factuur-{invoice.number}.pdf",
        content_type="application/pdf",
    )
