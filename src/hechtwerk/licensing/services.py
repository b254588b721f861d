"""Writes of licensing: start a licence after the Masterclass, renew yearly periods with their
invoices, cancel renewal, prepare and submit evaluation reports, list in the register, reminders.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hechtwerk.billing.constants import BuyerKind
from hechtwerk.billing.services import Buyer, invoice_product_lines
from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import ConflictError, DomainError
from hechtwerk.core.mail import absolute_url, send_mail_once
from hechtwerk.training.models import Edition

from . import queries, rules
from .constants import PeriodKind
from .models import Cancellation, EvaluationReport, Period, RegisterListing, Terms

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


class LicensingError(DomainError):
    """A licensing request that cannot be done, with the Dutch reason."""


class LicensingConflictError(ConflictError, LicensingError):
    pass


def _today() -> datetime.date:
    return timezone.localdate()


def _invoice(period: Period, actor: User | None) -> None:
    """A draft invoice for the period through billing, when the foundation has a product line."""
    terms = (
        Terms.objects.filter(organisation=period.organisation, kind=period.kind)
        .select_related("product_line")
        .first()
    )
    if terms is None or terms.product_line is None:
        return
    trainer = period.trainer
    buyer = Buyer(BuyerKind.PERSON, str(trainer), email=trainer.email)
    invoice = invoice_product_lines(
        seller=period.organisation,
        buyer=buyer,
        lines=[terms.product_line],
        period=(period.start, period.end),
        actor=actor,
        source_key=f"licensing:{period.uuid}",
    )
    period.invoice = invoice
    period.save(update_fields=["invoice", "updated_at"])


def _add_period(
    *,
    actor: User | None,
    organisation: Organisation,
    trainer: User,
    kind: str,
    start: datetime.date,
) -> Period:
    terms = queries.terms_of(organisation, kind)
    span = rules.period_from(start, terms)
    period = Period(
        organisation=organisation,
        trainer=trainer,
        kind=kind,
        start=span.start,
        end=span.end,
        created_by=actor,
        updated_by=actor,
    )
    period.full_clean()
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError as exc:
        raise LicensingConflictError(_("Er is al een periode die op deze dag begint.")) from exc
    _invoice(period, actor)
    log_action(
        f"licensing.{kind}.period_added",
        actor=actor,
        target=period,
        organisation=organisation,
        data={"start": start.isoformat()},
    )
    return period


@transaction.atomic
def start_licence(
    *,
    actor: User | None,
    organisation: Organisation,
    trainer: User,
    start: datetime.date | None = None,
) -> Period:
    """The first licence period (and a membership period if none runs) after the Masterclass."""
    start = start or _today()
    if queries.masterclass_certificate(trainer, organisation, start) is None:
        raise LicensingError(
            _("Een licentie is mogelijk na het certificaat van de Masterclass Train de Trainer.")
        )
    current = queries.standing_of(trainer, organisation, on=start)
    if current.licence.period is not None:
        raise LicensingConflictError(_("Er loopt al een licentieperiode op deze datum."))
    period = _add_period(
        actor=actor,
        organisation=organisation,
        trainer=trainer,
        kind=PeriodKind.LICENCE,
        start=start,
    )
    if current.membership.period is None:
        _add_period(
            actor=actor,
            organisation=organisation,
            trainer=trainer,
            kind=PeriodKind.MEMBERSHIP,
            start=start,
        )
    return period


def renew_periods(*, today: datetime.date | None = None) -> int:
    """Write each renewal that is due (after the cut-off, not cancelled) with its invoice; idempotent."""
    today = today or _today()
    made = 0
    latest = Period.objects.values("organisation_id", "trainer_id", "kind").annotate(
        last=Max("start")
    )
    for row in latest:
        with transaction.atomic():
            periods = list(
                Period.objects.select_for_update(of=("self",))
                .filter(
                    organisation_id=row["organisation_id"],
                    trainer_id=row["trainer_id"],
                    kind=row["kind"],
                )
                .select_related("organisation", "trainer")
            )
            last = periods[-1]
            terms = queries.terms_of(last.organisation, last.kind)
            due = rules.renewal_due(
                [rules.Period(p.start, p.end) for p in periods],
                today,
                cancelled_on=queries.last_cancellation(last.trainer, last.organisation, last.kind),
                terms=terms,
            )
            if due is None:
                continue
            _add_period(
                actor=None,
                organisation=last.organisation,
                trainer=last.trainer,
                kind=last.kind,
                start=due.start,
            )
            made += 1
    return made


@transaction.atomic
def cancel_renewal(
    *,
    actor: User,
    organisation: Organisation,
    kind: str = PeriodKind.LICENCE,
    reason: str = "",
    today: datetime.date | None = None,
) -> rules.StandingResult:
    """The trainer's notice: the chain stops after the current period (or the next, past the cut-off)."""
    today = today or _today()
    standing = queries.standing_of(actor, organisation, on=today)
    result = standing.licence if kind == PeriodKind.LICENCE else standing.membership
    if result.period is None:
        raise LicensingError(_("Er loopt nu geen periode om op te zeggen."))
    if not result.renews:
        raise LicensingConflictError(_("Je hebt al opgezegd."))
    cancellation = Cancellation(
        organisation=organisation,
        trainer=actor,
        kind=kind,
        cancelled_on=today,
        reason=reason[:300],
        created_by=actor,
        updated_by=actor,
    )
    cancellation.full_clean()
    cancellation.save()
    log_action(
        f"licensing.{kind}.cancelled",
        actor=actor,
        target=cancellation,
        organisation=organisation,
        data={"on": today.isoformat()},
    )
    after = queries.standing_of(actor, organisation, on=today)
    return after.licence if kind == PeriodKind.LICENCE else after.membership


