"""The provider beheerder's course and edition forms: edit a course with its sessions,
accreditation, prerequisites, equivalent courses and intake questions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.instruments.constants import VersionStatus

from ..constants import CourseKind, Register, VatTreatment
from ..models import (
    Accreditation,
    Course,
    CourseEquivalence,
    CourseSession,
    IntakeQuestion,
    Prerequisite,
)
from .base import SessionPlan, TrainingError, _clean, check_course_numbers

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User
    from hechtwerk.instruments.models import InstrumentVersion


def _replace_sessions(course: Course, sessions: Sequence[SessionPlan]) -> None:
    # Editions copy the sessions when scheduled, so replacing the template changes no edition.
    course.sessions.all().delete()
    for order, plan in enumerate(sessions, start=1):
        session = CourseSession(
            course=course,
            order=order,
            topic=plan.topic.strip(),
            contents=plan.contents,
            duration_minutes=plan.duration_minutes,
            break_minutes=plan.break_minutes,
        )
        _clean(session)
        session.save()


@transaction.atomic
def set_intake_questions(*, actor: User | None, course: Course, questions: Sequence[str]) -> int:
    """Replace the course's intake questions; questions already answered are kept as they were."""
    texts = [q.strip() for q in questions if q.strip()]
    existing = {q.text: q for q in course.intake_questions.all()}
    keep = {text for text in texts if text in existing}
    for question in existing.values():
        if question.text not in keep:
            if question.pk and _answered(question):
                raise TrainingError(
                    _("De vraag '%(text)s' is al beantwoord en kan niet meer weg.")
                    % {"text": question.text},
                    field="intake_questions",
                )
            question.delete()
    # Orders are rewritten in two passes so the unique (course, order) never collides.
    for offset, question in enumerate(course.intake_questions.all(), start=1000):
        question.order = offset
        question.save(update_fields=["order"])
    for order, text in enumerate(texts, start=1):
        question = existing.get(text) or IntakeQuestion(course=course, text=text)
        question.order = order
        _clean(question)
        question.save()
    log_action(
        "training.course.intake_questions_set",
        actor=actor,
        target=course,
        organisation=course.organisation,
        data={"questions": len(texts)},
    )
    return len(texts)


def _answered(question: IntakeQuestion) -> bool:
    from ..models import IntakeAnswer

    return IntakeAnswer.objects.filter(question=question).exists()


@transaction.atomic
def set_equivalents(
    *, actor: User | None, course: Course, equivalents: Sequence[Course], reason: str
) -> None:
    """Accept certificates of exactly these courses (any provider's) in place of this one's."""
    wanted = {c.pk for c in equivalents}
    if course.pk in wanted:
        raise TrainingError(
            _("Een cursus is niet gelijkwaardig aan zichzelf."), field="equivalents"
        )
    course.equivalences.exclude(equivalent_id__in=wanted).delete()
    for other in equivalents:
        CourseEquivalence.objects.get_or_create(
            course=course,
            equivalent=other,
            defaults={"reason": reason.strip() or _("Vastgelegd door de beheerder.")},
        )
    log_action(
        "training.course.equivalents_set",
        actor=actor,
        target=course,
        organisation=course.organisation,
        data={"equivalents": sorted(str(c.uuid) for c in equivalents)},
    )


@transaction.atomic
def update_course(
    *,
    actor: User,
    course: Course,
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
    """Change a course's description, structure, price, completion rule, accreditation and
    prerequisites. Editions already scheduled keep their own dated sessions."""
    if not sessions:
        raise TrainingError(_("Een cursus heeft minstens één bijeenkomst."), field="sessions")
    check_course_numbers(group_min=group_min, group_max=group_max, price=price_excl_vat)
    name = name.strip()
    if (
        Course.objects.filter(organisation_id=course.organisation_id, name=name)
        .exclude(pk=course.pk)
        .exists()
    ):
        raise TrainingError(_("Er is al een cursus met deze naam."), field="name")
    if any(required.pk == course.pk for required in requires):
        raise TrainingError(
            _("Een cursus kan niet zichzelf als vooropleiding hebben."), field="requires"
        )
    course.name = name
    course.kind = kind
    course.summary = summary
    course.target_roles = ",".join(target_roles)
    course.group_min, course.group_max = group_min, group_max
    course.price_excl_vat = price_excl_vat
    course.vat_treatment = vat_treatment
    course.price_note = price_note
    course.prerequisite_note = prerequisite_note
    course.attendance_threshold = attendance_threshold
    course.test_required = test_required
    course.evaluation_required = evaluation_required
    course.issues_certificate = issues_certificate
    course.certificate_valid_months = certificate_valid_months
    course.updated_by = actor
    _clean(course)
    course.save()
    _replace_sessions(course, sessions)
    course.accreditations.all().delete()
    for register, points in accreditations:
        accreditation = Accreditation(course=course, register=register, points=points)
        _clean(accreditation)
        accreditation.save()
    course.prerequisites.exclude(required_course__in=list(requires)).delete()
    for required in requires:
        Prerequisite.objects.get_or_create(course=course, required_course=required)
    log_action(
        "training.course.updated",
        actor=actor,
        target=course,
        organisation=course.organisation,
        data={"sessions": len(sessions), "prerequisites": len(requires)},
    )
    return course


@transaction.atomic
def set_measurement_versions(
    *,
    actor: User,
    course: Course,
    nulmeting: InstrumentVersion | None,
    test: InstrumentVersion | None,
    evaluation: InstrumentVersion | None,
) -> Course:
    """Name the published instrument versions a course's participants fill in: the nulmeting,
    the toets (scored against its pass mark) and the evaluation. Answers already given keep the
    version they were given on."""
    chosen = {
        "nulmeting_version": nulmeting,
        "test_version": test,
        "evaluation_version": evaluation,
    }
    for field, version in chosen.items():
        if version is not None and version.status != VersionStatus.PUBLISHED:
            raise TrainingError(_("Kies een gepubliceerde versie van de vragenlijst."), field=field)
    if course.test_required and test is None:
        raise TrainingError(
            _("De toets moet gehaald zijn voor het certificaat: kies dan ook een toets."),
            field="test_version",
        )
    changed = {
        field: str(version.uuid) if version else None
        for field, version in chosen.items()
        if getattr(course, f"{field}_id") != (version.pk if version else None)
    }
    if not changed:
        return course
    for field, version in chosen.items():
        setattr(course, field, version)
    course.full_clean()
    course.save(update_fields=[*chosen, "updated_at"])
    log_action(
        "training.course.measurements_set",
        actor=actor,
        target=course,
        organisation=course.organisation,
        data=changed,
    )
    return course
