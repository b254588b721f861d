"""Benchmark of training (issue 9): 500 certificates issued, each with its PDF.

    .venv/bin/python bench/training_certificates.py [--certificates 500]
        [--database-url postgres://postgres@127.0.0.1:5432/hechtwerk_bench]

In a throw-away test database: one provider, a four-session course with ABSG and V&VN points,
one edition that is over, and `--certificates` participants who attended every session. Then,
timed, for each participant: `issue_certificate` (completion rule checked, verification code,
copied text, logged) and the certificate's tagged PDF with its QR code, as the download renders
it. Prints the total time, the split between issuing and the PDF, and the goal (under 60 s).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 60


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=500)
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
    import logging

    logging.disable(logging.INFO)  # one log line per mail task would drown the figures


def main() -> int:
    args = parse_args()
    setup_django(args.database_url)
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from hechtwerk.accounts.constants import OrganisationKind, Role
    from hechtwerk.accounts.models import Membership, Organisation, User
    from hechtwerk.training.constants import CourseKind, EnrolmentStatus, Register
    from hechtwerk.training.models import Attendance, Enrolment
    from hechtwerk.training.services import (
        DatedSession,
        SessionPlan,
        create_course,
        issue_certificate,
        schedule_edition,
    )
    from hechtwerk.training.views import certificate_pdf_bytes

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        provider = Organisation.objects.create(
            name="Stichting Bench", kind=OrganisationKind.TRAINING_PROVIDER
        )
        trainer = User.objects.create_user(
            email="trainer@bench.example", first_name="Tessa", last_name="Trainer"
        )
        Membership.objects.create(user=trainer, organisation=provider, role=Role.TRAINER)
        course = create_course(
            actor=None,
            organisation=provider,
            name="Basistraining Focus op Hechting",
            kind=CourseKind.PROFESSIONAL,
            sessions=[SessionPlan(f"Dagdeel {n}", 210, break_minutes=15) for n in range(1, 5)],
            group_max=args.certificates,
            accreditations=[(Register.ABSG, Decimal("14")), (Register.VVN, Decimal("14"))],
            certificate_valid_months=60,
        )
        first = timezone.localdate() + datetime.timedelta(days=1)
        edition = schedule_edition(
            actor=None,
            course=course,
            label="Bench",
            sessions=[
                DatedSession(
                    first + datetime.timedelta(days=7 * i),
                    datetime.time(9, 0),
                    datetime.time(12, 45),
                )
                for i in range(4)
            ],
            trainers=[trainer],
            min_participants=1,
            max_participants=args.certificates,
        )
        sessions = list(edition.sessions.order_by("order"))
        for i, session in enumerate(sessions):  # the course is over
            session.date = timezone.localdate() - datetime.timedelta(days=40 - 7 * i)
            session.save(update_fields=["date"])
        users = User.objects.bulk_create(
            User(email=f"deelnemer{n}@bench.example", first_name="Deelnemer", last_name=str(n))
            for n in range(args.certificates)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(
                edition=edition,
                user=user,
                status=EnrolmentStatus.ENROLLED,
                enrolled_at=timezone.now(),
            )
            for user in users
        )
        Attendance.objects.bulk_create(
            Attendance(enrolment=e, session=s, present=True, minutes=s.net_minutes)
            for e in enrolments
            for s in sessions
        )
        print(
            f"{args.certificates} certificaten met pdf; database {connection.vendor}",
            flush=True,
        )
        issuing = rendering = 0.0
        size = 0
        started = time.perf_counter()
        for enrolment in enrolments:
            t0 = time.perf_counter()
            certificate = issue_certificate(actor=None, enrolment=enrolment)
            t1 = time.perf_counter()
            pdf = certificate_pdf_bytes(certificate)
            t2 = time.perf_counter()
            issuing += t1 - t0
            rendering += t2 - t1
            size += len(pdf)
        total = time.perf_counter() - started
        n = args.certificates
        print(f"  uitgeven:  {issuing:6.1f} s ({1000 * issuing / n:.0f} ms per certificaat)")
        print(f"  pdf:       {rendering:6.1f} s ({1000 * rendering / n:.0f} ms per certificaat)")
        print(f"  totaal:    {total:6.1f} s; pdf gemiddeld {size // n // 1024} KB")
        verdict = "gehaald" if total < GOAL_SECONDS * n / 500 else "niet gehaald"
        print(f"  doel: onder {GOAL_SECONDS} s voor 500: {verdict}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
