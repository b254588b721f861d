"""Reads of licensing: a trainer's standing on a date from periods, payments and obligations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Max, Min

from hechtwerk.training.models import Attendance, Certificate, Course, Edition

from . import rules
from .constants import CourseRole, PeriodKind, Standing
from .models import Cancellation, EvaluationReport, LicensingCourse, Period, Terms

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


def courses_with(role: str, organisation: Organisation | None = None) -> list[int]:
    found = LicensingCourse.objects.filter(role=role)
    if organisation is not None:
        found = found.filter(course__organisation=organisation)
    return list(found.values_list("course_id", flat=True))


def is_licensed_course(course: Course) -> bool:
    return LicensingCourse.objects.filter(course=course, role=CourseRole.LICENSED).exists()


def terms_of(organisation: Organisation, kind: str) -> rules.Terms:
    found = (
        Terms.objects.filter(organisation=organisation, kind=kind)
        .select_related("product_line")
        .first()
    )
    return found.as_rules() if found else rules.Terms()


def masterclass_certificate(
    trainer: User, organisation: Organisation, day: datetime.date
) -> Certificate | None:
    return (
        Certificate.objects.of_user(trainer)
        .valid_on(day)
        .filter(course_id__in=courses_with(CourseRole.MASTERCLASS, organisation))
        .order_by("-issued_at")
        .first()
    )


def _nulmeting_done(edition: Edition) -> bool | None:
    """training.measurements when it exists; None (unknown) until then, and None when the course
    names no nulmeting version (nothing could be filled in, so nothing can be missing)."""
    if getattr(edition.course, "nulmeting_version_id", None) is None:
        return None
    try:
        from hechtwerk.training import measurements  # type: ignore[attr-defined]
    except ImportError:
        return None
    check = getattr(measurements, "nulmeting_done_before_start", None)
    return bool(check(edition)) if check is not None else None


def evaluation_summary(edition: Edition) -> dict[str, Any]:
    """training.measurements' evaluation summary when it exists; an empty summary until then."""
    try:
        from hechtwerk.training import measurements  # type: ignore[attr-defined]
    except ImportError:
        return {}
    summarise = getattr(measurements, "edition_evaluation_summary", None)
    if summarise is None:
        return {}
    found = summarise(edition)
    return found if isinstance(found, dict) else {"summary": str(found)}


def editions_given(trainer: User, organisation: Organisation) -> list[Edition]:
    """Editions of licensed courses of the foundation the trainer taught, not cancelled."""
    return list(
        Edition.objects.taught_by(trainer)
        .filter(
            course_id__in=courses_with(CourseRole.LICENSED, organisation),
            cancelled_at__isnull=True,
        )
        .annotate(first_day=Min("sessions__date"), last_day=Max("sessions__date"))
        .filter(last_day__isnull=False)
        .select_related("course")
        .order_by("first_day")
    )


def trainings_given(trainer: User, organisation: Organisation) -> list[rules.TrainingGiven]:
    editions = editions_given(trainer, organisation)
    reports = {
        r.edition_id: r
        for r in EvaluationReport.objects.filter(trainer=trainer, edition__in=editions)
    }
    result = []
    for edition in editions:
        report = reports.get(edition.pk)
        submitted = report.submitted_at.date() if report and report.submitted_at else None
        result.append(
            rules.TrainingGiven(
                f"{edition.course.name} {edition.label}".strip(),
                edition.first_day,  # type: ignore[attr-defined]
                edition.last_day,  # type: ignore[attr-defined]
                _nulmeting_done(edition),
                submitted,
            )
        )
    return result


def return_days_attended(trainer: User, organisation: Organisation) -> list[datetime.date]:
    return sorted(
        set(
            Attendance.objects.filter(
                enrolment__user=trainer,
                present=True,
                session__edition__course_id__in=courses_with(CourseRole.RETURN_DAY, organisation),
            ).values_list("session__date", flat=True)
        )
    )