def _edition_dates(edition: Edition) -> tuple[datetime.date, datetime.date] | None:
    found = edition.sessions.aggregate(first=Min("date"), last=Max("date"))
    if found["last"] is None:
        return None
    return found["first"], found["last"]


@transaction.atomic
def prepare_evaluation_report(*, trainer: User, edition: Edition) -> EvaluationReport:
    """The report of an ended edition the trainer taught, its summary refreshed until submitted."""
    if not edition.trainers.filter(pk=trainer.pk).exists():
        raise LicensingError(_("Je gaf deze training niet."))
    dates = _edition_dates(edition)
    if dates is None or dates[1] > _today():
        raise LicensingError(_("Het verslag is er na de laatste bijeenkomst."))
    report, _created = EvaluationReport.objects.get_or_create(
        edition=edition,
        trainer=trainer,
        defaults={"last_session": dates[1], "created_by": trainer, "updated_by": trainer},
    )
    if report.submitted_at is None:
        report.summary = queries.evaluation_summary(edition)
        report.last_session = dates[1]
        report.save(update_fields=["summary", "last_session", "updated_at"])
    return report


@transaction.atomic
def submit_evaluation_report(
    *, actor: User, edition: Edition, remarks: str = "", now: datetime.datetime | None = None
) -> EvaluationReport:
    """One action: the measurements' summary goes to the foundation; on time up to day 28."""
    report = prepare_evaluation_report(trainer=actor, edition=edition)
    if report.submitted_at is not None:
        raise LicensingConflictError(_("Dit verslag is al verstuurd."))
    report.summary = queries.evaluation_summary(edition)
    report.remarks = remarks[:5000]
    report.submitted_at = now or timezone.now()
    report.updated_by = actor
    report.full_clean()
    report.save()
    on_time = rules.evaluation_on_time(report.last_session, timezone.localdate(report.submitted_at))
    log_action(
        "licensing.evaluation.submitted",
        actor=actor,
        target=report,
        organisation=edition.course.organisation,
        data={"on_time": on_time},
    )
    return report


@transaction.atomic
def save_register_listing(
    *, actor: User, organisation: Organisation, region: str, listed: bool
) -> RegisterListing:
    """The trainer's own choice to appear in the public register, and the region shown."""
    listing, _created = RegisterListing.objects.get_or_create(
        organisation=organisation,
        trainer=actor,
        defaults={"region": region, "listed": listed, "created_by": actor},
    )
    listing.region = region.strip()
    listing.listed = listed
    listing.updated_by = actor
    try:
        listing.full_clean()
    except Exception as exc:
        raise LicensingError(_("Vul een regio in, zoals Limburg."), field="region") from exc
    listing.save()
    log_action("licensing.register.saved", actor=actor, target=listing, organisation=organisation)
    return listing


# --- reminders ------------------------------------------------------------------------------------

RENEWAL_NOTICE_DAYS = 14  # before the cut-off
EVALUATION_NOTICE_DAYS = 7  # before day 28
RETURN_DAY_NOTICE_DAYS = 90  # before the licence year ends


def send_licensing_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Renewal coming (how to cancel, by when), evaluation deadline near, no return day yet: once each."""
    today = today or _today()
    sent = {"renewal": 0, "evaluation": 0, "return_day": 0}
    link = absolute_url("/licenties/")
    for period in Period.objects.filter(kind=PeriodKind.LICENCE, end__gte=today).select_related(
        "trainer", "organisation"
    ):
        if period.start > today:
            continue
        standing = queries.standing_of(period.trainer, period.organisation, on=today)
        result = standing.licence
        if result.period is None or result.period.start != period.start:
            continue
        terms = queries.terms_of(period.organisation, PeriodKind.LICENCE)
        cutoff = rules.cancellation_cutoff(result.period, terms)
        base = {"name": str(period.trainer), "link": link, "end": date_format(period.end, "d-m-Y")}
        if result.renews and 0 <= (cutoff - today).days <= RENEWAL_NOTICE_DAYS:
            _mail_once(
                ("licensing.renewal", period.uuid),
                period,
                "licensing/renewal_coming",
                {**base, "cutoff": date_format(cutoff, "d-m-Y")},
            )
            sent["renewal"] += 1
        return_day = [i for i in result.open_obligations if i.code == "return_day_due"]
        if return_day and (period.end - today).days <= RETURN_DAY_NOTICE_DAYS:
            _mail_once(("licensing.return_day", period.uuid), period, "licensing/return_day", base)
            sent["return_day"] += 1
        for item in result.open_obligations:
            if (
                item.code == "evaluation_due"
                and item.deadline is not None
                and (item.deadline - today).days <= EVALUATION_NOTICE_DAYS
            ):
                _mail_once(
                    ("licensing.evaluation", period.uuid, item.message),
                    period,
                    "licensing/evaluation_due",
                    {
                        **base,
                        "what": item.message,
                        "deadline": date_format(item.deadline, "d-m-Y"),
                    },
                )
                sent["evaluation"] += 1
    return sent


def _mail_once(
    key: tuple[object, ...], period: Period, template: str, context: dict[str, str]
) -> None:
    send_mail_once(
        key=key,
        to=period.trainer.email,
        template=template,
        context=context,
        language="nl",
        organisation=period.organisation,
    )
