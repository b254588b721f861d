"""Training services: what a participant, trainer or beheerder notices (seeds 000–002, domain §6)."""

from __future__ import annotations

import datetime
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hechtwerk.accounts.constants import Role
from hechtwerk.core.models import AuditEntry, OutgoingMail
from hechtwerk.training import hooks
from hechtwerk.training.constants import CourseKind, EnrolmentStatus
from hechtwerk.training.models import Certificate, Enrolment
from hechtwerk.training.services import (
    SeatTakenError,
    SessionPlan,
    TrainingError,
    accept_offer,
    add_equivalence,
    advance_waiting_list,
    cancel_edition,
    create_course,
    edition_status,
    enrol,
    join_waiting_list,
    record_attendance,
    record_evaluation_submitted,
    release_seat,
    revoke_certificate,
)

from .conftest import make_edition
from .factories import completed_certificate, in_the_past


def mails_to(email: str, kind: str) -> int:
    return OutgoingMail.objects.filter(recipient=email, kind=f"training/{kind}").count()


@pytest.fixture
def basistraining(foundation, provider_administrator):
    return create_course(
        actor=provider_administrator.user,
        organisation=foundation,
        name="Basistraining Focus op Hechting",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan(f"Dagdeel {i}", 180) for i in range(1, 5)],
    )


@pytest.fixture
def masterclass(foundation, provider_administrator, basistraining):
    return create_course(
        actor=provider_administrator.user,
        organisation=foundation,
        name="Masterclass Train de Trainer",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Dag 1", 420), SessionPlan("Dag 2", 420)],
        requires=[basistraining],
    )


# --- courses and editions ------------------------------------------------------------------------


def test_it_lets_only_a_training_provider_offer_courses(jgz, jgz_administrator):
    with pytest.raises(TrainingError):
        create_course(
            actor=jgz_administrator.user,
            organisation=jgz,
            name="Eigen cursus",
            kind=CourseKind.PROFESSIONAL,
            sessions=[SessionPlan("Een", 60)],
        )


def test_it_refuses_a_trainer_of_another_provider(course, make_persona, other_jgz, nurse):
    with pytest.raises(TrainingError, match="geen trainer"):
        make_edition(course, nurse)


def test_it_asks_the_registered_check_before_scheduling(course, trainer):
    """Training never imports licensing: licensing answers through a registered check."""

    def unlicensed(_course, _trainer):
        return "Deze trainer heeft geen geldige licentie."

    hooks.register_schedule_check(unlicensed)
    try:
        with pytest.raises(TrainingError, match="licentie"):
            make_edition(course, trainer)
    finally:
        hooks.unregister_schedule_check(unlicensed)
    assert make_edition(course, trainer).pk  # default: allowed


def test_it_takes_each_session_topic_and_break_from_the_course(edition):
    sessions = list(edition.sessions.all())
    assert [s.topic for s in sessions] == ["Diagnostiek", "Behandelmethodieken"]
    # 19:00–21:45 with a 15-minute break: 2.5 hours net (seed 002).
    assert sessions[0].net_minutes == 150
    assert edition_status(edition) == "open"


# --- prerequisites -------------------------------------------------------------------------------


def test_it_refuses_the_masterclass_without_the_basistraining(masterclass, trainer, nurse):
    edition = make_edition(masterclass, trainer)
    with pytest.raises(TrainingError, match="Basistraining"):
        enrol(actor=nurse.user, edition=edition, user=nurse.user)
    assert not Enrolment.objects.filter(user=nurse.user).exists()


def test_it_accepts_the_basistraining_certificate(masterclass, basistraining, trainer, nurse):
    completed_certificate(in_the_past(make_edition(basistraining, trainer)), nurse.user)
    edition = make_edition(masterclass, trainer)
    enrolment = enrol(actor=nurse.user, edition=edition, user=nurse.user)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert mails_to(nurse.user.email, "enrolled") == 1


def test_it_accepts_an_equivalent_course_of_another_provider(
    masterclass, basistraining, trainer, nurse, make_persona
):
    from hechtwerk.accounts.tests.factories import OrganisationFactory

    other = OrganisationFactory(name="Opleider Elders", kind="opleider")
    other_trainer = make_persona(Role.TRAINER, other)
    elsewhere = create_course(
        actor=None,
        organisation=other,
        name="Hechting in de JGZ",
        kind=CourseKind.PROFESSIONAL,
        sessions=[SessionPlan("Een", 240)],
    )
    completed_certificate(in_the_past(make_edition(elsewhere, other_trainer)), nurse.user)
    edition = make_edition(masterclass, trainer)
    with pytest.raises(TrainingError):
        enrol(actor=nurse.user, edition=edition, user=nurse.user)
    add_equivalence(
        actor=None, course=basistraining, equivalent=elsewhere, reason="Zelfde leerdoelen"
    )
    assert enrol(actor=nurse.user, edition=edition, user=nurse.user).status == "ingeschreven"


