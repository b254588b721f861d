"""Licences after the Masterclass, yearly renewal with invoices, cancelling, evaluation reports,
the schedule check and reminders (seed 000, domain.md §6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hechtwerk.billing.services import register_payment, send_invoice
from hechtwerk.core.models import OutgoingMail
from hechtwerk.licensing import checks, queries, services
from hechtwerk.licensing.constants import PeriodKind, Standing
from hechtwerk.licensing.models import Period
from hechtwerk.training.models import Attendance, Enrolment
from hechtwerk.training.services import TrainingError

from .conftest import certify, edition_on

TODAY = datetime.date.today


def pay(period):
    """Send and pay the period's invoice; returns the period."""
    # A trainer invoiced as a person: the beheerder adds the address before sending.
    type(period.invoice).objects.filter(pk=period.invoice.pk).update(
        buyer_address="Straat 1\n6211 AA Maastricht"
    )
    period.invoice.refresh_from_db()
    invoice = send_invoice(actor=None, invoice=period.invoice)
    register_payment(
        actor=None, invoice=invoice, amount=invoice.total_gross, paid_on=timezone.localdate()
    )
    return period


def test_it_refuses_a_licence_without_the_masterclass_certificate(world, foundation, trainer):
    with pytest.raises(services.LicensingError, match="Masterclass"):
        services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)


def test_it_starts_a_licence_and_membership_with_invoices_of_300_and_150(
    world, foundation, trainer
):
    certify(world, foundation, trainer.user)
    period = services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    assert (
        period.end == period.start.replace(year=period.start.year + 1) - datetime.timedelta(days=1)
        or period.start.month == 2
    )
    kinds = {p.kind: p for p in Period.objects.filter(trainer=trainer.user)}
    assert set(kinds) == {PeriodKind.LICENCE, PeriodKind.MEMBERSHIP}
    assert kinds[PeriodKind.LICENCE].invoice.totals().net == 300
    assert kinds[PeriodKind.MEMBERSHIP].invoice.totals().net == 150
    standing = queries.standing_of(trainer.user, foundation, on=timezone.localdate())
    assert standing.licence.standing == Standing.GRACE  # not paid yet
    pay(kinds[PeriodKind.LICENCE])
    assert (
        queries.standing_of(trainer.user, foundation, on=timezone.localdate()).licence.standing
        == Standing.CURRENT
    )


def test_it_renews_once_after_the_cut_off_and_not_after_a_timely_cancellation(
    world, foundation, trainer
):
    certify(world, foundation, trainer.user)
    period = services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    cutoff = period.end - datetime.timedelta(days=30)
    assert services.renew_periods(today=cutoff) == 0
    assert services.renew_periods(today=cutoff + datetime.timedelta(days=1)) == 2
    assert services.renew_periods(today=cutoff + datetime.timedelta(days=1)) == 0
    renewed = Period.objects.get(
        trainer=trainer.user, kind=PeriodKind.LICENCE, start=period.end + datetime.timedelta(days=1)
    )
    assert renewed.invoice is not None


def test_it_stops_renewal_when_the_trainer_cancels_in_time(world, foundation, trainer):
    certify(world, foundation, trainer.user)
    period = services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    result = services.cancel_renewal(actor=trainer.user, organisation=foundation)
    assert not result.renews
    assert services.renew_periods(today=period.end) == 1  # the membership still renews
    day_after = period.end + datetime.timedelta(days=1)
    assert (
        queries.standing_of(trainer.user, foundation, on=day_after).licence.standing
        == Standing.CANCELLED
    )
    with pytest.raises(services.LicensingError):
        services.cancel_renewal(actor=trainer.user, organisation=foundation)


def test_it_lets_only_trainers_in_good_standing_schedule_a_licensed_course(
    world, foundation, trainer
):
    with pytest.raises(TrainingError, match="niet geven"):
        edition_on(
            world["licensed"], trainer.user, timezone.localdate() + datetime.timedelta(days=20)
        )
    certify(world, foundation, trainer.user)
    services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    edition = edition_on(
        world["licensed"], trainer.user, timezone.localdate() + datetime.timedelta(days=20)
    )
    assert edition.pk
    assert checks.schedule_check(world["return_day"], trainer.user) is None


def test_it_submits_the_evaluation_report_once_and_counts_day_28_as_on_time(
    world, foundation, trainer
):
    certify(world, foundation, trainer.user)
    pay(
        services.start_licence(
            actor=None,
            organisation=foundation,
            trainer=trainer.user,
            start=timezone.localdate() - datetime.timedelta(days=60),
        )
    )
    edition = edition_on(
        world["licensed"], trainer.user, timezone.localdate() + datetime.timedelta(days=3)
    )
    last = timezone.localdate() - datetime.timedelta(days=28)
    edition.sessions.update(date=last)
    report = services.submit_evaluation_report(actor=trainer.user, edition=edition)
    assert report.submitted_at is not None
    assert report.deadline == timezone.localdate()
    with pytest.raises(services.LicensingError):
        services.submit_evaluation_report(actor=trainer.user, edition=edition)
    standing = queries.standing_of(trainer.user, foundation, on=timezone.localdate())
    assert not [r for r in standing.licence.reasons if r.code.startswith("evaluation")]


def test_it_shows_a_late_report_on_day_29(world, foundation, trainer):
    certify(world, foundation, trainer.user)
    pay(
        services.start_licence(
            actor=None,
            organisation=foundation,
            trainer=trainer.user,
            start=timezone.localdate() - datetime.timedelta(days=60),
        )
    )
    edition = edition_on(
        world["licensed"], trainer.user, timezone.localdate() + datetime.timedelta(days=3)
    )
    edition.sessions.update(date=timezone.localdate() - datetime.timedelta(days=29))
    standing = queries.standing_of(trainer.user, foundation, on=timezone.localdate())
    assert "evaluation_late" in [r.code for r in standing.licence.reasons]
    assert standing.licence.standing == Standing.GRACE


def test_it_counts_an_attended_return_day(world, foundation, trainer):
    certify(world, foundation, trainer.user)
    services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    day = edition_on(world["return_day"], trainer.user, timezone.localdate())
    enrolment = Enrolment.objects.create(
        edition=day, user=trainer.user, status="ingeschreven", enrolled_at=timezone.now()
    )
    Attendance.objects.create(
        enrolment=enrolment, session=day.sessions.get(), present=True, minutes=300
    )
    standing = queries.standing_of(trainer.user, foundation, on=timezone.localdate())
    assert not [i for i in standing.licence.open_obligations if i.code == "return_day_due"]


def test_it_sends_the_renewal_reminder_once_with_the_cut_off(world, foundation, trainer):
    certify(world, foundation, trainer.user)
    period = services.start_licence(actor=None, organisation=foundation, trainer=trainer.user)
    day = period.end - datetime.timedelta(days=35)
    assert services.send_licensing_reminders(today=day)["renewal"] == 1
    services.send_licensing_reminders(today=day)
    mails = OutgoingMail.objects.filter(kind="licensing/renewal_coming")
    assert mails.count() == 1
    assert (period.end - datetime.timedelta(days=30)).strftime("%d-%m-%Y") in mails.get().body_text