def last_cancellation(trainer: User, organisation: Organisation, kind: str) -> datetime.date | None:
    found = (
        Cancellation.objects.filter(trainer=trainer, organisation=organisation, kind=kind)
        .order_by("-cancelled_on")
        .first()
    )
    return found.cancelled_on if found else None


@dataclass(frozen=True)
class TrainerStanding:
    trainer: User
    licence: rules.StandingResult
    membership: rules.StandingResult
    periods: list[Period]

    @property
    def good(self) -> bool:
        return self.licence.good


@dataclass(frozen=True)
class StandingFacts:
    """Everything a trainer's standing depends on, read once; the standing on any day follows
    from it without another query (the quarter figures ask for several days)."""

    trainer: User
    periods: list[Period]
    licence_cancelled_on: datetime.date | None
    membership_cancelled_on: datetime.date | None
    licence_terms: rules.Terms
    membership_terms: rules.Terms
    trainings: list[rules.TrainingGiven]
    return_days: list[datetime.date]

    def standing_on(self, on: datetime.date) -> TrainerStanding:
        licence = rules.licence_standing(
            on,
            periods=[p.as_rules() for p in self.periods if p.kind == PeriodKind.LICENCE],
            cancelled_on=self.licence_cancelled_on,
            terms=self.licence_terms,
            trainings=self.trainings,
            return_days=self.return_days,
        )
        membership = rules.licence_standing(
            on,
            periods=[p.as_rules() for p in self.periods if p.kind == PeriodKind.MEMBERSHIP],
            cancelled_on=self.membership_cancelled_on,
            terms=self.membership_terms,
            obligations=False,
        )
        return TrainerStanding(self.trainer, licence, membership, self.periods)


def standing_facts(
    trainer: User,
    organisation: Organisation,
    *,
    terms: tuple[rules.Terms, rules.Terms] | None = None,
) -> StandingFacts:
    """What `trainer`'s standing with the foundation rests on; `terms` (licence, membership)
    when the caller already read the organisation's terms for many trainers."""
    periods = list(
        Period.objects.filter(trainer=trainer, organisation=organisation)
        .select_related("invoice")
        .prefetch_related("invoice__payments", "invoice__credit_notes")
    )
    licence_terms, membership_terms = terms or organisation_terms(organisation)
    return StandingFacts(
        trainer=trainer,
        periods=periods,
        licence_cancelled_on=last_cancellation(trainer, organisation, PeriodKind.LICENCE),
        membership_cancelled_on=last_cancellation(trainer, organisation, PeriodKind.MEMBERSHIP),
        licence_terms=licence_terms,
        membership_terms=membership_terms,
        trainings=trainings_given(trainer, organisation),
        return_days=return_days_attended(trainer, organisation),
    )


def organisation_terms(organisation: Organisation) -> tuple[rules.Terms, rules.Terms]:
    """The foundation's terms for licences and for memberships."""
    return terms_of(organisation, PeriodKind.LICENCE), terms_of(organisation, PeriodKind.MEMBERSHIP)


def standing_of(trainer: User, organisation: Organisation, *, on: datetime.date) -> TrainerStanding:
    """Licence and membership standing of `trainer` with the foundation on a date."""
    return standing_facts(trainer, organisation).standing_on(on)


def licensed_trainers(organisation: Organisation) -> Iterable[User]:
    from django.contrib.auth import get_user_model

    ids = Period.objects.filter(organisation=organisation, kind=PeriodKind.LICENCE).values(
        "trainer_id"
    )
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


def in_good_standing(trainer: User, organisation: Organisation, *, on: datetime.date) -> bool:
    return standing_of(trainer, organisation, on=on).licence.standing in (
        Standing.CURRENT,
        Standing.GRACE,
    )


# --- what the pages show --------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    """One trainer on the foundation's compliance overview."""

    trainer: User
    standing: TrainerStanding
    unpaid: list[Any]  # billing invoices with something outstanding
    last_return_day: datetime.date | None


