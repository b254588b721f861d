"""Every write of billing: drafts, lines, sending (number + frozen PDF), credit notes, payments,
bank statements, reminders. Each raises `BillingError` with a Dutch message."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import btw

from hechtwerk.core.audit import log_action
from hechtwerk.core.documents import render_pdf
from hechtwerk.core.errors import ConflictError, DomainError, domain_error_from
from hechtwerk.core.mail import absolute_url, send_mail_once

from . import rules, statements
from .constants import (
    EXEMPTION_GROUND,
    REMINDER_DAYS,
    BuyerKind,
    InvoiceKind,
    MatchState,
    PaymentSource,
    VatCode,
)
from .models import (
    BankStatement,
    BankStatementLine,
    BillingProfile,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Payment,
    ProductLine,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


class BillingError(DomainError):
    """A billing action that cannot be done; the message says why in the user's language."""


class BillingConflictError(ConflictError, BillingError):
    """The invoice or statement line changed state first (HTTP 409)."""


class InvoiceFrozenError(BillingConflictError):
    """A sent invoice is never edited (T6.10); it is credited instead."""


def _clean(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise domain_error_from(exc, BillingError) from exc


def _today() -> datetime.date:
    return timezone.localdate()


# --- profile -------------------------------------------------------------------------------------


@transaction.atomic
def save_billing_profile(
    *, actor: User | None, organisation: Organisation, **details: Any
) -> BillingProfile:
    """Create or change an organisation's invoice details (name, address, KvK, BTW, IBAN, CRKBO)."""
    profile = BillingProfile.objects.filter(organisation=organisation).first() or BillingProfile(
        organisation=organisation, created_by=actor
    )
    for name, value in details.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    if profile.vat_number:
        profile.vat_number = "NL" + btw.compact(profile.vat_number)
        if not btw.is_valid(profile.vat_number):
            raise BillingError(
                _("Dit is geen geldig btw-identificatienummer (NL123456789B01)."),
                field="vat_number",
            )
    profile.updated_by = actor
    _clean(profile)
    profile.save()
    log_action("billing.profile.saved", actor=actor, target=profile, organisation=organisation)
    return profile


# --- drafts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Buyer:
    """Who pays: an organisation (its profile gives name and address) or a person."""

    kind: str
    name: str = ""
    address: str = ""
    email: str = ""
    vat_number: str = ""
    organisation: Organisation | None = None
    reference: str = ""


def buyer_of(organisation: Organisation, *, reference: str = "") -> Buyer:
    """The buyer snapshot of an organisation: its invoice details, else its name."""
    profile = BillingProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return Buyer(
            BuyerKind.ORGANISATION,
            organisation.name,
            organisation=organisation,
            reference=reference,
        )
    return Buyer(
        BuyerKind.PUBLIC_SECTOR if profile.is_public_sector else BuyerKind.ORGANISATION,
        profile.legal_name,
        profile.address,
        profile.invoice_email,
        profile.vat_number,
        organisation,
        reference,
    )


@transaction.atomic
def create_invoice(
    *,
    actor: User | None,
    seller: Organisation,
    buyer: Buyer,
    supply_start: datetime.date,
    supply_end: datetime.date,
    source_key: str | None = None,
) -> Invoice:
    """A draft invoice (no number yet) from `seller` to `buyer` for a supply date or period."""
    if source_key and Invoice.objects.filter(source_key=source_key).exists():
        return Invoice.objects.get(source_key=source_key)
    if supply_end < supply_start:
        raise BillingError(
            _("De einddatum van de levering ligt vóór de begindatum."), field="supply_end"
        )
    invoice = Invoice(
        seller=seller,
        buyer_kind=buyer.kind,
        buyer_organisation=buyer.organisation,
        buyer_name=buyer.name,
        buyer_address=buyer.address,
        buyer_email=buyer.email,
        buyer_vat_number=buyer.vat_number,
        buyer_reference=buyer.reference,
        supply_start=supply_start,
        supply_end=supply_end,
        source_key=source_key or None,
        created_by=actor,
        updated_by=actor,
    )
    _clean(invoice, exclude=["buyer_address"])
    invoice.save()
    log_action(
        "billing.invoice.created",
        actor=actor,
        target=invoice,
        organisation=seller,
        data={"source": source_key or ""},
    )
    return invoice


def _draft(invoice: Invoice) -> Invoice:
    """The invoice locked for a change; a sent one refuses (T6.10)."""
    locked = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if locked.is_sent:
        raise InvoiceFrozenError(
            _(
                "Factuur %(number)s is verzonden en kan niet meer worden gewijzigd. "
                "Maak een creditnota en zo nodig een nieuwe factuur."
            )
            % {"number": locked.number}
        )
    return locked


def _decimal(value: Any, field_name: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation as exc:
        raise BillingError(message, field=field_name) from exc
    if not number.is_finite():
        raise BillingError(message, field=field_name)
    return number


@transaction.atomic
def add_line(
    *,
    actor: User | None,
    invoice: Invoice,
    description: str,
    quantity: Decimal | int | str,
    unit_price: Decimal | int | str,
    vat_code: str,
    product_line: ProductLine | None = None,
) -> InvoiceLine:
    """Add a line (description, quantity, unit price excl. BTW, BTW rate) to a draft."""
    invoice = _draft(invoice)
    qty = _decimal(quantity, "quantity", _("Vul een aantal in, bijvoorbeeld 1 of 2,5."))
    price = rules.money(_decimal(unit_price, "unit_price", _("Vul een prijs in, zoals 300,00.")))
    if vat_code not in VatCode.values:
        raise BillingError(_("Kies een btw-tarief."), field="vat_code")
    if invoice.kind == InvoiceKind.INVOICE and qty <= 0:
        raise BillingError(_("Het aantal moet groter zijn dan nul."), field="quantity")
    if price < 0:
        raise BillingError(_("Een prijs kan niet negatief zijn."), field="unit_price")
    line = InvoiceLine(
        invoice=invoice,
        order=invoice.lines.count() + 1,
        description=description.strip(),
        quantity=qty,
        unit_price=price,
        vat_code=vat_code,
        product_line=product_line,
        created_by=actor,
        updated_by=actor,
    )
    _clean(line)
    line.save()
    log_action(
        "billing.invoice.line_added",
        actor=actor,
        target=invoice,
        organisation=invoice.seller,
        data={"net": str(line.net), "vat": vat_code},
    )
    return line


@transaction.atomic
def delete_invoice(*, actor: User | None, invoice: Invoice) -> None:
    """Remove a draft. A sent invoice is kept for seven years and corrected by a credit note (T4.5)."""
    invoice = _draft(invoice)
    log_action("billing.invoice.deleted", actor=actor, target=invoice, organisation=invoice.seller)
    invoice.lines.all().delete()
    invoice.delete()


# --- numbering and sending -----------------------------------------------------------------------


def next_number(*, seller: Organisation, year: int) -> int:
    """The next serial for `seller` in `year`: a locked counter row, so no gaps and no doubles.

    Must run inside the transaction that uses the number: the lock is held until it commits and
    a rollback gives the number back (T5.5).
    """
    if not InvoiceCounter.objects.filter(organisation=seller, year=year).exists():
        try:
            with transaction.atomic():
                InvoiceCounter.objects.create(organisation=seller, year=year)
        except IntegrityError:
            pass  # another transaction created it at the same moment; lock theirs below
    counter = InvoiceCounter.objects.select_for_update(of=("self",)).get(
        organisation=seller, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _check_sendable(
    invoice: Invoice, lines: list[InvoiceLine], profile: BillingProfile | None
) -> None:
    if not lines:
        raise BillingError(_("Een factuur zonder regels kan niet worden verzonden."))
    if profile is None or not (profile.legal_name and profile.address):
        raise BillingError(
            _("Vul eerst de factuurgegevens van je organisatie in (naam, adres, KvK en btw).")
        )
    if not profile.kvk_number or not profile.vat_number:
        raise BillingError(
            _("Een factuur moet het KvK-nummer en het btw-nummer van de verkoper vermelden.")
        )
    if not invoice.buyer_name or not invoice.buyer_address.strip():
        raise BillingError(_("Vul de naam en het adres van de afnemer in."), field="buyer_address")
    if any(line.is_exempt for line in lines) and not profile.crkbo_registered:
        raise BillingError(
            _(
                "Een regel is vrijgesteld van btw, maar je organisatie staat niet als "
                "CRKBO-geregistreerd in de factuurgegevens."
            )
        )


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    """What the invoice document shows (also the page)."""
    lines = list(invoice.lines.all())
    totals = rules.invoice_totals(rules.LineAmount(line.net, line.vat_code) for line in lines)
    return {
        "invoice": invoice,
        "lines": lines,
        "totals": totals,
        "has_exempt": any(line.is_exempt for line in lines),
        "exemption_ground": EXEMPTION_GROUND,
    }


def render_invoice_pdf(invoice: Invoice) -> bytes:
    title = (_("Creditnota %(number)s") if invoice.is_credit_note else _("Factuur %(number)s")) % {
        "number": invoice.number
    }
    return render_pdf("billing/invoice_pdf.html", invoice_context(invoice), title=title)


@transaction.atomic
def send_invoice(
    *, actor: User | None, invoice: Invoice, today: datetime.date | None = None
) -> Invoice:
    """Number the draft, copy the seller's details, fix the totals and freeze it as a PDF."""
    invoice = _draft(invoice)
    today = today or _today()
    lines = list(invoice.lines.all())
    profile = BillingProfile.objects.filter(organisation=invoice.seller_id).first()
    _check_sendable(invoice, lines, profile)
    assert profile is not None
    totals = rules.invoice_totals(rules.LineAmount(line.net, line.vat_code) for line in lines)
    if invoice.kind == InvoiceKind.INVOICE and totals.gross < 0:
        raise BillingError(_("Het totaal van een factuur kan niet negatief zijn."))
    invoice.sequence = next_number(seller=invoice.seller, year=today.year)
    invoice.year = today.year
    invoice.number = rules.format_number(today.year, invoice.sequence)
    invoice.issue_date = today
    invoice.due_date = (
        None
        if invoice.is_credit_note
        else rules.due_date(
            issue_date=today, buyer_kind=invoice.buyer_kind, supply_end=invoice.supply_end
        )
    )
    invoice.sent_at = timezone.now()
    invoice.seller_name = profile.legal_name
    invoice.seller_address = profile.address
    invoice.seller_kvk = profile.kvk_number
    invoice.seller_vat_number = profile.vat_number
    invoice.seller_iban = profile.iban
    invoice.total_net, invoice.total_vat, invoice.total_gross = totals.net, totals.vat, totals.gross
    invoice.updated_by = actor
    invoice.pdf = render_invoice_pdf(invoice)
    invoice.save()
    log_action(
        "billing.invoice.sent",
        actor=actor,
        target=invoice,
        organisation=invoice.seller,
        data={
            "number": invoice.number,
            "gross": str(totals.gross),
            "kind": invoice.kind,
            "rules_version": totals.rules_version,
        },
    )
    return invoice


# --- credit notes --------------------------------------------------------------------------------


@transaction.atomic
def credit_invoice(
    *,
    actor: User | None,
    invoice: Invoice,
    reason: str = "",
    replace: bool = False,
    today: datetime.date | None = None,
) -> tuple[Invoice, Invoice | None]:
    """A sent credit note with the original's lines negated, and optionally a replacement draft."""
    original = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if not original.is_sent or original.is_credit_note:
        raise BillingError(_("Alleen een verzonden factuur kan worden gecrediteerd."))
    if original.is_credited():
        raise BillingConflictError(_("Deze factuur is al gecrediteerd."))
    if original.payments.exists():
        raise BillingError(
            _(
                "Op deze factuur is al betaald. Leg eerst vast hoe het betaalde bedrag wordt "
                "terugbetaald of verrekend; crediteren kan daarna."
            )
        )
    note = Invoice(
        kind=InvoiceKind.CREDIT_NOTE,
        seller=original.seller,
        buyer_kind=original.buyer_kind,
        buyer_organisation=original.buyer_organisation,
        buyer_name=original.buyer_name,
        buyer_address=original.buyer_address,
        buyer_email=original.buyer_email,
        buyer_vat_number=original.buyer_vat_number,
        buyer_reference=original.buyer_reference,
        supply_start=original.supply_start,
        supply_end=original.supply_end,
        credits=original,
        created_by=actor,
        updated_by=actor,
    )
    _clean(note)
    note.save()
    lines = list(original.lines.all())
    for line in lines:
        InvoiceLine.objects.create(
            invoice=note,
            order=line.order,
            description=line.description,
            quantity=-line.quantity,
            unit_price=line.unit_price,
            vat_code=line.vat_code,
            product_line=line.product_line,
            created_by=actor,
        )
    log_action(
        "billing.invoice.credited",
        actor=actor,
        target=original,
        organisation=original.seller,
        data={"number": original.number, "reason": reason.strip()[:300], "replace": replace},
    )
    note = send_invoice(actor=actor, invoice=note, today=today)
    replacement = None
    if replace:
        replacement = create_invoice(
            actor=actor,
            seller=original.seller,
            buyer=Buyer(
                original.buyer_kind,
                original.buyer_name,
                original.buyer_address,
                original.buyer_email,
                original.buyer_vat_number,
                original.buyer_organisation,
                original.buyer_reference,
            ),
            supply_start=original.supply_start,
            supply_end=original.supply_end,
        )
        replacement.replaces = original
        replacement.save(update_fields=["replaces"])
        for line in lines:
            add_line(
                actor=actor,
                invoice=replacement,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_code=line.vat_code,
                product_line=line.product_line,
            )
    return note, replacement


# --- payments ------------------------------------------------------------------------------------


@transaction.atomic
def register_payment(
    *,
    actor: User | None,
    invoice: Invoice,
    amount: Decimal | str,
    paid_on: datetime.date,
    note: str = "",
    source: str = PaymentSource.MANUAL,
    statement_line: BankStatementLine | None = None,
) -> Payment:
    """Record money received for a sent invoice."""
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if not invoice.is_sent or invoice.is_credit_note:
        raise BillingError(_("Betalingen horen bij een verzonden factuur."))
    value = rules.money(_decimal(amount, "amount", _("Vul een bedrag in, zoals 150,00.")))
    if value <= 0:
        raise BillingError(_("Het bedrag moet groter zijn dan nul."), field="amount")
    if paid_on > _today():
        raise BillingError(_("De betaaldatum ligt in de toekomst."), field="paid_on")
    payment = Payment(
        invoice=invoice,
        amount=value,
        paid_on=paid_on,
        source=source,
        statement_line=statement_line,
        note=note.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _clean(payment)
    payment.save()
    log_action(
        "billing.payment.registered",
        actor=actor,
        target=invoice,
        organisation=invoice.seller,
        data={"amount": str(value), "source": source},
    )
    return payment


@dataclass
class ImportResult:
    statement: BankStatement | None
    added: list[BankStatementLine] = field(default_factory=list)
    already_known: int = 0

    def count(self, state: str) -> int:
        return sum(1 for line in self.added if line.match_state == state)


def outstanding_by_number(seller: Organisation) -> dict[str, Decimal]:
    """Open amounts of the seller's sent invoices by number."""
    open_amounts: dict[str, Decimal] = {}
    invoices = (
        Invoice.objects.issued_by(seller)
        .sent()
        .filter(kind=InvoiceKind.INVOICE)
        .prefetch_related("credit_notes", "payments")
    )
    for invoice in invoices:
        amount = invoice.outstanding()
        if amount > 0:
            open_amounts[invoice.number] = amount
    return open_amounts


@transaction.atomic
def import_bank_statement(
    *, actor: User | None, organisation: Organisation, file_name: str, content: bytes
) -> ImportResult:
    """Read a CAMT.053 or CSV statement, keep every new line and register matched payments.

    A line already imported (same entry key) is skipped, so a second import changes nothing.
    """
    try:
        fmt, entries = statements.parse(content)
    except statements.StatementFormatError as exc:
        raise BillingError(str(exc), field="file") from exc
    known = set(
        BankStatementLine.objects.filter(
            organisation=organisation, entry_key__in=[e.entry_key for e in entries]
        ).values_list("entry_key", flat=True)
    )
    new = [e for e in entries if e.entry_key not in known]
    result = ImportResult(statement=None, already_known=len(entries) - len(new))
    if not new:
        log_action(
            "billing.statement.repeated",
            actor=actor,
            organisation=organisation,
            data={"lines": len(entries)},
        )
        return result
    statement = BankStatement.objects.create(
        organisation=organisation,
        file_name=file_name[:200],
        format=fmt,
        file_sha256=hashlib.sha256(content).hexdigest(),
        created_by=actor,
    )
    result.statement = statement
    open_amounts = outstanding_by_number(organisation)
    invoices = {
        i.number: i
        for i in Invoice.objects.issued_by(organisation).filter(number__in=list(open_amounts))
    }
    for entry in new:
        match = rules.match_line(
            remittance=entry.remittance, amount=entry.amount, outstanding=open_amounts
        )
        invoice = invoices.get(match.invoice_number)
        line = BankStatementLine.objects.create(
            organisation=organisation,
            statement=statement,
            entry_key=entry.entry_key,
            booking_date=entry.booking_date,
            amount=entry.amount,
            counterparty_name=entry.counterparty_name,
            counterparty_iban=entry.counterparty_iban,
            remittance=entry.remittance,
            match_state=match.state,
            match_reason=match.reason,
            invoice=invoice,
            created_by=actor,
        )
        if match.state in (MatchState.MATCHED, MatchState.PARTIAL) and invoice is not None:
            Payment.objects.create(
                invoice=invoice,
                amount=entry.amount,
                paid_on=entry.booking_date,
                source=PaymentSource.BANK,
                statement_line=line,
                created_by=actor,
            )
            open_amounts[invoice.number] = open_amounts[invoice.number] - entry.amount
        result.added.append(line)
    log_action(
        "billing.statement.imported",
        actor=actor,
        target=statement,
        organisation=organisation,
        data={
            "format": fmt,
            "added": len(new),
            "already_known": result.already_known,
            "matched": result.count(MatchState.MATCHED),
            "partial": result.count(MatchState.PARTIAL),
            "unmatched": result.count(MatchState.UNMATCHED),
        },
    )
    return result


@transaction.atomic
def link_statement_line(
    *, actor: User | None, line: BankStatementLine, invoice: Invoice
) -> Payment:
    """Book a kept, unmatched received amount on an invoice by hand."""
    line = BankStatementLine.objects.select_for_update(of=("self",)).get(pk=line.pk)
    if line.match_state != MatchState.UNMATCHED or line.amount <= 0:
        raise BillingConflictError(_("Deze afschriftregel is al gekoppeld of is geen ontvangst."))
    if invoice.seller_id != line.organisation_id:
        raise BillingError(_("Kies een factuur van je eigen organisatie."), field="invoice")
    payment = register_payment(
        actor=actor,
        invoice=invoice,
        amount=line.amount,
        paid_on=line.booking_date,
        source=PaymentSource.BANK,
        statement_line=line,
    )
    line.invoice = invoice
    line.match_state = MatchState.MATCHED if invoice.outstanding() == 0 else MatchState.PARTIAL
    line.match_reason = "by_hand"
    line.updated_by = actor
    line.save(update_fields=["invoice", "match_state", "match_reason", "updated_by", "updated_at"])
    return payment


# --- invoices made by other apps -----------------------------------------------------------------


@transaction.atomic
def invoice_product_lines(
    *,
    seller: Organisation,
    buyer: Buyer | Organisation,
    lines: Sequence[ProductLine | tuple[ProductLine, Decimal | int]],
    period: tuple[datetime.date, datetime.date],
    actor: User | None = None,
    source_key: str | None = None,
) -> Invoice:
    """A draft for product lines (licence, membership...) over a period; licensing calls this."""
    if not isinstance(buyer, Buyer):
        buyer = buyer_of(buyer)
    invoice = create_invoice(
        actor=actor,
        seller=seller,
        buyer=buyer,
        supply_start=period[0],
        supply_end=period[1],
        source_key=source_key,
    )
    if invoice.lines.exists():
        return invoice  # made before for this source
    start, end = (d.strftime("%d-%m-%Y") for d in period)
    for item in lines:
        product, quantity = item if isinstance(item, tuple) else (item, 1)
        if product.organisation_id != seller.pk:
            raise BillingError(_("Dit product hoort niet bij deze verkoper."))
        add_line(
            actor=actor,
            invoice=invoice,
            description=f"{product.description} {start} – {end}",
            quantity=quantity,
            unit_price=product.unit_price,
            vat_code=product.vat_code,
            product_line=product,
        )
    return invoice


# --- reminders -----------------------------------------------------------------------------------


def send_invoice_reminders(*, today: datetime.date | None = None) -> int:
    """Mail the buyer of each unpaid invoice 14 and 30 days after its due date, each once."""
    today = today or _today()
    sent = 0
    latest_due = today - datetime.timedelta(days=min(REMINDER_DAYS))
    candidates = (
        Invoice.objects.sent()
        .filter(kind=InvoiceKind.INVOICE, due_date__lte=latest_due)
        .exclude(buyer_email="")
        .select_related("seller")
        .prefetch_related("credit_notes", "payments")
    )
    for invoice in candidates:
        assert invoice.due_date is not None
        if invoice.outstanding() <= 0:
            continue
        for days in rules.reminders_due(due=invoice.due_date, today=today):
            _mail, created = send_mail_once(
                key=("billing-reminder", invoice.uuid, days),
                to=invoice.buyer_email,
                template="billing/invoice_reminder",
                context={
                    "number": invoice.number,
                    "seller": invoice.seller_name,
                    "amount": rules.format_euro(invoice.outstanding()),
                    "due_date": invoice.due_date.strftime("%d-%m-%Y"),
                    "days": days,
                    "iban": invoice.seller_iban,
                    "invoices_url": absolute_url(reverse("billing:received")),
                },
                language="nl",
                organisation=invoice.seller,
            )
            sent += int(created)
    return sent
