"""Bank statements: matched, partial and unmatched lines are kept; a second import changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hechtwerk.billing import services
from hechtwerk.billing.constants import InvoiceStatus, MatchState, PaymentSource
from hechtwerk.billing.models import BankStatementLine, Payment

from .conftest import draft

TODAY = datetime.date(2026, 2, 2)


def _camt(entries: list[tuple[str, str, str, str]]) -> bytes:
    body = "".join(
        f"""<Ntry><NtryRef>{i}</NtryRef><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>
<BookgDt><Dt>2026-02-01</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>GGD Hollands Testland</Nm></Dbtr>
<DbtrAcct><Id><IBAN>NL02RABO0123456789</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"""
        for i, (ref, amount, ind, text) in enumerate(entries)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>1</MsgId></GrpHdr><Stmt><Id>1</Id>
<Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>{body}</Stmt></BkToCstmrStmt></Document>
""".encode()


@pytest.fixture
def sent(billing_world):
    seller, buyer = billing_world
    return [
        services.send_invoice(
            actor=None, invoice=draft(seller, buyer, ("x", "1", price, "21")), today=TODAY
        )
        for price in ("300", "150", "100")
    ]  # 363,00 / 181,50 / 121,00


def test_it_matches_partly_pays_and_keeps_the_rest_of_a_camt_statement(
    billing_world, sent, provider_administrator
) -> None:
    seller, _buyer = billing_world
    content = _camt(
        [
            ("R1", "363.00", "CRDT", "Factuur 2026-00001"),
            ("R2", "100.00", "CRDT", "2026-00002 deel 1"),
            ("R3", "50.00", "CRDT", "gift"),
            ("R4", "20.00", "DBIT", "bankkosten"),
        ]
    )
    result = services.import_bank_statement(
        actor=provider_administrator.user, organisation=seller, file_name="a.xml", content=content
    )
    assert [line.match_state for line in result.added] == [
        MatchState.MATCHED,
        MatchState.PARTIAL,
        MatchState.UNMATCHED,
        MatchState.UNMATCHED,
    ]
    assert sent[0].status(today=TODAY) == InvoiceStatus.PAID
    assert sent[1].status(today=TODAY) == InvoiceStatus.PARTIALLY_PAID
    assert sent[1].outstanding() == Decimal("81.50")
    assert BankStatementLine.objects.get(entry_key__endswith="R4").amount == Decimal("-20.00")

    again = services.import_bank_statement(
        actor=provider_administrator.user, organisation=seller, file_name="a.xml", content=content
    )
    assert again.added == []
    assert again.already_known == 4
    assert BankStatementLine.objects.count() == 4
    assert Payment.objects.count() == 2


RABO_HEADER = (
    '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn",'
    '"Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij",'
    '"Naam initiërende partij","BIC tegenpartij","Code","Batch ID","Transactiereferentie",'
    '"Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1","Omschrijving-2",'
    '"Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"\n'
)


def _rabo_row(number: str, amount: str, text: str) -> str:
    return (
        f'"NL91ABNA0417164300","EUR","RABONL2U","{number}","2026-02-01","2026-02-01","{amount}",'
        f'"+1.000,00","NL02RABO0123456789","GGD Hollands Testland","","","","cb","","","","","",'
        f'"{text}","","","","","",""\n'
    )


def test_it_reads_the_rabobank_csv_and_the_same_file_twice_changes_nothing(
    billing_world, sent
) -> None:
    seller, _buyer = billing_world
    content = (
        RABO_HEADER
        + _rabo_row("000000000000001", "+181,50", "factuur 2026-00002")
        + _rabo_row("000000000000002", "+1.000,00", "2026-00003")
    ).encode()
    first = services.import_bank_statement(
        actor=None, organisation=seller, file_name="rabo.csv", content=content
    )
    assert [(line.match_state, line.match_reason) for line in first.added] == [
        (MatchState.MATCHED, "exact"),
        (MatchState.UNMATCHED, "more"),
    ]
    assert first.added[1].amount == Decimal("1000.00")
    assert Payment.objects.get().source == PaymentSource.BANK
    second = services.import_bank_statement(
        actor=None, organisation=seller, file_name="rabo-kopie.csv", content=content
    )
    assert second.added == []
    assert BankStatementLine.objects.count() == 2


def test_it_books_a_kept_unmatched_line_by_hand(billing_world, sent) -> None:
    seller, _buyer = billing_world
    result = services.import_bank_statement(
        actor=None,
        organisation=seller,
        file_name="a.xml",
        content=_camt([("R9", "121.00", "CRDT", "betaling cursus")]),
    )
    line = result.added[0]
    assert line.match_state == MatchState.UNMATCHED
    services.link_statement_line(actor=None, line=line, invoice=sent[2])
    line.refresh_from_db()
    assert line.match_state == MatchState.MATCHED
    assert sent[2].status(today=TODAY) == InvoiceStatus.PAID


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"<Document><oops", "CAMT.053"),
        (b"<html></html>", "CAMT.053"),
        (b"a;b;c\n1;2;3\n", "kolommen"),
        (
            (RABO_HEADER + _rabo_row("1", "twaalf", "x")).encode(),
            "Regel 2",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b"<Document>&b;</Document>",
            "CAMT.053",
        ),
    ],
)
def test_it_refuses_an_unreadable_file_in_dutch_and_stores_nothing(
    billing_world, content, message
) -> None:
    seller, _buyer = billing_world
    with pytest.raises(services.BillingError, match=message) as refused:
        services.import_bank_statement(
            actor=None, organisation=seller, file_name="x", content=content
        )
    assert refused.value.field == "file"
    assert not BankStatementLine.objects.exists()
