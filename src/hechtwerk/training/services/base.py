"""Courses, editions, seats, the waiting list, attendance and certificates: every change validated,
audited, and raising TrainingError.

Seats are counted with the edition row locked (`select_for_update`), so two enrolments at the same
moment never take the same last seat. Mail goes through `core.mail.send_mail_once` under a key per
event and person, so a retried or repeated call never mails twice.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hechtwerk.accounts.constants import OrganisationKind, Role
from hechtwerk.accounts.models import Membership
from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError, domain_error_from
from hechtwerk.core.mail import absolute_url, send_mail_once

from .. import rules
from ..constants import (
    ACTIVE,
    CourseKind,
    EnrolmentStatus,
    IntakeStatus,
    Register,
    VatTreatment,
)
from ..hooks import enrolment_confirmed, schedule_refusal
from ..models import (
    Accreditation,
    Attendance,
    Certificate,
    Course,
    CourseEquivalence,
    CourseSession,
    Edition,
    EditionSession,
    Enrolment,
    Prerequisite,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


class TrainingError(DomainError):
    """A training change that cannot be made; the message is Dutch and shown to the user."""


class SeatTakenError(TrainingError):
    """No seat left (HTTP 409): the caller may offer the waiting list."""

    status = 409


# Unambiguous characters for verification codes (no 0/O, 1/I/L): read from paper and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _clean(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise domain_error_from(exc, TrainingError) from exc


# --- courses -------------------------------------------------------------------------------------


def check_course_numbers(*, group_min: int, group_max: int, price: Decimal) -> None:
    """Group sizes in order and a price that is not negative, with a message at the field."""
    if price < 0:
        raise TrainingError(_("De prijs kan niet negatief zijn."), field="price_excl_vat")
    if group_min > group_max:
        raise TrainingError(
            _("De kleinste groep kan niet groter zijn dan de grootste."), field="group_min"
        )


@dataclass(frozen=True)
class SessionPlan:
    topic: str
    duration_minutes: int
    break_minutes: int = 0
    contents: str = ""


@transaction.atomic
def create_course(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    kind: CourseKind,
    sessions: Sequence[SessionPlan],
    summary: str = "",
    target_roles: Sequence[str] = (),
    group_min: int = 1,
    group_max: int = 12,
    price_excl_vat: Decimal = Decimal("0.00"),
    vat_treatment: VatTreatment = VatTreatment.STANDARD,
    price_note: str = "",
    prerequisite_note: str = "",
    attendance_threshold: int = 100,
    test_required: bool = False,
    evaluation_required: bool = False,
    issues_certificate: bool = True,
    certificate_valid_months: int | None = None,
    accreditations: Sequence[tuple[Register, Decimal]] = (),
    requires: Sequence[Course] = (),
) -> Course:
    """Create a course of a training provider with its sessions, accreditation and prerequisites."""
    if organisation.kind != OrganisationKind.TRAINING_PROVIDER:
        raise TrainingError(_("Alleen een opleider of stichting kan cursussen aanbieden."))
    if not sessions:
        raise TrainingError(_("Een cursus heeft minstens één bijeenkomst."), field="sessions")
    course = Course(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        summary=summary,
        target_roles=",".join(target_roles),
        group_min=group_min,
        group_max=group_max,
        price_excl_vat=price_excl_vat,
        vat_treatment=vat_treatment,
        price_note=price_note,
        prerequisite_note=prerequisite_note,
        attendance_threshold=attendance_threshold,
        test_required=test_required,
        evaluation_required=evaluation_required,
        issues_certificate=issues_certificate,
        certificate_valid_months=certificate_valid_months,
        created_by=actor,
    )
    check_course_numbers(group_min=group_min, group_max=group_max, price=price_excl_vat)
    if Course.objects.filter(organisation=organisation, name=course.name).exists():
        raise TrainingError(_("Er is al een cursus met deze naam."), field="name")
    _clean(course)
    course.save()
    for order, plan in enumerate(sessions, start=1):
        session = CourseSession(
            course=course,
            order=order,
            topic=plan.topic,
            contents=plan.contents,
            duration_minutes=plan.duration_minutes,
            break_minutes=plan.break_minutes,
        )
        _clean(session)
        session.save()
    for register, points in accreditations:
        accreditation = Accreditation(course=course, register=register, points=points)
        _clean(accreditation)
        accreditation.save()
    for required in requires:
        Prerequisite.objects.create(course=course, required_course=required)
    log_action(
        "training.course.created",
        actor=actor,
        target=course,
        organisation=organisation,
        data={"sessions": len(sessions), "prerequisites": len(requires)},
    )
    return course


@transaction.atomic
def add_equivalence(
    *, actor: User | None, course: Course, equivalent: Course, reason: str
) -> CourseEquivalence:
    """Accept certificates of `equivalent` (any provider's) in place of `course`'s own."""
    if course.pk == equivalent.pk:
        raise TrainingError(_("Een cursus is niet gelijkwaardig aan zichzelf."))
    if not reason.strip():
        raise TrainingError(_("Geef aan waarom de cursus gelijkwaardig is."), field="reason")
    found, _created = CourseEquivalence.objects.get_or_create(
        course=course, equivalent=equivalent, defaults={"reason": reason.strip()}
    )
    log_action(
        "training.course.equivalence_added",
        actor=actor,
        target=course,
        organisation=course.organisation,
        data={"equivalent": str(equivalent.uuid)},
    )
    return found


# --- editions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedSession:
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    topic: str = ""
    break_minutes: int | None = None
    place: str = ""
    online_url: str = ""


def _is_trainer_of(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.TRAINER, is_active=True
    ).exists()


@transaction.atomic
def schedule_edition(
    *,
    actor: User | None,
    course: Course,
    label: str,
    sessions: Sequence[DatedSession],
    trainers: Sequence[User],
    min_participants: int | None = None,
    max_participants: int | None = None,
    place: str = "",
    publish: bool = True,
) -> Edition:
    """Plan an edition with dated sessions and trainers; open it for enrolment when `publish`.

    Each trainer must be a trainer of the course's provider, and every registered check (a
    licence, once licensing exists) must allow them.
    """
    if not sessions:
        raise TrainingError(_("Een uitvoering heeft minstens één bijeenkomst."), field="sessions")
    if not trainers:
        raise TrainingError(_("Kies minstens één trainer."), field="trainers")
    for trainer in trainers:
        if not _is_trainer_of(trainer, course.organisation):
            raise TrainingError(
                _("%(name)s is geen trainer van deze aanbieder.")
                % {"name": trainer.get_full_name() or trainer.email},
                field="trainers",
            )
        refusal = schedule_refusal(course, trainer)
        if refusal:
            raise TrainingError(refusal, field="trainers")
    _check_plan(course, sessions)
    low = course.group_min if min_participants is None else min_participants
    high = course.group_max if max_participants is None else max_participants
    if low > high:
        raise TrainingError(
            _("Het minimum aantal deelnemers kan niet boven het maximum liggen."),
            field="min_participants",
        )
    edition = Edition(
        course=course,
        label=label.strip(),
        place=place,
        min_participants=low,
        max_participants=high,
        published_at=timezone.now() if publish else None,
        created_by=actor,
    )
    _clean(edition)
    edition.save()
    edition.trainers.set(trainers)
    templates = list(course.sessions.all())
    for order, dated in enumerate(sorted(sessions, key=lambda s: (s.date, s.start_time)), 1):
        template = templates[order - 1] if order <= len(templates) else None
        session = EditionSession(
            edition=edition,
            order=order,
            topic=dated.topic or (template.topic if template else _("Bijeenkomst")),
            date=dated.date,
            start_time=dated.start_time,
            end_time=dated.end_time,
            break_minutes=(
                dated.break_minutes
                if dated.break_minutes is not None
                else (template.break_minutes if template else 0)
            ),
            place=dated.place or place,
            online_url=dated.online_url,
        )
        _clean(session)
        session.save()
    log_action(
        "training.edition.scheduled",
        actor=actor,
        target=edition,
        organisation=course.organisation,
        data={"sessions": len(sessions), "trainers": len(trainers), "published": publish},
    )
    return edition


PLAN_MESSAGES = {
    "ends_before_start": gettext_lazy("Bijeenkomst %(n)s eindigt voor of op de begintijd."),
    "in_the_past": gettext_lazy("Bijeenkomst %(n)s ligt in het verleden."),
    "overlaps": gettext_lazy("Bijeenkomst %(n)s overlapt met een andere bijeenkomst."),
}


def _check_plan(course: Course, sessions: Sequence[DatedSession]) -> None:
    problems = rules.session_plan_problems(
        [rules.PlannedSession(s.date, s.start_time, s.end_time) for s in sessions],
        today=timezone.localdate(),
        course_sessions=course.sessions.count(),
    )
    if not problems:
        return
    first = problems[0]
    if first.code == "count":
        message = _(
            "Deze cursus heeft %(count)s bijeenkomsten; een uitvoering plant ze alle %(count)s, "
            "niet meer en niet minder."
        ) % {"count": course.sessions.count()}
    else:
        message = str(PLAN_MESSAGES[first.code]) % {"n": first.session}
    raise TrainingError(message, field="sessions", session=first.session)


def edition_status(edition: Edition, *, now: datetime.datetime | None = None) -> str:
    """The edition's status now, derived from its facts (rules.edition_status)."""
    now = now or timezone.now()
    sessions = list(edition.sessions.all())
    return rules.edition_status(
        now=now,
        cancelled_at=edition.cancelled_at,
        published_at=edition.published_at,
        first_start=min((s.starts_at for s in sessions), default=None),
        last_end=max((s.ends_at for s in sessions), default=None),
        seats_taken=edition.seats_taken(now=now),
        capacity=edition.max_participants,
    )


