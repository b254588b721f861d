"""Invoice arithmetic, status, due dates and matching (T5.7, T6.8)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from hechtwerk.billing import rules
from hechtwerk.billing.constants import BuyerKind, InvoiceStatus, MatchState, VatCode

D = Decimal
amounts = st.decimals(min_value=D("0"), max_value=D("100000"), places=2)
quantities = st.decimals(min_value=D("0.01"), max_value=D("500"), places=2)
codes = st.sampled_from(list(VatCode))
lines_strategy = st.lists(st.tuples(quantities, amounts, codes), min_size=1, max_size=12)


def _amounts(lines):
    return [rules.LineAmount(rules.line_total(q, p), code) for q, p, code in lines]


@given(lines_strategy)
def test_it_makes_totals_equal_the_sum_of_the_lines_per_rate(lines) -> None:
    """T5.7(a): net per rate is the sum of its lines; total = Σ net + Σ BTW; all in cents."""
    totals = rules.invoice_totals(_amounts(lines))
    for rate in totals.per_rate:
        expected = sum(
            (rules.line_total(q, p) for q, p, code in lines if code == rate.vat_code), D(0)
        )
        assert rate.net == expected
        assert rate.vat == (expected * rules.VAT_RATES[rate.vat_code] / 100).quantize(
            D("0.01"), rounding=ROUND_HALF_UP
        )
    assert totals.net == sum((r.net for r in totals.per_rate), D(0))
    assert totals.vat == sum((r.vat for r in totals.per_rate), D(0))
    assert totals.gross == totals.net + totals.vat
    for value in (totals.net, totals.vat, totals.gross):
        assert value == value.quantize(D("0.01"))
        assert value >= 0


@given(lines_strategy)
def test_it_nets_an_invoice_and_its_credit_note_to_zero(lines) -> None:
    """T5.7(a): a credit note's totals are the invoice's, negated, per rate and in total."""
    invoice = rules.invoice_totals(_amounts(lines))
    credit = rules.invoice_totals(_amounts(rules.credit_lines(lines)))
    assert invoice.gross + credit.gross == 0
    assert invoice.vat + credit.vat == 0
    assert [r.net + c.net for r, c in zip(invoice.per_rate, credit.per_rate, strict=True)] == [
        0
    ] * len(invoice.per_rate)
    assert credit.gross <= 0


def test_it_rounds_half_cents_up() -> None:
    assert rules.money(D("0.005")) == D("0.01")
    assert rules.line_total(D("3"), D("0.335")) == D("1.01")  # 1.005 rounds up
    assert rules.vat_of(D("0.50"), VatCode.STANDARD) == D("0.11")  # 0.105 → 0.11


def test_it_shows_no_vat_on_exempt_lines() -> None:
    totals = rules.invoice_totals([rules.LineAmount(D("2000.00"), VatCode.EXEMPT)])
    assert totals.vat == 0
    assert totals.gross == D("2000.00")


def test_it_writes_money_the_dutch_way() -> None:
    """T6.8: Babel nl_NL, exactly."""
    assert rules.format_euro(D("1234.5")) == "€\xa01.234,50"
    assert rules.format_euro(D("1234.56")) == "€\xa01.234,56"
    assert rules.format_euro(D("-1234.5")) == "€\xa0-1.234,50"
    assert rules.format_euro(D("0.005")) == "€\xa00,01"


def test_it_lets_public_sector_buyers_pay_after_the_event() -> None:
    issued = datetime.date(2026, 3, 1)
    event_end = datetime.date(2026, 6, 10)
    assert rules.due_date(
        issue_date=issued, buyer_kind=BuyerKind.PUBLIC_SECTOR, supply_end=event_end
    ) == datetime.date(2026, 7, 10)
    assert rules.due_date(
        issue_date=issued, buyer_kind=BuyerKind.ORGANISATION, supply_end=event_end
    ) == datetime.date(2026, 3, 31)
    assert rules.due_date(issue_date=issued, buyer_kind=BuyerKind.PERSON) == datetime.date(
        2026, 3, 15
    )


def test_it_derives_the_status_from_facts() -> None:
    due = datetime.date(2026, 3, 31)
    base = {"gross": D("363.00"), "due": due, "today": due}
    assert rules.invoice_status(is_sent=False, is_credited=False, paid=D(0), **base) == (
        InvoiceStatus.DRAFT
    )
    assert rules.invoice_status(is_sent=True, is_credited=False, paid=D(0), **base) == (
        InvoiceStatus.SENT
    )
    assert rules.invoice_status(is_sent=True, is_credited=False, paid=D("100"), **base) == (
        InvoiceStatus.PARTIALLY_PAID
    )
    assert rules.invoice_status(is_sent=True, is_credited=False, paid=D("363.00"), **base) == (
        InvoiceStatus.PAID
    )
    late = {**base, "today": due + datetime.timedelta(days=1)}
    assert rules.invoice_status(is_sent=True, is_credited=False, paid=D("100"), **late) == (
        InvoiceStatus.OVERDUE
    )
    assert rules.invoice_status(is_sent=True, is_credited=True, paid=D(0), **late) == (
        InvoiceStatus.CREDITED
    )


def test_it_sends_reminders_14_and_30_days_after_the_due_date() -> None:
    due = datetime.date(2026, 1, 31)
    assert rules.reminders_due(due=due, today=datetime.date(2026, 2, 13)) == []
    assert rules.reminders_due(due=due, today=datetime.date(2026, 2, 14)) == [14]
    assert rules.reminders_due(due=due, today=datetime.date(2026, 3, 2)) == [14, 30]


def test_it_matches_on_the_number_and_the_amount() -> None:
    open_ = {"2026-00012": D("363.00"), "2026-00013": D("181.50")}
    exact = rules.match_line(remittance="Factuur 2026-00012", amount=D("363.00"), outstanding=open_)
    assert (exact.state, exact.invoice_number) == (MatchState.MATCHED, "2026-00012")
    part = rules.match_line(remittance="fact 2026 - 00013", amount=D("100"), outstanding=open_)
    assert (part.state, part.invoice_number) == (MatchState.PARTIAL, "2026-00013")
    assert rules.match_line(remittance="bedankt", amount=D("363"), outstanding=open_).state == (
        MatchState.UNMATCHED
    )
    more = rules.match_line(remittance="2026-00013", amount=D("200"), outstanding=open_)
    assert more.state == MatchState.UNMATCHED
    assert more.reason == "more"
    assert rules.match_line(remittance="2026-00099", amount=D("1"), outstanding=open_).reason == (
        "unknown_number"
    )
    assert rules.match_line(remittance="2026-00012", amount=D("-363"), outstanding=open_).state == (
        MatchState.UNMATCHED
    )