def test_it_does_not_count_a_revoked_basistraining(masterclass, basistraining, trainer, nurse):
    certificate = completed_certificate(
        in_the_past(make_edition(basistraining, trainer)), nurse.user
    )
    revoke_certificate(actor=nurse.user, certificate=certificate, reason="Fraude")
    with pytest.raises(TrainingError):
        enrol(actor=nurse.user, edition=make_edition(masterclass, trainer), user=nurse.user)


def test_it_lets_a_beheerder_override_with_a_reason_and_logs_it(
    masterclass, trainer, nurse, provider_administrator
):
    edition = make_edition(masterclass, trainer)
    with pytest.raises(TrainingError):
        enrol(actor=nurse.user, edition=edition, user=nurse.user, override_reason="Ik kan het al")
    enrolment = enrol(
        actor=provider_administrator.user,
        edition=edition,
        user=nurse.user,
        override_reason="Opleiding in België gevolgd",
    )
    assert enrolment.prerequisite_override_reason == "Opleiding in België gevolgd"
    entry = AuditEntry.objects.get(
        action="training.enrolment.created", target_id=str(enrolment.uuid)
    )
    assert entry.data["prerequisite_overridden"] is True
    assert entry.actor_id == provider_administrator.user.pk


# --- seats and waiting list -----------------------------------------------------------------------


def _people(make_persona, foundation, n):
    return [make_persona(Role.PARTICIPANT, foundation).user for _ in range(n)]


def test_it_refuses_a_seat_when_full_and_offers_the_waiting_list(edition, make_persona, foundation):
    first, second, third, fourth = _people(make_persona, foundation, 4)
    for user in (first, second, third):
        enrol(actor=user, edition=edition, user=user)
    assert edition_status(edition) == "vol"
    with pytest.raises(SeatTakenError):
        enrol(actor=fourth, edition=edition, user=fourth)
    waiting = join_waiting_list(actor=fourth, edition=edition, user=fourth)
    assert waiting.status == EnrolmentStatus.WAITING


def test_it_offers_a_freed_seat_to_the_first_in_line_with_a_deadline_once(
    edition, make_persona, foundation
):
    users = _people(make_persona, foundation, 5)
    seated = [enrol(actor=u, edition=edition, user=u) for u in users[:3]]
    early = join_waiting_list(actor=users[3], edition=edition, user=users[3])
    late = join_waiting_list(actor=users[4], edition=edition, user=users[4])
    release_seat(actor=users[0], enrolment=seated[0])
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.status == EnrolmentStatus.OFFERED
    assert early.offer_expires_at - early.offered_at == timedelta(hours=48)
    assert late.status == EnrolmentStatus.WAITING
    advance_waiting_list(edition=edition)  # again: nothing new
    assert mails_to(users[3].email, "seat_offered") == 1
    assert mails_to(users[4].email, "seat_offered") == 0
    # The held offer counts as a seat: nobody else can take it meanwhile.
    with pytest.raises(SeatTakenError):
        enrol(actor=users[0], edition=edition, user=users[0])
    accept_offer(actor=users[3], enrolment=early)
    early.refresh_from_db()
    assert early.status == EnrolmentStatus.ENROLLED


def test_it_moves_an_expired_offer_on_to_the_next(edition, make_persona, foundation):
    users = _people(make_persona, foundation, 5)
    seated = [enrol(actor=u, edition=edition, user=u) for u in users[:3]]
    early = join_waiting_list(actor=users[3], edition=edition, user=users[3])
    late = join_waiting_list(actor=users[4], edition=edition, user=users[4])
    release_seat(actor=users[0], enrolment=seated[0])
    advance_waiting_list(edition=edition, now=timezone.now() + timedelta(hours=49))
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.status == EnrolmentStatus.OFFER_EXPIRED
    assert late.status == EnrolmentStatus.OFFERED
    with pytest.raises(TrainingError, match="niet meer geldig"):
        accept_offer(actor=users[3], enrolment=early)
    assert mails_to(users[4].email, "seat_offered") == 1


def test_it_treats_a_lapsed_offer_as_a_free_seat_without_any_job(edition, make_persona, foundation):
    users = _people(make_persona, foundation, 4)
    seated = [enrol(actor=u, edition=edition, user=u) for u in users[:3]]
    offered = join_waiting_list(actor=users[3], edition=edition, user=users[3])
    release_seat(actor=users[0], enrolment=seated[0])
    offered.refresh_from_db()
    Enrolment.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert edition.seats_taken() == 2
    assert edition_status(edition) == "open"


def test_it_informs_everyone_once_when_an_edition_is_cancelled(
    edition, make_persona, foundation, provider_administrator, trainer
):
    users = _people(make_persona, foundation, 4)
    for u in users[:3]:
        enrol(actor=u, edition=edition, user=u)
    join_waiting_list(actor=users[3], edition=edition, user=users[3])
    cancel_edition(
        actor=provider_administrator.user, edition=edition, reason="Te weinig aanmeldingen"
    )
    with pytest.raises(TrainingError):
        cancel_edition(actor=provider_administrator.user, edition=edition, reason="Nogmaals")
    for u in users:
        assert mails_to(u.email, "edition_cancelled") == 1
    assert mails_to(trainer.user.email, "edition_cancelled") == 1
    edition.refresh_from_db()
    assert edition_status(edition) == "geannuleerd"
    assert set(edition.enrolments.values_list("status", flat=True)) == {"uitvoering_geannuleerd"}