def _locked(edition: Edition) -> Edition:
    """The edition row, locked until the transaction ends: seat counts are taken under it."""
    return (
        Edition.objects.select_for_update(of=("self",)).select_related("course").get(pk=edition.pk)
    )


def _mail(enrolment: Enrolment, event: str, template: str, context: dict[str, Any]) -> None:
    send_mail_once(
        key=("training", event, str(enrolment.uuid), *context.pop("_key_extra", ())),
        to=enrolment.email,
        template=f"training/{template}",
        context={
            "course_name": enrolment.edition.course.name,
            "edition_label": enrolment.edition.label,
            **context,
        },
        language="nl",
        organisation=enrolment.edition.course.organisation,
    )


# --- enrolment and the waiting list -----------------------------------------------------------


def held_course_ids(user: User, *, today: datetime.date | None = None) -> set[int]:
    """Courses of which `user` holds a certificate that is in force today."""
    today = today or timezone.localdate()
    return set(
        Certificate.objects.of_user(user).valid_on(today).values_list("course_id", flat=True)
    )


def requirements_of(course: Course) -> list[rules.Requirement]:
    """Each prerequisite of `course` with the courses whose certificates count for it."""
    result = []
    for prerequisite in course.prerequisites.select_related("required_course"):
        required = prerequisite.required_course
        accepted = {required.pk} | set(
            CourseEquivalence.objects.filter(course=required).values_list(
                "equivalent_id", flat=True
            )
        )
        result.append(rules.Requirement(required.pk, required.name, frozenset(accepted)))
    return result