def compliance_rows(
    organisation: Organisation, *, on: datetime.date, standing: str = ""
) -> list[ComplianceRow]:
    """Every trainer who ever held a licence with the foundation, optionally of one standing."""
    rows = []
    terms = organisation_terms(organisation)
    for trainer in licensed_trainers(organisation):
        facts = standing_facts(trainer, organisation, terms=terms)
        found = facts.standing_on(on)
        if standing and found.licence.standing != standing:
            continue
        unpaid = [
            p.invoice
            for p in found.periods
            if p.invoice is not None and p.invoice.outstanding() > 0
        ]
        days = facts.return_days
        rows.append(ComplianceRow(trainer, found, unpaid, days[-1] if days else None))
    return rows


def standing_counts(
    organisation: Organisation, days: Iterable[datetime.date]
) -> dict[datetime.date, dict[str, int]]:
    """How many licences had each standing on each of `days` (e.g. the end of each quarter):
    each trainer's facts are read once, whatever the number of days."""
    days = list(days)
    counts: dict[datetime.date, dict[str, int]] = {day: {} for day in days}
    terms = organisation_terms(organisation)
    for trainer in licensed_trainers(organisation):
        facts = standing_facts(trainer, organisation, terms=terms)
        for day in days:
            code = str(facts.standing_on(day).licence.standing)
            counts[day][code] = counts[day].get(code, 0) + 1
    return counts


def evaluation_timeliness(
    organisation: Organisation, *, on: datetime.date
) -> dict[str, dict[str, int]]:
    """Per quarter of the last session (ISO start date): reports on time, late, still missing."""
    from hechtwerk.core.figures import quarter_of

    out: dict[str, dict[str, int]] = {}
    for trainer in licensed_trainers(organisation):
        for given in trainings_given(trainer, organisation):
            if given.last_session > on:
                continue
            key = quarter_of(given.last_session).start.isoformat()
            if given.report_submitted_on is None:
                verdict = "missing" if on > rules.evaluation_deadline(given.last_session) else ""
            elif rules.evaluation_on_time(given.last_session, given.report_submitted_on):
                verdict = "on_time"
            else:
                verdict = "late"
            if verdict:
                out.setdefault(verdict, {})
                out[verdict][key] = out[verdict].get(key, 0) + 1
    return out


@dataclass(frozen=True)
class RegisterEntry:
    """A line of the public register: no e-mail, no address; what the trainer agreed to show."""

    name: str
    region: str
    organisation: str
    courses: list[str]
    certificate_code: str


def register_entries(*, on: datetime.date) -> list[RegisterEntry]:
    """Trainers who agreed to be listed, hold a valid Masterclass certificate and are in good
    standing; the courses they may give are the foundation's licensed courses."""
    from .models import RegisterListing

    entries = []
    listings = (
        RegisterListing.objects.filter(listed=True)
        .select_related("trainer", "organisation")
        .order_by("trainer__last_name", "trainer__first_name", "pk")
    )
    for listing in listings:
        certificate = masterclass_certificate(listing.trainer, listing.organisation, on)
        if certificate is None:
            continue
        if not standing_of(listing.trainer, listing.organisation, on=on).good:
            continue
        courses = list(
            Course.objects.filter(
                pk__in=courses_with(CourseRole.LICENSED, listing.organisation)
            ).values_list("name", flat=True)
        )
        entries.append(
            RegisterEntry(
                name=certificate.holder_name,
                region=listing.region,
                organisation=listing.organisation.name,
                courses=sorted(courses),
                certificate_code=certificate.verification_code,
            )
        )
    return entries


def reports_of(trainer: User, organisation: Organisation) -> list[tuple[Edition, Any]]:
    """The trainer's ended editions of licensed courses with their report (None: not started)."""
    editions = editions_given(trainer, organisation)
    reports = {
        r.edition_id: r
        for r in EvaluationReport.objects.filter(trainer=trainer, edition__in=editions)
    }
    return [(e, reports.get(e.pk)) for e in editions]
