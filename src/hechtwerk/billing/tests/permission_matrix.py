"""Permission-matrix rows for billing: the seller's pages for a beheerder of a training provider or
the platform (MANAGE_INVOICES; another organisation's invoice is a 404); the buyer's list and PDFs
for every beheerder (SEE_OWN_INVOICES), of invoices addressed to the own organisation only."""

from __future__ import annotations

import datetime

from hechtwerk.billing import services
from hechtwerk.billing.models import BankStatementLine
from hechtwerk.core.tests.matrix import ApiRow, Row, World

from .conftest import buyer_profile, draft, seller_profile

URL_NAMES = frozenset(
    {
        "billing:invoices",
        "billing:profile",
        "billing:invoice_new",
        "billing:statements",
        "billing:statement_link",
        "billing:received",
        "billing:received_pdf",
        "billing:invoice",
        "billing:line_add",
        "billing:invoice_send",
        "billing:invoice_delete",
        "billing:invoice_credit",
        "billing:payment_add",
        "billing:invoice_pdf",
    }
)

SELLERS = frozenset({"provider_administrator", "platform_administrator"})
BUYERS = frozenset({"provider_administrator", "platform_administrator", "jgz_administrator"})
# The invoices below are the foundation's: the platform's beheerder may manage invoices, not these.
FOREIGN = {"platform_administrator": 404}
API_OPERATIONS = frozenset(
    {
        ("GET", "/api/v1/invoices"),
        ("GET", "/api/v1/invoices/{invoice_id}"),
        ("GET", "/api/v1/invoices/{invoice_id}/pdf"),
    }
)


def _world(world: World):  # type: ignore[no-untyped-def]
    seller_profile(world.foundation)
    buyer_profile(world.jgz)
    line = ("Licentie", "1", "300", "21")
    sent = services.send_invoice(
        actor=None, invoice=draft(world.foundation, world.jgz, line), today=datetime.date.today()
    )
    concept = draft(world.foundation, world.jgz, line)
    result = services.import_bank_statement(
        actor=None,
        organisation=world.foundation,
        file_name="a.csv",
        content=b'Datum,Bedrag,Omschrijving-1\n2026-01-02,"12,00",gift\n',
    )
    return sent, concept, result.added[0]


def rows(world: World) -> dict[str, Row]:
    sent, concept, line = _world(world)
    on_sent = {"invoice_uuid": sent.uuid}
    on_draft = {"invoice_uuid": concept.uuid}
    post = {"method": "post", "ok": 302}
    assert isinstance(line, BankStatementLine)
    return {
        "billing:invoices": Row.allow(SELLERS),
        "billing:profile": Row.allow(SELLERS),
        "billing:invoice_new": Row.allow(SELLERS),
        "billing:statements": Row.allow(SELLERS),
        "billing:statement_link": Row.allow(
            SELLERS,
            kwargs={"line_uuid": line.uuid},
            data={"invoice_number": sent.number},
            **post,
            **FOREIGN,
        ),
        "billing:received": Row.allow(BUYERS),
        "billing:received_pdf": Row.allow(
            {"jgz_administrator"},
            kwargs=on_sent,
            provider_administrator=404,
            platform_administrator=404,
        ),
        "billing:invoice": Row.allow(SELLERS, kwargs=on_sent, **FOREIGN),
        "billing:invoice_pdf": Row.allow(SELLERS, kwargs=on_sent, **FOREIGN),
        "billing:line_add": Row.allow(
            SELLERS,
            kwargs=on_draft,
            data={"description": "Extra", "quantity": "1", "unit_price": "10", "vat_code": "21"},
            **post,
            **FOREIGN,
        ),
        "billing:invoice_send": Row.allow(SELLERS, kwargs=on_draft, **post, **FOREIGN),
        "billing:invoice_delete": Row.allow(SELLERS, kwargs=on_draft, **post, **FOREIGN),
        "billing:invoice_credit": Row.allow(
            SELLERS, kwargs=on_sent, data={"reason": "fout"}, **post, **FOREIGN
        ),
        "billing:payment_add": Row.allow(
            SELLERS,
            kwargs=on_sent,
            data={"amount": "10,00", "paid_on": datetime.date.today().strftime("%d-%m-%Y")},
            **post,
            **FOREIGN,
        ),
    }


def api_rows(world: World) -> dict[tuple[str, str], ApiRow]:
    sent, _concept, _line = _world(world)
    on_sent = {"invoice_id": sent.uuid}
    return {
        ("GET", "/api/v1/invoices"): ApiRow.allow(BUYERS),
        ("GET", "/api/v1/invoices/{invoice_id}"): ApiRow.allow(
            BUYERS, path_params=on_sent, platform_administrator=404
        ),
        ("GET", "/api/v1/invoices/{invoice_id}/pdf"): ApiRow.allow(
            BUYERS, path_params=on_sent, platform_administrator=404
        ),
    }
