"""Benchmark of billing (issue 10): the yearly licence and membership invoices for 2,000 trainers.

    .venv/bin/python bench/billing_yearly_invoices.py [--trainers 2000] [--pdf-sample 50]
        [--database-url postgres://postgres@127.0.0.1:5432/hechtwerk_bench]

In a throw-away test database: one foundation with its invoice details and two product lines
(licence €300, membership €150 per year excl. BTW), then for each trainer
`invoice_product_lines` (a draft with both lines) and `send_invoice` (number from the locked
counter, totals, frozen). Prints the time and the number of queries per invoice.

The PDF is measured separately: the 2,000 invoices are sent with the PDF rendering replaced by a
stub (the database work only), then `--pdf-sample` invoices are sent for real and the PDF's share
is printed, so the cost of a full run can be read off as (database + PDF) × trainers.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainers", type=int, default=2000)
    parser.add_argument("--pdf-sample", type=int, default=50)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def setup_django(database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings

    if database_url:
        import dj_database_url

        settings.DATABASES["default"] = dj_database_url.parse(database_url)
        settings.DATABASES["default"]["TEST"] = {
            "NAME": settings.DATABASES["default"]["NAME"] + "_test"
        }
    settings.DEBUG = False


def main() -> int:
    args = parse_args()
    setup_django(args.database_url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from hechtwerk.accounts.constants import OrganisationKind
    from hechtwerk.accounts.models import Organisation
    from hechtwerk.billing import services
    from hechtwerk.billing.constants import BuyerKind, ProductCode, VatCode
    from hechtwerk.billing.models import ProductLine

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seller = Organisation.objects.create(
            name="Stichting Bench", kind=OrganisationKind.TRAINING_PROVIDER
        )
        services.save_billing_profile(
            actor=None,
            organisation=seller,
            legal_name="Stichting Bench",
            address="Benchlaan 1\n3511 AB Utrecht",
            kvk_number="12345678",
            vat_number="NL004495445B01",
            iban="NL91ABNA0417164300",
            crkbo_registered=True,
        )
        products = [
            ProductLine.objects.create(
                organisation=seller,
                code=code,
                description=text,
                unit_price=price,
                vat_code=VatCode.STANDARD,
            )
            for code, text, price in (
                (ProductCode.LICENCE, "Licentie trainer", "300.00"),
                (ProductCode.MEMBERSHIP, "Lidmaatschap", "150.00"),
            )
        ]
        period = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        today = datetime.date(2026, 1, 2)

        def one(i: int) -> tuple[float, int]:
            buyer = services.Buyer(
                BuyerKind.PERSON,
                f"Trainer {i:05d}",
                f"Trainerstraat {i}\n1234 AB Ergens",
                f"trainer{i}@bench.example",
            )
            connection.queries_log.clear()  # the log keeps 9,000 queries; count from empty
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                invoice = services.invoice_product_lines(
                    seller=seller,
                    buyer=buyer,
                    lines=products,
                    period=period,
                    source_key=f"bench:{i}",
                )
                services.send_invoice(actor=None, invoice=invoice, today=today)
            return time.perf_counter() - start, len(ctx.captured_queries)

        print(f"Jaarfacturen voor {args.trainers} trainers; database {connection.vendor}")
        with mock.patch.object(services, "render_invoice_pdf", return_value=b"%PDF-stub"):
            started = time.perf_counter()
            results = [one(i) for i in range(args.trainers)]
            total = time.perf_counter() - started
        times = [t for t, _q in results]
        queries = {q for _t, q in results}
        print(
            f"  zonder pdf: totaal {total:.1f} s, per factuur gemiddeld "
            f"{statistics.mean(times) * 1000:.1f} ms (p95 "
            f"{sorted(times)[int(len(times) * 0.95) - 1] * 1000:.1f} ms), "
            f"queries per factuur: {sorted(queries)}"
        )
        sample = [one(args.trainers + i) for i in range(args.pdf_sample)]
        pdf_times = [t for t, _q in sample]
        per_invoice = statistics.mean(pdf_times)
        print(
            f"  met pdf ({args.pdf_sample} facturen): per factuur gemiddeld "
            f"{per_invoice * 1000:.0f} ms, queries per factuur: {sorted({q for _t, q in sample})}"
        )
        estimate = per_invoice * args.trainers
        print(f"  geschat voor {args.trainers} facturen met pdf: {estimate / 60:.1f} min")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
