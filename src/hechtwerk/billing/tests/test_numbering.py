"""T5.5: 50 invoices sent at the same moment get 50 distinct numbers without a gap."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from hechtwerk.accounts.constants import OrganisationKind
from hechtwerk.accounts.tests.factories import OrganisationFactory
from hechtwerk.billing import services
from hechtwerk.billing.models import Invoice

from .conftest import buyer_profile, draft, seller_profile

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_it_numbers_50_concurrent_invoices_without_gaps_or_doubles() -> None:
    seller = OrganisationFactory(name="Stichting Nummer", kind=OrganisationKind.TRAINING_PROVIDER)
    buyer = OrganisationFactory(name="JGZ Nummer", kind=OrganisationKind.JGZ)
    seller_profile(seller)
    buyer_profile(buyer)
    drafts = [draft(seller, buyer, ("x", "1", "10", "21")) for _ in range(50)]
    start = threading.Barrier(50)
    errors: list[BaseException] = []

    def send(invoice: Invoice) -> None:
        try:
            start.wait()
            services.send_invoice(actor=None, invoice=invoice, today=datetime.date(2026, 5, 1))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Invoice.objects.filter(seller=seller).values_list("sequence", flat=True))
    assert numbers == list(range(1, 51))