# --- attendance and certificates ------------------------------------------------------------------


def test_it_issues_the_certificate_at_the_last_session_and_not_before(
    edition, trainer, participant
):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    first, last = list(edition.sessions.all())
    record_attendance(actor=trainer.user, session=first, enrolment=enrolment, present=True)
    assert not Certificate.objects.exists()
    record_attendance(actor=trainer.user, session=last, enrolment=enrolment, present=True)
    certificate = Certificate.objects.get()
    assert certificate.minutes_attended == 300
    expected_name = participant.user.get_full_name() or participant.user.email
    assert certificate.holder_name == expected_name
    assert mails_to(participant.user.email, "certificate_issued") == 1
    # Recording again changes nothing: one certificate, one mail.
    record_attendance(actor=trainer.user, session=last, enrolment=enrolment, present=True)
    assert Certificate.objects.count() == 1


def test_it_issues_no_certificate_when_attendance_falls_short(edition, trainer, participant):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    first, last = list(edition.sessions.all())
    record_attendance(actor=trainer.user, session=first, enrolment=enrolment, present=False)
    record_attendance(actor=trainer.user, session=last, enrolment=enrolment, present=True)
    assert not Certificate.objects.exists()


def test_it_waits_for_the_evaluation_where_the_course_asks_for_it(edition, trainer, participant):
    course = edition.course
    course.evaluation_required = True
    course.save()
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    for session in edition.sessions.all():
        record_attendance(actor=trainer.user, session=session, enrolment=enrolment, present=True)
    assert not Certificate.objects.exists()
    record_evaluation_submitted(actor=participant.user, enrolment=enrolment)
    assert Certificate.objects.count() == 1


def test_it_lets_only_the_editions_trainer_record_attendance(
    edition, participant, make_persona, foundation
):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    in_the_past(edition)
    other_trainer = make_persona(Role.TRAINER, foundation)
    with pytest.raises(TrainingError):
        record_attendance(
            actor=other_trainer.user,
            session=edition.sessions.first(),
            enrolment=enrolment,
            present=True,
        )


def test_it_refuses_attendance_before_the_session_day(edition, trainer, participant):
    enrolment = enrol(actor=participant.user, edition=edition, user=participant.user)
    with pytest.raises(TrainingError, match="dag van de bijeenkomst"):
        record_attendance(
            actor=trainer.user, session=edition.sessions.first(), enrolment=enrolment, present=True
        )


def test_it_reissues_after_a_retake_and_links_the_revoked_certificate(
    course, trainer, participant, provider_administrator
):
    old = completed_certificate(
        in_the_past(make_edition(course, trainer), days=400), participant.user
    )
    with pytest.raises(TrainingError):
        revoke_certificate(actor=provider_administrator.user, certificate=old, reason=" ")
    revoke_certificate(actor=provider_administrator.user, certificate=old, reason="Toets ongeldig")
    retake = make_edition(course, trainer)
    enrolment = enrol(actor=participant.user, edition=retake, user=participant.user)
    in_the_past(retake)
    for session in retake.sessions.all():
        record_attendance(actor=trainer.user, session=session, enrolment=enrolment, present=True)
    new = Certificate.objects.get(enrolment=enrolment)
    old.refresh_from_db()
    assert old.replaced_by == new
    assert old.revoke_reason == "Toets ongeldig"
    assert new.verification_code != old.verification_code


# --- concurrency (PostgreSQL) ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_overbooks_when_twenty_people_take_the_last_seat_at_once(
    course, trainer, make_persona, foundation
):
    edition = make_edition(course, trainer)
    early = _people(make_persona, foundation, 2)
    for user in early:
        enrol(actor=user, edition=edition, user=user)
    racers = _people(make_persona, foundation, 20)
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def take(user):
        try:
            barrier.wait()
            enrol(actor=user, edition=edition, user=user)
            outcomes.append("seat")
        except SeatTakenError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("seat") == 1
    assert outcomes.count("full") == 19
    assert edition.enrolments.filter(status="ingeschreven").count() == 3


def next_clock_change() -> datetime.date:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        last = datetime.date(year, 10, 31)
        sunday = last - timedelta(days=(last.weekday() + 1) % 7)
        if sunday > today:
            return sunday
    raise AssertionError("unreachable")


def test_it_keeps_session_times_on_the_wall_clock_across_the_clock_change(course, trainer):
    # The last Sunday of October: summer time ends in the Netherlands (the next one to come).
    edition = make_edition(course, trainer, start=next_clock_change())
    first = edition.sessions.first()
    assert first.starts_at.utcoffset() == timedelta(hours=1)
    assert (first.starts_at.hour, first.starts_at.minute) == (19, 0)
