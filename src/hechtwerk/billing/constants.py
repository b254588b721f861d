"""Choices of the billing app: English members, Dutch labels."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class VatCode(models.TextChoices):
    """The BTW treatment of one invoice line; the rate is data beside it (VAT_RATES)."""

    STANDARD = "21", _("21% btw")
    REDUCED = "9", _("9% btw")
    ZERO = "0", _("0% btw")
    # Vocational training by a CRKBO-registered institution (art. 11 lid 1 onder o Wet OB).
    EXEMPT = "vrijgesteld", _("vrijgesteld van btw")


VAT_RATES: dict[str, Decimal] = {
    VatCode.STANDARD: Decimal("21"),
    VatCode.REDUCED: Decimal("9"),
    VatCode.ZERO: Decimal("0"),
    VatCode.EXEMPT: Decimal("0"),
}


class BuyerKind(models.TextChoices):
    ORGANISATION = "organisatie", _("Organisatie")
    PUBLIC_SECTOR = "overheid", _("Overheidsorganisatie")
    PERSON = "persoon", _("Particulier")


class InvoiceKind(models.TextChoices):
    INVOICE = "factuur", _("Factuur")
    CREDIT_NOTE = "creditnota", _("Creditnota")


class InvoiceStatus(models.TextChoices):
    """Derived from facts (sent, payments, credit notes, dates); never stored."""

    DRAFT = "concept", _("Concept")
    SENT = "verzonden", _("Verzonden")
    PARTIALLY_PAID = "deels_betaald", _("Deels betaald")
    PAID = "betaald", _("Betaald")
    OVERDUE = "te_laat", _("Te laat")
    CREDITED = "gecrediteerd", _("Gecrediteerd")


class PaymentSource(models.TextChoices):
    MANUAL = "handmatig", _("Handmatig vastgelegd")
    BANK = "bank", _("Bankafschrift")


class StatementFormat(models.TextChoices):
    CAMT053 = "camt053", _("CAMT.053 (XML)")
    RABOBANK_CSV = "rabobank_csv", _("CSV (Rabobank-indeling)")


class MatchState(models.TextChoices):
    MATCHED = "gekoppeld", _("Gekoppeld")
    PARTIAL = "deels", _("Deels betaald")
    UNMATCHED = "niet_gekoppeld", _("Niet gekoppeld")


class ProductCode(models.TextChoices):
    LICENCE = "licentie", _("Licentie trainer")
    MEMBERSHIP = "lidmaatschap", _("Lidmaatschap stichting")
    COURSE = "cursus", _("Cursusgeld")


# The legal ground printed on an exempt line (Wet OB art. 11 lid 1 onder o; CRKBO).
EXEMPTION_GROUND = _(
    "Vrijgesteld van btw: beroepsopleiding door een CRKBO-geregistreerde instelling "
    "(artikel 11, eerste lid, onderdeel o, Wet op de omzetbelasting 1968)."
)
# Days after the due date on which an unpaid invoice gets a reminder, each once.
REMINDER_DAYS = (14, 30)
# Payment terms in days after the invoice date, per buyer kind (rules.due_date).
PAYMENT_TERM_DAYS = {BuyerKind.ORGANISATION: 30, BuyerKind.PUBLIC_SECTOR: 30, BuyerKind.PERSON: 14}
# Fiscal retention duty (art. 52 AWR): sent invoices are kept this many years.
RETENTION_YEARS = 7