def _check_open(edition: Edition) -> None:
    status = edition_status(edition)
    if status in ("gepland", "bezig", "afgerond", "geannuleerd"):
        raise TrainingError(_("Voor deze uitvoering kun je je niet (meer) inschrijven."))


def _existing(edition: Edition, user: User) -> Enrolment | None:
    return Enrolment.objects.filter(edition=edition, user=user).first()


@transaction.atomic
def enrol(
    *,
    actor: User,
    edition: Edition,
    user: User,
    override_reason: str = "",
    register: str = "",
    register_number: str = "",
    intake_answers: Mapping[int, bool] | None = None,
) -> Enrolment:
    """Take a seat for a professional. Prerequisites are hard unless a beheerder gives a reason;
    a full edition raises SeatTakenError (the caller offers the waiting list)."""
    edition = _locked(edition)
    _check_open(edition)
    if override_reason and actor.pk == user.pk:
        raise TrainingError(_("Alleen een beheerder kan de vooropleiding laten vervallen."))
    check = rules.check_prerequisites(
        requirements=requirements_of(edition.course),
        held_course_ids=held_course_ids(user),
        override_reason=override_reason,
    )
    if not check.allowed:
        raise TrainingError(
            _("Voor deze cursus heb je eerst een geldig certificaat nodig van: %(courses)s.")
            % {"courses": ", ".join(check.missing)}
        )
    register_number = check_register_number(register, register_number)
    existing = _existing(edition, user)
    if existing is not None and existing.status in ACTIVE:
        raise TrainingError(_("Je staat al ingeschreven voor deze uitvoering."))
    if rules.seats_free(capacity=edition.max_participants, taken=edition.seats_taken()) <= 0:
        raise SeatTakenError(_("Deze uitvoering is vol. Je kunt op de wachtlijst."))
    now = timezone.now()
    enrolment = existing or Enrolment(edition=edition, user=user, created_by=actor)
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.enrolled_at = now
    enrolment.withdrawn_at = None
    enrolment.prerequisite_override_reason = override_reason.strip() if check.overridden else ""
    enrolment.register = register
    enrolment.register_number = register_number
    enrolment.updated_by = actor
    _clean(enrolment)
    enrolment.save()
    from .intake import record_intake_answers  # intake builds on this module

    record_intake_answers(enrolment=enrolment, answers=intake_answers or {})
    log_action(
        "training.enrolment.created",
        actor=actor,
        target=enrolment,
        organisation=edition.course.organisation,
        data={
            "edition": str(edition.uuid),
            "prerequisite_overridden": check.overridden,
            **(
                {"override_reason": enrolment.prerequisite_override_reason}
                if check.overridden
                else {}
            ),
            "rules_version": check.rules_version,
        },
    )
    enrolment_confirmed(enrolment, actor)  # billing drafts the course fee (training/hooks.py)
    _mail(enrolment, "enrolled", "enrolled", confirmation_context(enrolment))
    return enrolment


