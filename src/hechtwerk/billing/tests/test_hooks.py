"""A professional's paid seat becomes a draft invoice to the employing organisation (T5.6)."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest

from hechtwerk.billing.constants import BuyerKind, VatCode
from hechtwerk.billing.models import Invoice
from hechtwerk.training.constants import CourseKind, VatTreatment
from hechtwerk.training.models import Enrolment
from hechtwerk.training.services import SessionPlan, create_course, enrol
from hechtwerk.training.tests.conftest import make_edition

from .conftest import buyer_profile


def _course(foundation, *, price: str, vat: str = VatTreatment.EXEMPT):
    course = create_course(
        actor=None,
        organisation=foundation,
        name="Basistraining Focus op Hechting",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Een", 60)],
        group_max=20,
    )
    course.price_excl_vat = Decimal(price)
    course.vat_treatment = vat
    course.save()
    return course


def test_it_drafts_the_course_fee_to_the_nurses_employer(foundation, jgz, nurse, trainer) -> None:
    buyer_profile(jgz, public=True)
    edition = make_edition(_course(foundation, price="750.00"), trainer)
    enrol(actor=nurse.user, edition=edition, user=nurse.user)
    invoice = Invoice.objects.get(seller=foundation)
    assert invoice.number == ""  # a draft: the beheerder checks and sends it
    assert invoice.buyer_organisation == jgz
    assert invoice.buyer_kind == BuyerKind.PUBLIC_SECTOR
    assert invoice.buyer_name == "GGD Hollands Testland"
    line = invoice.lines.get()
    assert (line.unit_price, line.vat_code) == (Decimal("750.00"), VatCode.EXEMPT)


def test_it_makes_no_invoice_for_a_free_course(foundation, nurse, trainer) -> None:
    edition = make_edition(_course(foundation, price="0"), trainer)
    enrol(actor=nurse.user, edition=edition, user=nurse.user)
    assert not Invoice.objects.exists()


def test_it_keeps_no_enrolment_when_the_invoice_fails(foundation, nurse, trainer) -> None:
    """T5.6: enrolment and invoice are made together or not at all."""
    edition = make_edition(_course(foundation, price="750.00"), trainer)
    with (
        mock.patch("hechtwerk.billing.hooks.add_line", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        enrol(actor=nurse.user, edition=edition, user=nurse.user)
    assert not Enrolment.objects.filter(user=nurse.user).exists()
    assert not Invoice.objects.exists()
