"""Invoices with their lines, credit notes, payments, bank statements and the number counter."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from . import rules
from .constants import (
    VAT_RATES,
    BuyerKind,
    InvoiceKind,
    InvoiceStatus,
    MatchState,
    PaymentSource,
    ProductCode,
    StatementFormat,
    VatCode,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership, Organisation


class BillingProfile(DomainModel):
    """An organisation's invoice details: as seller on its invoices, as buyer's address default."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="billing_profile",
        verbose_name=_("organisatie"),
    )
    legal_name = models.CharField(_("naam op de factuur"), max_length=200)
    address = models.TextField(_("adres"), help_text=_("Straat en huisnummer, postcode en plaats."))
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    vat_number = models.CharField(_("btw-identificatienummer"), max_length=14, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    crkbo_registered = models.BooleanField(_("ingeschreven in het CRKBO-register"), default=False)
    invoice_email = models.EmailField(_("e-mailadres voor facturen"), blank=True)
    is_public_sector = models.BooleanField(
        _("overheidsorganisatie"),
        default=False,
        help_text=_("Betaalt na afloop: de betaaltermijn telt vanaf de laatste dag."),
    )

    class Meta:
        verbose_name = _("factuurgegevens")
        verbose_name_plural = _("factuurgegevens")

    def __str__(self) -> str:
        return self.legal_name


class ProductLine(DomainModel):
    """A priced product a seller invoices (licence, membership, course fee): prices are data."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="product_lines"
    )
    code = models.CharField(_("product"), max_length=20, choices=ProductCode.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    unit_price = models.DecimalField(_("prijs excl. btw"), max_digits=12, decimal_places=2)
    vat_code = models.CharField(_("btw"), max_length=12, choices=VatCode.choices)
    period_months = models.PositiveSmallIntegerField(_("periode (maanden)"), default=12)

    class Meta:
        verbose_name = _("productregel")
        verbose_name_plural = _("productregels")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="billing_product_line_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="billing_product_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class InvoiceCounter(models.Model):
    """The last number used per issuing organisation and year; locked while a number is taken."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="billing_counter_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def issued_by(self, organisation: Organisation) -> InvoiceQuerySet:
        return self.filter(seller=organisation)

    def sent(self) -> InvoiceQuerySet:
        return self.exclude(number="")

    def addressed_to(self, organisation: Organisation) -> InvoiceQuerySet:
        """Sent invoices and credit notes whose buyer is `organisation`."""
        return self.sent().filter(buyer_organisation=organisation)

    def visible_to(self, membership: Membership, *, as_seller: bool) -> InvoiceQuerySet:
        """Own organisation's received invoices; its issued ones too when it may manage them."""
        organisation = membership.organisation
        received = Q(buyer_organisation=organisation) & ~Q(number="")
        return self.filter(received | Q(seller=organisation) if as_seller else received)

    def with_paid(self) -> InvoiceQuerySet:
        return self.annotate(paid_total=Sum("payments__amount"))


class Invoice(DomainModel):
    """An invoice or credit note. A draft has no number; sending numbers and freezes it (T6.10)."""

    kind = models.CharField(
        _("soort"), max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    seller = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="invoices_issued",
        verbose_name=_("verkoper"),
    )
    # Seller details as printed: copied from the BillingProfile when the invoice is sent.
    seller_name = models.CharField(_("naam verkoper"), max_length=200, blank=True)
    seller_address = models.TextField(_("adres verkoper"), blank=True)
    seller_kvk = models.CharField(_("KvK-nummer verkoper"), max_length=8, blank=True)
    seller_vat_number = models.CharField(_("btw-nummer verkoper"), max_length=14, blank=True)
    seller_iban = models.CharField(_("IBAN verkoper"), max_length=34, blank=True)
    # Buyer snapshot: the employing organisation or a person, as it was when invoiced.
    buyer_kind = models.CharField(_("soort afnemer"), max_length=12, choices=BuyerKind.choices)
    buyer_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="invoices_received",
        null=True,
        blank=True,
        verbose_name=_("afnemende organisatie"),
    )
    buyer_name = models.CharField(_("naam afnemer"), max_length=200)
    buyer_address = models.TextField(_("adres afnemer"))
    buyer_vat_number = models.CharField(_("btw-nummer afnemer"), max_length=14, blank=True)
    buyer_email = models.EmailField(_("e-mailadres afnemer"), blank=True)
    buyer_reference = models.CharField(
        _("kenmerk afnemer"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld een inkoopnummer."),
    )
    supply_start = models.DateField(_("geleverd vanaf"))
    supply_end = models.DateField(_("geleverd tot en met"))
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="credit_notes",
        null=True,
        blank=True,
        verbose_name=_("crediteert factuur"),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="replacements",
        null=True,
        blank=True,
        verbose_name=_("vervangt factuur"),
    )
    # What created it (e.g. "enrolment:<uuid>"): a second call for the same source does nothing.
    source_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    number = models.CharField(_("factuurnummer"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    issue_date = models.DateField(_("factuurdatum"), null=True, blank=True)
    due_date = models.DateField(_("vervaldatum"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # Frozen when sent: the totals and the PDF as the buyer received them.
    total_net = models.DecimalField(
        _("totaal excl. btw"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    total_vat = models.DecimalField(
        _("btw"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    total_gross = models.DecimalField(
        _("totaal incl. btw"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    pdf = models.BinaryField(_("pdf"), null=True, blank=True, editable=False)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        ordering = ["-issue_date", "-sequence", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "number"],
                condition=~Q(number=""),
                name="billing_invoice_number_unique_per_seller",
            ),
            models.CheckConstraint(
                condition=Q(supply_end__gte=models.F("supply_start")),
                name="billing_invoice_supply_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("concept"))

    @property
    def is_sent(self) -> bool:
        return bool(self.number)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE

    def totals(self) -> rules.Totals:
        return rules.invoice_totals(
            rules.LineAmount(line.net, line.vat_code) for line in self.lines.all()
        )

    def paid(self) -> Decimal:
        """What was paid on it: the annotated total, the prefetched payments, or one query."""
        found = getattr(self, "paid_total", None)
        if found is None and "payments" in getattr(self, "_prefetched_objects_cache", {}):
            found = sum((p.amount for p in self.payments.all()), Decimal(0))
        if found is None:
            found = self.payments.aggregate(total=Sum("amount"))["total"]
        return rules.money(found or 0)

    def is_credited(self) -> bool:
        credited = sum(
            (note.total_gross or Decimal(0) for note in self.credit_notes.all() if note.is_sent),
            Decimal(0),
        )
        return self.is_sent and self.total_gross is not None and -credited >= self.total_gross

    def status(self, *, today: datetime.date) -> InvoiceStatus:
        gross = self.total_gross if self.total_gross is not None else self.totals().gross
        if self.is_credit_note and self.is_sent:
            return InvoiceStatus.SENT
        return rules.invoice_status(
            is_sent=self.is_sent,
            is_credited=self.is_credited(),
            gross=gross,
            paid=self.paid(),
            due=self.due_date,
            today=today,
        )

    def outstanding(self) -> Decimal:
        if not self.is_sent or self.is_credit_note or self.total_gross is None:
            return Decimal("0.00")
        credited = sum(
            (note.total_gross or Decimal(0) for note in self.credit_notes.all() if note.is_sent),
            Decimal(0),
        )
        return max(rules.money(self.total_gross + credited - self.paid()), Decimal("0.00"))


class InvoiceLine(DomainModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    description = models.CharField(_("omschrijving"), max_length=300)
    quantity = models.DecimalField(_("aantal"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("prijs per stuk excl. btw"), max_digits=12, decimal_places=2)
    vat_code = models.CharField(_("btw"), max_length=12, choices=VatCode.choices)
    product_line = models.ForeignKey(
        ProductLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="billing_line_unit_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def net(self) -> Decimal:
        return rules.line_total(self.quantity, self.unit_price)

    @property
    def vat_rate(self) -> Decimal:
        return VAT_RATES[self.vat_code]

    @property
    def is_exempt(self) -> bool:
        return self.vat_code == VatCode.EXEMPT


class BankStatement(DomainModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="bank_statements"
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    format = models.CharField(_("indeling"), max_length=20, choices=StatementFormat.choices)
    file_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class BankStatementLine(DomainModel):
    """One booked amount from a statement, kept whatever its match (never lost)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    # The bank's reference of the entry, or a hash of its contents: unique per organisation,
    # so importing the same statement twice adds nothing.
    entry_key = models.CharField(max_length=100)
    booking_date = models.DateField(_("boekdatum"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    counterparty_name = models.CharField(_("tegenpartij"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("rekening tegenpartij"), max_length=34, blank=True)
    remittance = models.CharField(_("omschrijving"), max_length=500, blank=True)
    match_state = models.CharField(_("koppeling"), max_length=20, choices=MatchState.choices)
    match_reason = models.CharField(max_length=20, blank=True)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_lines"
    )

    class Meta:
        ordering = ["-booking_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "entry_key"], name="billing_statement_line_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount}"


class Payment(DomainModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("betaald op"))
    source = models.CharField(_("bron"), max_length=12, choices=PaymentSource.choices)
    statement_line = models.OneToOneField(
        BankStatementLine, on_delete=models.PROTECT, null=True, blank=True, related_name="payment"
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