def confirmation_context(enrolment: Enrolment, *, manage_url: str = "") -> dict[str, Any]:
    """What the confirmation mail shows: where to see the place, its agenda file, the intake."""
    return {
        "my_courses_url": manage_url or participant_url(enrolment),
        "calendar_url": absolute_url(
            reverse("training:edition_calendar", args=[enrolment.edition.uuid])
        ),
        "intake_pending": "1" if enrolment.intake_status == IntakeStatus.PENDING else "",
    }


def participant_url(enrolment: Enrolment) -> str:
    """Where the participant sees the place: Mijn opleidingen, or a parent's own place link."""
    if enrolment.user_id is None:
        from .parents import place_url  # parents builds on this module

        return place_url(enrolment)
    return absolute_url(reverse("training:my_courses"))


def check_register_number(register: str, number: str) -> str:
    """The register number in stored form, only for a register chosen (points wanted)."""
    if not register:
        return ""
    if register not in Register.values:
        raise TrainingError(_("Kies een register uit de lijst."), field="register")
    number = rules.normalise_register_number(number)
    if not number:
        raise TrainingError(
            _("Vul je registratienummer in als je accreditatiepunten wilt."),
            field="register_number",
        )
    if not rules.register_number_valid(register, number):
        raise TrainingError(
            _("Een BIG-nummer heeft 11 cijfers.")
            if register == Register.ABSG
            else _("Een registratienummer bestaat uit 5 tot 10 cijfers."),
            field="register_number",
        )
    return number


@transaction.atomic
def join_waiting_list(*, actor: User, edition: Edition, user: User) -> Enrolment:
    """Put a professional in line for a full edition; prerequisites hold here too."""
    edition = _locked(edition)
    _check_open(edition)
    check = rules.check_prerequisites(
        requirements=requirements_of(edition.course), held_course_ids=held_course_ids(user)
    )
    if not check.allowed:
        raise TrainingError(
            _("Voor deze cursus heb je eerst een geldig certificaat nodig van: %(courses)s.")
            % {"courses": ", ".join(check.missing)}
        )
    existing = _existing(edition, user)
    if existing is not None and existing.status in ACTIVE:
        raise TrainingError(_("Je staat al ingeschreven of op de wachtlijst."))
    enrolment = existing or Enrolment(edition=edition, user=user, created_by=actor)
    enrolment.status = EnrolmentStatus.WAITING
    enrolment.waiting_since = timezone.now()
    enrolment.offered_at = enrolment.offer_expires_at = enrolment.withdrawn_at = None
    _clean(enrolment)
    enrolment.save()
    log_action(
        "training.waiting_list.joined",
        actor=actor,
        target=enrolment,
        organisation=edition.course.organisation,
        data={"edition": str(edition.uuid)},
    )
    # A seat may be free again (an offer lapsed): the list moves on at once.
    advance_waiting_list(edition=edition)
    return Enrolment.objects.get(pk=enrolment.pk)


