"""Intake for Het Begint Bij Mij (seed 001: voluntary, able to reflect, language, not in crisis,
no serious safety issues): answers at enrolment, the trainer's decision, a kind mail on decline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.models import OutgoingMail
from hechtwerk.training.constants import EnrolmentStatus, IntakeStatus
from hechtwerk.training.services import TrainingError, enrol, join_waiting_list
from hechtwerk.training.services.courses import set_intake_questions
from hechtwerk.training.services.intake import decide_intake

QUESTIONS = [
    "Doe je uit vrije wil mee?",
    "Lukt het je om terug te kijken op wat je zelf doet?",
    "Spreek je een beetje Nederlands, Arabisch of Engels?",
    "Is je situatie op dit moment rustig genoeg (geen crisis)?",
    "Is het thuis veilig genoeg?",
]


@pytest.fixture
def with_intake(course):
    set_intake_questions(actor=None, course=course, questions=QUESTIONS)
    return course


def all_yes(course):
    return {q.pk: True for q in course.intake_questions.all()}


@pytest.fixture
def group_for_parents(db):
    return Intervention.objects.create(
        slug="samen-sterk",
        name="Samen Sterk ouderavonden",
        target_group="Ouders",
        goal="Steun",
        approach="Groepsavonden",
        format="groep",
        prevention_level="universeel",
        source="Testbron",
    )


def test_it_keeps_the_applicants_answers_and_waits_for_the_trainer(
    with_intake, edition, participant
):
    answers = all_yes(with_intake)
    answers[with_intake.intake_questions.last().pk] = False
    enrolment = enrol(
        actor=participant.user, edition=edition, user=participant.user, intake_answers=answers
    )
    assert enrolment.intake_status == IntakeStatus.PENDING
    assert [a.agrees for a in enrolment.intake_answers.all()] == [True, True, True, True, False]
    mail = OutgoingMail.objects.get(recipient=participant.user.email, kind="training/enrolled")
    assert "laat je weten of je plaats definitief is" in mail.body_text


def test_it_refuses_an_enrolment_with_an_unanswered_intake_question(
    with_intake, edition, participant
):
    answers = all_yes(with_intake)
    answers.popitem()
    with pytest.raises(TrainingError, match="Beantwoord alle vragen"):
        enrol(
            actor=participant.user, edition=edition, user=participant.user, intake_answers=answers
        )


def test_it_lets_the_trainer_accept_or_hold_with_a_reason(
    with_intake, edition, trainer, participant
):
    enrolment = enrol(
        actor=participant.user,
        edition=edition,
        user=participant.user,
        intake_answers=all_yes(with_intake),
    )
    with pytest.raises(TrainingError, match="toelichting"):
        decide_intake(actor=trainer.user, enrolment=enrolment, decision=IntakeStatus.ON_HOLD)
    held = decide_intake(
        actor=trainer.user,
        enrolment=enrolment,
        decision=IntakeStatus.ON_HOLD,
        reason="Eerst even bellen",
    )
    assert held.intake_status == IntakeStatus.ON_HOLD
    accepted = decide_intake(
        actor=trainer.user, enrolment=enrolment, decision=IntakeStatus.ACCEPTED
    )
    assert accepted.intake_status == IntakeStatus.ACCEPTED
    assert accepted.status == EnrolmentStatus.ENROLLED


def test_it_declines_kindly_with_places_elsewhere_and_frees_the_seat(
    with_intake, edition, trainer, participant, nurse, doctor, group_for_parents
):
    edition.max_participants = 2
    edition.save()
    enrolment = enrol(
        actor=participant.user,
        edition=edition,
        user=participant.user,
        intake_answers=all_yes(with_intake),
    )
    enrol(actor=doctor.user, edition=edition, user=doctor.user, intake_answers=all_yes(with_intake))
    waiting = join_waiting_list(actor=nurse.user, edition=edition, user=nurse.user)
    assert waiting.status == EnrolmentStatus.WAITING

    decide_intake(
        actor=trainer.user,
        enrolment=enrolment,
        decision=IntakeStatus.DECLINED,
        reason="Thuis speelt nu te veel",
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DECLINED
    mail = OutgoingMail.objects.get(kind="training/intake_declined")
    assert mail.recipient == participant.user.email
    assert "Samen Sterk ouderavonden" in mail.body_text
    assert "huisarts" in mail.body_text
    # Neither the trainer's reason nor any answer travels in the mail.
    assert "Thuis speelt" not in mail.body_text + mail.body_html
    assert "crisis" not in mail.body_text + mail.body_html
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.OFFERED
    # Declining twice sends nothing more.
    with pytest.raises(TrainingError):
        decide_intake(
            actor=trainer.user, enrolment=enrolment, decision=IntakeStatus.DECLINED, reason="x"
        )
    assert OutgoingMail.objects.filter(kind="training/intake_declined").count() == 1


def test_it_lets_only_a_trainer_of_the_edition_decide(with_intake, edition, participant, doctor):
    enrolment = enrol(
        actor=participant.user,
        edition=edition,
        user=participant.user,
        intake_answers=all_yes(with_intake),
    )
    with pytest.raises(TrainingError):
        decide_intake(actor=doctor.user, enrolment=enrolment, decision=IntakeStatus.ACCEPTED)


def test_it_shows_the_answers_to_the_trainer_and_takes_the_decision_on_the_page(
    client, client_for, with_intake, edition, trainer, participant
):
    page = client.get(reverse("training:course", args=[with_intake.uuid])).content.decode()
    assert "Log in om je in te schrijven" in page
    participant_client = client_for(participant)
    data = {"action": "enrol"}
    for q in with_intake.intake_questions.all():
        data[f"intake-{q.uuid}"] = "ja"
    participant_client.post(reverse("training:enrol", args=[edition.uuid]), data)
    client = client_for(trainer)
    page = client.get(reverse("training:intake", args=[edition.uuid])).content.decode()
    assert QUESTIONS[0] in page
    assert "Intake nog te beoordelen" in page
    enrolment = edition.enrolments.get()
    client.post(
        reverse("training:intake_decide", args=[enrolment.uuid]), {"decision": "geaccepteerd"}
    )
    enrolment.refresh_from_db()
    assert enrolment.intake_status == IntakeStatus.ACCEPTED
