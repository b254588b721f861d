"""Billing's answer to training's hook: a confirmed paid seat becomes a draft invoice.

The buyer is the professional's employing organisation (an active membership of another
organisation than the course's provider); without one, the professional is invoiced as a person
and the beheerder adds the address before sending. Parents' seats (no account) are not invoiced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from hechtwerk.accounts.constants import OrganisationKind
from hechtwerk.training.constants import VatTreatment

from .constants import BuyerKind, VatCode
from .services import Buyer, add_line, buyer_of, create_invoice

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User
    from hechtwerk.training.models import Enrolment

VAT_OF_TREATMENT: dict[str, str] = {
    VatTreatment.STANDARD: VatCode.STANDARD,
    VatTreatment.EXEMPT: VatCode.EXEMPT,
}


def employer_of(user: User, *, seller: Organisation) -> Organisation | None:
    """The organisation the professional works for: a JGZ organisation first."""
    memberships = [
        m
        for m in user.memberships.filter(is_active=True).select_related("organisation")
        if m.organisation_id != seller.pk
    ]
    memberships.sort(key=lambda m: m.organisation.kind != OrganisationKind.JGZ)
    return memberships[0].organisation if memberships else None


def invoice_course_fee(enrolment: Enrolment, actor: User | None) -> None:
    """A draft invoice for the course fee of a confirmed seat, once per enrolment."""
    course = enrolment.edition.course
    if enrolment.user is None or not course.price_excl_vat:
        return
    seller = course.organisation
    employer = employer_of(enrolment.user, seller=seller)
    buyer = (
        buyer_of(employer, reference=enrolment.user.email)
        if employer is not None
        else Buyer(
            BuyerKind.PERSON,
            enrolment.user.get_full_name() or enrolment.user.email,
            email=enrolment.user.email,
        )
    )
    dates = sorted(s.date for s in enrolment.edition.sessions.all())
    start = dates[0] if dates else enrolment.edition.created_at.date()
    invoice = create_invoice(
        actor=actor,
        seller=seller,
        buyer=buyer,
        supply_start=start,
        supply_end=dates[-1] if dates else start,
        source_key=f"enrolment:{enrolment.uuid}",
    )
    if invoice.lines.exists():
        return
    add_line(
        actor=actor,
        invoice=invoice,
        description=_("Cursusgeld %(course)s (%(edition)s), deelnemer %(who)s")
        % {
            "course": course.name,
            "edition": str(enrolment.edition),
            "who": enrolment.user.get_full_name() or enrolment.user.email,
        },
        quantity=1,
        unit_price=course.price_excl_vat,
        vat_code=VAT_OF_TREATMENT.get(course.vat_treatment, VatCode.STANDARD),
    )