@transaction.atomic
def advance_waiting_list(
    *, edition: Edition, now: datetime.datetime | None = None
) -> list[Enrolment]:
    """Close lapsed offers and offer every free seat to the first in line, each with a deadline.

    Safe to call any time (after a withdrawal, from a periodic command): it only acts on facts.
    """
    now = now or timezone.now()
    edition = _locked(edition)
    lapsed = edition.enrolments.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
    for enrolment in lapsed:
        enrolment.status = EnrolmentStatus.OFFER_EXPIRED
        enrolment.save(update_fields=["status", "updated_at"])
        log_action(
            "training.offer.expired",
            actor=None,
            target=enrolment,
            organisation=edition.course.organisation,
        )
    if edition.cancelled_at is not None:
        return []
    free = rules.seats_free(capacity=edition.max_participants, taken=edition.seats_taken(now=now))
    waiting = list(edition.enrolments.waiting_in_line())
    chosen = rules.offers_to_make(
        free=free,
        waiting=[rules.InLine(e.pk, e.waiting_since or e.created_at) for e in waiting],
    )
    by_id = {e.pk: e for e in waiting}
    offered = []
    for enrolment_id in chosen:
        enrolment = by_id[enrolment_id]
        enrolment.status = EnrolmentStatus.OFFERED
        enrolment.offered_at = now
        enrolment.offer_expires_at = rules.offer_deadline(
            offered_at=now, hours=edition.course.offer_hours
        )
        enrolment.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        log_action(
            "training.offer.made",
            actor=None,
            target=enrolment,
            organisation=edition.course.organisation,
            data={"expires_at": enrolment.offer_expires_at.isoformat()},
        )
        _mail(
            enrolment,
            "offer",
            "seat_offered",
            {
                "_key_extra": (enrolment.offered_at.isoformat(),),
                "deadline": timezone.localtime(enrolment.offer_expires_at),
                "my_courses_url": participant_url(enrolment),
            },
        )
        offered.append(enrolment)
    return offered


@transaction.atomic
def accept_offer(*, actor: User | None, enrolment: Enrolment) -> Enrolment:
    """Take the offered seat before the deadline."""
    _locked(enrolment.edition)
    enrolment = Enrolment.objects.select_related("edition__course").get(pk=enrolment.pk)
    now = timezone.now()
    if enrolment.status != EnrolmentStatus.OFFERED or not rules.offer_live(
        expires_at=enrolment.offer_expires_at, now=now
    ):
        raise TrainingError(_("Dit aanbod is niet meer geldig."), status=409)
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.enrolled_at = now
    enrolment.updated_by = actor
    enrolment.save(update_fields=["status", "enrolled_at", "updated_by", "updated_at"])
    log_action(
        "training.offer.accepted",
        actor=actor,
        target=enrolment,
        organisation=enrolment.edition.course.organisation,
    )
    enrolment_confirmed(enrolment, actor)
    _mail(enrolment, "enrolled", "enrolled", confirmation_context(enrolment))
    return enrolment


@transaction.atomic
def release_seat(*, actor: User | None, enrolment: Enrolment) -> Enrolment:
    """Withdraw from an edition (or from its waiting list); a freed seat goes to the next in line."""
    edition = _locked(enrolment.edition)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE:
        raise TrainingError(_("Deze inschrijving is al beëindigd."))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.updated_by = actor
    enrolment.save(update_fields=["status", "withdrawn_at", "updated_by", "updated_at"])
    log_action(
        "training.enrolment.withdrawn",
        actor=actor,
        target=enrolment,
        organisation=edition.course.organisation,
    )
    advance_waiting_list(edition=edition)
    return enrolment


@transaction.atomic
def cancel_edition(*, actor: User, edition: Edition, reason: str) -> Edition:
    """Cancel an edition and tell each participant, everyone in line and the trainers, once."""
    if not reason.strip():
        raise TrainingError(_("Geef een reden voor het annuleren."), field="reason")
    edition = _locked(edition)
    if edition.cancelled_at is not None:
        raise TrainingError(_("Deze uitvoering is al geannuleerd."))
    edition.cancelled_at = timezone.now()
    edition.cancel_reason = reason.strip()
    edition.updated_by = actor
    edition.save(update_fields=["cancelled_at", "cancel_reason", "updated_by", "updated_at"])
    affected = list(edition.enrolments.filter(status__in=ACTIVE).select_related("user"))
    enrolled = sum(1 for e in affected if e.status == EnrolmentStatus.ENROLLED)
    for enrolment in affected:
        enrolment.status = EnrolmentStatus.EDITION_CANCELLED
        enrolment.save(update_fields=["status", "updated_at"])
        _mail(enrolment, "cancelled", "edition_cancelled", {"reason": edition.cancel_reason})
    for trainer in edition.trainers.all():
        send_mail_once(
            key=("training", "cancelled-trainer", str(edition.uuid), str(trainer.uuid)),
            to=trainer.email,
            template="training/edition_cancelled",
            context={
                "course_name": edition.course.name,
                "edition_label": edition.label,
                "reason": edition.cancel_reason,
            },
            language="nl",
            organisation=edition.course.organisation,
        )
    log_action(
        "training.edition.cancelled",
        actor=actor,
        target=edition,
        organisation=edition.course.organisation,
        data={
            "informed": len(affected),
            "below_minimum": rules.below_minimum(
                enrolled=enrolled, minimum=edition.min_participants
            ),
        },
    )
    return edition


