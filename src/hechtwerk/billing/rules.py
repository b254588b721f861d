"""Pure invoice arithmetic and decisions: amounts, BTW per rate, status, due date, matching.

Every amount is a `Decimal` quantised to cents with ROUND_HALF_UP (T5.7, T6.8). BTW is computed
per rate over the sum of the lines at that rate (one rounding per rate, as the invoice shows it),
so the totals always equal the sum of the lines per rate plus the BTW per rate.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency

from .constants import (
    PAYMENT_TERM_DAYS,
    REMINDER_DAYS,
    VAT_RATES,
    BuyerKind,
    InvoiceStatus,
    MatchState,
    VatCode,
)

RULES_VERSION = "billing-2026.1"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """An amount in euros, quantised to cents with ROUND_HALF_UP."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_euro(value: Decimal | int | str, *, locale: str = "nl_NL") -> str:
    """The one way money is written (T6.8): Babel's nl_NL currency format, "€ 1.234,56"."""
    return str(format_currency(money(value), "EUR", locale=locale))


def line_total(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Quantity times the unit price excl. BTW, in cents."""
    return money(Decimal(quantity) * Decimal(unit_price))


@dataclass(frozen=True)
class LineAmount:
    net: Decimal  # excl. BTW, already quantised
    vat_code: str


@dataclass(frozen=True)
class RateTotal:
    vat_code: str
    rate: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    per_rate: tuple[RateTotal, ...]
    net: Decimal
    vat: Decimal
    gross: Decimal
    rules_version: str = RULES_VERSION


# Fixed order on the invoice: highest rate first, the exemption last.
RATE_ORDER = (VatCode.STANDARD, VatCode.REDUCED, VatCode.ZERO, VatCode.EXEMPT)


def vat_of(net: Decimal, vat_code: str) -> Decimal:
    """BTW on a net amount at the code's rate; nothing for 0% and exempt."""
    return money(money(net) * VAT_RATES[vat_code] / Decimal(100))


def invoice_totals(lines: Iterable[LineAmount]) -> Totals:
    """Net per rate, BTW per rate and the totals; totals are sums of the per-rate figures."""
    nets: dict[str, Decimal] = {}
    for line in lines:
        nets[line.vat_code] = nets.get(line.vat_code, ZERO) + money(line.net)
    per_rate = tuple(
        RateTotal(code, VAT_RATES[code], money(nets[code]), vat_of(nets[code], code))
        for code in RATE_ORDER
        if code in nets
    )
    net = money(sum((r.net for r in per_rate), ZERO))
    vat = money(sum((r.vat for r in per_rate), ZERO))
    return Totals(per_rate=per_rate, net=net, vat=vat, gross=money(net + vat))


def credit_lines(
    lines: Sequence[tuple[Decimal, Decimal, str]],
) -> list[tuple[Decimal, Decimal, str]]:
    """The lines of a credit note for (quantity, unit price, vat code) lines: quantities negated."""
    return [(-Decimal(q), Decimal(p), code) for q, p, code in lines]


def due_date(
    *,
    issue_date: datetime.date,
    buyer_kind: str,
    supply_end: datetime.date | None = None,
    term_days: int | None = None,
) -> datetime.date:
    """Invoice date plus the term; a public-sector buyer pays after the event, so its term
    counts from the last day of the supply when that is later than the invoice date."""
    days = term_days if term_days is not None else PAYMENT_TERM_DAYS[BuyerKind(buyer_kind)]
    start = issue_date
    if buyer_kind == BuyerKind.PUBLIC_SECTOR and supply_end is not None and supply_end > start:
        start = supply_end
    return start + datetime.timedelta(days=days)


def invoice_status(
    *,
    is_sent: bool,
    is_credited: bool,
    gross: Decimal,
    paid: Decimal,
    due: datetime.date | None,
    today: datetime.date,
) -> InvoiceStatus:
    """The status shown for an invoice, from its facts only."""
    if not is_sent:
        return InvoiceStatus.DRAFT
    if is_credited:
        return InvoiceStatus.CREDITED
    if paid >= gross:
        return InvoiceStatus.PAID
    if due is not None and today > due:
        return InvoiceStatus.OVERDUE
    if paid > ZERO:
        return InvoiceStatus.PARTIALLY_PAID
    return InvoiceStatus.SENT


def reminders_due(*, due: datetime.date, today: datetime.date) -> list[int]:
    """Which reminders (days after the due date) have come for an unpaid invoice."""
    return [days for days in REMINDER_DAYS if today >= due + datetime.timedelta(days=days)]


def format_number(year: int, sequence: int) -> str:
    """The invoice number: year and a five-digit serial per issuing organisation, 2026-00001."""
    return f"{year}-{sequence:05d}"


NUMBER_PATTERN = re.compile(r"(?<!\d)(\d{4})\s?-\s?(\d{5})(?!\d)")


def numbers_in(text: str) -> list[str]:
    """Invoice numbers a payer wrote in the remittance text ("factuur 2026-00012")."""
    return [f"{y}-{n}" for y, n in NUMBER_PATTERN.findall(text or "")]


@dataclass(frozen=True)
class Match:
    state: MatchState
    invoice_number: str
    reason: str  # machine reason, shown through MATCH_REASONS


def match_line(*, remittance: str, amount: Decimal, outstanding: Mapping[str, Decimal]) -> Match:
    """Match a received amount on the invoice number in the remittance and the open amount.

    `outstanding` maps the seller's open invoice numbers to what is still to be paid. Exactly the
    open amount is matched; less is a partial payment; more, no number, an unknown number or a
    debit stays unmatched and is kept for a person to look at.
    """
    if amount <= ZERO:
        return Match(MatchState.UNMATCHED, "", "debit")
    known = [n for n in dict.fromkeys(numbers_in(remittance)) if n in outstanding]
    if not known:
        reason = "unknown_number" if numbers_in(remittance) else "no_number"
        return Match(MatchState.UNMATCHED, "", reason)
    if len(known) > 1:
        total = sum((outstanding[n] for n in known), ZERO)
        return Match(MatchState.UNMATCHED, "", "several" if amount != total else "several_exact")
    number = known[0]
    open_amount = outstanding[number]
    if amount == open_amount:
        return Match(MatchState.MATCHED, number, "exact")
    if amount < open_amount:
        return Match(MatchState.PARTIAL, number, "less")
    return Match(MatchState.UNMATCHED, number, "more")
