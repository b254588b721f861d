"""Intake (seed 001: Het Begint Bij Mij takes parents who join voluntarily, can reflect on their
own actions, speak some Dutch, Arabic or English, are not in crisis and face no serious safety
issues): the applicant answers the course's questions when enrolling; a trainer of the edition
accepts, holds or declines with a reason. A declined applicant gets a kind mail with other places
to go, taken from the public catalogue; the mail carries neither the answers nor the reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.catalogue.constants import Format
from hechtwerk.catalogue.models import Intervention
from hechtwerk.core.audit import log_action
from hechtwerk.core.mail import absolute_url, send_mail_once

from ..constants import EnrolmentStatus, IntakeStatus
from ..models import Edition, Enrolment, IntakeAnswer
from .base import TrainingError, _locked, advance_waiting_list

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User

# Formats meant for professionals, not for a parent looking for help.
PROFESSIONAL_FORMATS = (Format.WORKSHOP, Format.CONSULT_METHOD)
SUGGESTIONS = 3


def record_intake_answers(*, enrolment: Enrolment, answers: Mapping[int, bool]) -> None:
    """Keep the applicant's yes/no per question and mark the intake as waiting for a trainer.

    Called inside the enrolment's transaction; every question must be answered."""
    questions = list(enrolment.edition.course.intake_questions.all())
    if not questions:
        return
    if any(q.pk not in answers for q in questions):
        raise TrainingError(_("Beantwoord alle vragen van de intake."), field="intake")
    enrolment.intake_answers.all().delete()
    IntakeAnswer.objects.bulk_create(
        IntakeAnswer(enrolment=enrolment, question=q, agrees=answers[q.pk]) for q in questions
    )
    enrolment.intake_status = IntakeStatus.PENDING
    enrolment.intake_decided_at = None
    enrolment.intake_reason = ""
    enrolment.save(update_fields=["intake_status", "intake_decided_at", "intake_reason"])


def suggestions_elsewhere() -> list[tuple[str, str]]:
    """A few public interventions for parents from the catalogue: (name, address of its page)."""
    interventions = (
        Intervention.objects.active()
        .exclude(format__in=PROFESSIONAL_FORMATS)
        .order_by("name")[:SUGGESTIONS]
    )
    return [
        (i.name, absolute_url(reverse("catalogue:detail", args=[i.uuid]))) for i in interventions
    ]


def _may_decide(actor: User, edition: Edition) -> bool:
    return edition.trainers.filter(pk=actor.pk).exists()


@transaction.atomic
def decide_intake(
    *, actor: User, enrolment: Enrolment, decision: IntakeStatus, reason: str = ""
) -> Enrolment:
    """Accept, hold or decline an applicant; a decline frees the seat for the waiting list."""
    edition = _locked(enrolment.edition)
    enrolment = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
    if not _may_decide(actor, edition):
        raise TrainingError(_("Alleen een trainer van deze uitvoering beoordeelt de intake."))
    if not enrolment.intake_status or enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.DECLINED,
    ):
        raise TrainingError(_("Voor deze inschrijving is geen intake te beoordelen."))
    if enrolment.intake_status == IntakeStatus.DECLINED:
        raise TrainingError(_("Deze aanmelding is al afgewezen."))
    if decision == IntakeStatus.PENDING:
        raise TrainingError(_("Kies plaatsen, aanhouden of niet plaatsen."), field="decision")
    reason = reason.strip()
    if decision in (IntakeStatus.ON_HOLD, IntakeStatus.DECLINED) and not reason:
        raise TrainingError(
            _("Geef een toelichting bij aanhouden of niet plaatsen."), field="reason"
        )
    now = timezone.now()
    enrolment.intake_status = decision
    enrolment.intake_decided_at = now
    enrolment.intake_reason = reason
    enrolment.updated_by = actor
    fields = ["intake_status", "intake_decided_at", "intake_reason", "updated_by", "updated_at"]
    if decision == IntakeStatus.DECLINED:
        enrolment.status = EnrolmentStatus.DECLINED
        enrolment.withdrawn_at = now
        fields += ["status", "withdrawn_at"]
    enrolment.save(update_fields=fields)
    # The reason stays with the trainer: the log says what was decided, not why.
    log_action(
        "training.intake.decided",
        actor=actor,
        target=enrolment,
        organisation=edition.course.organisation,
        data={"decision": str(decision)},
    )
    if decision == IntakeStatus.DECLINED:
        places = suggestions_elsewhere()
        send_mail_once(
            key=("training", "intake-declined", str(enrolment.uuid)),
            to=enrolment.email,
            template="training/intake_declined",
            context={
                "course_name": edition.course.name,
                "first_name": enrolment.participant_name,
                "elsewhere": "\n".join(f"{name}: {url}" for name, url in places),
                "catalogue_url": absolute_url(reverse("catalogue:list")),
            },
            language="nl",
            organisation=edition.course.organisation,
        )
        advance_waiting_list(edition=edition)
    return enrolment