# --- attendance, completion and certificates -----------------------------------------------------


def _is_teaching(user: User, edition: Edition) -> bool:
    return edition.trainers.filter(pk=user.pk).exists()


@transaction.atomic
def record_attendance(
    *,
    actor: User,
    session: EditionSession,
    enrolment: Enrolment,
    present: bool,
    minutes: int | None = None,
) -> Attendance:
    """Mark a participant present or absent at a session (net minutes count when present).

    A certificate follows at once when this completes the course's rule.
    """
    if enrolment.edition_id != session.edition_id:
        raise TrainingError(_("Deze deelnemer hoort niet bij deze bijeenkomst."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise TrainingError(_("Alleen ingeschreven deelnemers krijgen aanwezigheid."))
    if not _is_teaching(actor, session.edition):
        raise TrainingError(_("Alleen een trainer van deze uitvoering legt aanwezigheid vast."))
    if session.date > timezone.localdate():
        raise TrainingError(_("Aanwezigheid kan pas op de dag van de bijeenkomst."))
    attendance, _created = Attendance.objects.update_or_create(
        enrolment=enrolment,
        session=session,
        defaults={
            "present": present,
            "minutes": rules.minutes_attended(
                present=present, net_minutes=session.net_minutes, stated=minutes
            ),
            "updated_by": actor,
        },
    )
    log_action(
        "training.attendance.recorded",
        actor=actor,
        target=attendance,
        organisation=session.edition.course.organisation,
        data={"present": present, "session": str(session.uuid)},
    )
    issue_certificate_if_complete(actor=actor, enrolment=enrolment)
    return attendance


@transaction.atomic
def record_test_result(*, actor: User, enrolment: Enrolment, passed: bool) -> Enrolment:
    """Record that the participant passed (or not) the course's test."""
    enrolment.test_passed_at = timezone.now() if passed else None
    enrolment.save(update_fields=["test_passed_at", "updated_at"])
    log_action(
        "training.test.recorded",
        actor=actor,
        target=enrolment,
        organisation=enrolment.edition.course.organisation,
        data={"passed": passed},
    )
    issue_certificate_if_complete(actor=actor, enrolment=enrolment)
    return enrolment


@transaction.atomic
def record_evaluation_submitted(*, actor: User | None, enrolment: Enrolment) -> Enrolment:
    """Record that the participant filled in the evaluation (its answers live elsewhere)."""
    if enrolment.evaluation_submitted_at is None:
        enrolment.evaluation_submitted_at = timezone.now()
        enrolment.save(update_fields=["evaluation_submitted_at", "updated_at"])
        log_action(
            "training.evaluation.submitted",
            actor=actor,
            target=enrolment,
            organisation=enrolment.edition.course.organisation,
        )
    issue_certificate_if_complete(actor=actor, enrolment=enrolment)
    return enrolment


def completion_of(enrolment: Enrolment) -> rules.CompletionResult:
    """The completion rule of the enrolment's course applied to its facts now."""
    course = enrolment.edition.course
    sessions = list(enrolment.edition.sessions.all())
    attended = Attendance.objects.filter(enrolment=enrolment, present=True).aggregate(
        total=Sum("minutes")
    )["total"]
    last = sessions[-1] if sessions else None
    # The course counts as held once attendance of its last session has been recorded.
    held = last is not None and Attendance.objects.filter(session=last).exists()
    return rules.evaluate_completion(
        rules.CompletionRule(
            attendance_threshold=course.attendance_threshold,
            test_required=course.test_required,
            evaluation_required=course.evaluation_required,
        ),
        rules.CompletionFacts(
            planned_minutes=sum(s.net_minutes for s in sessions) if held else 0,
            attended_minutes=attended or 0,
            test_passed=enrolment.test_passed_at is not None,
            evaluation_submitted=enrolment.evaluation_submitted_at is not None,
        ),
    )


def issue_certificate_if_complete(
    *, actor: User | None, enrolment: Enrolment
) -> Certificate | None:
    """Issue the certificate now when the rule holds and none is in force; never later by a job."""
    if not enrolment.edition.course.issues_certificate:
        return None
    if enrolment.certificates.filter(revoked_at__isnull=True).exists():
        return None
    if not completion_of(enrolment).complete:
        return None
    return issue_certificate(actor=actor, enrolment=enrolment)


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(text: str) -> str:
    """What someone typed (spaces, lower case, without dashes) in the stored form."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())[:12]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


@transaction.atomic
def issue_certificate(*, actor: User | None, enrolment: Enrolment) -> Certificate:
    """Issue a certificate for a completed enrolment; it replaces a revoked one of the same course."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("edition__course", "user")
        .get(pk=enrolment.pk)
    )
    course = enrolment.edition.course
    result = completion_of(enrolment)
    if not result.complete:
        raise TrainingError(_("Deze deelnemer heeft de cursus (nog) niet afgerond."))
    if enrolment.certificates.filter(revoked_at__isnull=True).exists():
        raise TrainingError(_("Er is al een geldig certificaat voor deze inschrijving."))
    sessions = list(enrolment.edition.sessions.all())
    minutes = (
        Attendance.objects.filter(enrolment=enrolment, present=True).aggregate(t=Sum("minutes"))[
            "t"
        ]
        or 0
    )
    now = timezone.now()
    certificate = Certificate(
        enrolment=enrolment,
        course=course,
        holder_name=enrolment.participant_name,
        course_name=course.name,
        first_day=sessions[0].date,
        last_day=sessions[-1].date,
        minutes_attended=minutes,
        issued_at=now,
        valid_until=rules.certificate_valid_until(
            timezone.localdate(now), course.certificate_valid_months
        ),
        rules_version=result.rules_version,
        created_by=actor,
    )
    for _attempt in range(3):
        certificate.verification_code = new_verification_code()
        try:
            with transaction.atomic():
                _clean(certificate)
                certificate.save()
            break
        except (IntegrityError, TrainingError):
            certificate.pk = None
            continue
    else:  # pragma: no cover - 31^12 codes
        raise TrainingError(_("Het certificaat kon niet worden gemaakt. Probeer het opnieuw."))
    # A retake: the last revoked certificate of this course for this person points to the new one.
    earlier = Certificate.objects.filter(
        course=course, revoked_at__isnull=False, replaced_by__isnull=True
    ).exclude(pk=certificate.pk)
    if enrolment.user_id is not None:
        earlier = earlier.filter(enrolment__user_id=enrolment.user_id)
    else:
        earlier = earlier.filter(enrolment__contact_email__iexact=enrolment.contact_email)
    previous = earlier.order_by("-issued_at").first()
    if previous is not None:
        previous.replaced_by = certificate
        previous.save(update_fields=["replaced_by", "updated_at"])
    log_action(
        "training.certificate.issued",
        actor=actor,
        target=certificate,
        organisation=course.organisation,
        data={
            "enrolment": str(enrolment.uuid),
            "replaces": str(previous.uuid) if previous else None,
            "rules_version": result.rules_version,
        },
    )
    _mail(
        enrolment,
        "certificate",
        "certificate_issued",
        {
            "_key_extra": (certificate.verification_code,),
            "my_courses_url": absolute_url(reverse("training:my_courses")),
        },
    )
    return certificate


@transaction.atomic
def revoke_certificate(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw a certificate with a reason; the verification page then answers 'revoked'."""
    if not reason.strip():
        raise TrainingError(_("Geef een reden voor het intrekken."), field="reason")
    certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise TrainingError(_("Dit certificaat is al ingetrokken."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    certificate.updated_by = actor
    certificate.save(update_fields=["revoked_at", "revoke_reason", "updated_by", "updated_at"])
    log_action(
        "training.certificate.revoked",
        actor=actor,
        target=certificate,
        organisation=certificate.course.organisation,
        data={"reason": certificate.revoke_reason},
    )
    return certificate
