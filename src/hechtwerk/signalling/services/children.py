"""Registering a child and the organisation's schedule of contact moments."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hechtwerk.accounts.constants import OrganisationKind
from hechtwerk.accounts.models import Organisation, User
from hechtwerk.core.audit import log_action
from hechtwerk.core.compiled import CompiledQuery
from hechtwerk.signalling.models import Child, Consult, ContactMoment
from hechtwerk.signalling.rules import (
    CLASSIC_SCHEDULE,
    birth_date_problem,
    check_case_code,
    due_date_problem,
)

from .common import SignallingError, clean_or_raise, today
from .worklist_facts import refresh_worklist_facts

# The schedule's SELECT compiled once per process (core.compiled): read on every consult.
_SCHEDULE = CompiledQuery(ContactMoment, ContactMoment.objects.for_organisation, int)
# A child of an organisation by uuid, with its organisation: what a membership that sees children
# reads on every request about a child (views.common.load_child), compiled once per process.
VISIBLE_CHILD = CompiledQuery(
    Child,
    lambda organisation_id, child_uuid: Child.objects.filter(
        organisation_id=organisation_id, uuid=child_uuid
    ).select_related("organisation"),
    int,
    uuid.UUID,
)


def ensure_schedule(organisation: Organisation) -> list[ContactMoment]:
    """The organisation's contact moments; a JGZ organisation without any gets the classic ones."""
    moments = _SCHEDULE.fetch(organisation.pk)
    if moments or organisation.kind != OrganisationKind.JGZ:
        return moments
    with transaction.atomic():
        ContactMoment.objects.bulk_create(
            [
                ContactMoment(
                    organisation=organisation,
                    code=spec.code,
                    label=spec.label,
                    age_days=spec.age_days,
                    order=index,
                )
                for index, spec in enumerate(CLASSIC_SCHEDULE)
            ],
            ignore_conflicts=True,
        )
        # A new schedule: the children already registered get their open moments.
        refresh_worklist_facts(organisation=organisation)
    return list(ContactMoment.objects.for_organisation(organisation.pk))


def _check_dates(birth_date: date | None, due_date: date | None) -> None:
    if birth_date is None and due_date is None:
        raise SignallingError(
            _("Vul de geboortedatum in, of vóór de geboorte de uitgerekende datum."),
            field="birth_date",
        )
    problem = birth_date_problem(birth_date, today=today())
    if problem:
        raise SignallingError(problem, field="birth_date")
    problem = due_date_problem(due_date, birth_date=birth_date, today=today())
    if problem:
        raise SignallingError(problem, field="due_date")


@transaction.atomic
def register_child(
    *,
    actor: User,
    organisation: Organisation,
    case_code: str,
    birth_date: date | None,
    due_date: date | None,
) -> Child:
    """Add a child by case code with a date of birth or, before birth, an expected due date."""
    check = check_case_code(case_code)
    if check.problem:
        raise SignallingError(check.problem, field="case_code")
    case_code = check.code
    if organisation.kind != OrganisationKind.JGZ:
        raise SignallingError(_("Alleen een JGZ-organisatie legt kinderen vast."))
    _check_dates(birth_date, due_date)
    if Child.objects.filter(organisation=organisation, case_code__iexact=case_code).exists():
        raise SignallingError(
            _("Deze dossiercode is in je organisatie al in gebruik."), field="case_code"
        )
    child = Child(
        organisation=organisation,
        case_code=case_code,
        birth_date=birth_date,
        due_date=due_date,
        created_by=actor,
        updated_by=actor,
    )
    clean_or_raise(child)
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError as exc:
        # Two people adding the same case code at once: the database constraint decides.
        raise SignallingError(
            _("Deze dossiercode is in je organisatie al in gebruik."), field="case_code"
        ) from exc
    log_action("signalling.child.registered", actor=actor, target=child, organisation=organisation)
    return child


@transaction.atomic
def update_child_dates(
    *, actor: User, child: Child, birth_date: date | None, due_date: date | None
) -> Child:
    """Record the birth (or correct a date); consults must stay after the date of birth."""
    _check_dates(birth_date, due_date)
    if birth_date is not None:
        first = (
            Consult.objects.counted()
            .filter(child=child)
            .order_by("consult_date")
            .values_list("consult_date", flat=True)
            .first()
        )
        if first is not None and first < birth_date:
            raise SignallingError(
                _("Er is al een consult op %(date)s, vóór deze geboortedatum.")
                % {"date": first.strftime("%d-%m-%Y")},
                field="birth_date",
            )
    before = {"birth_date": str(child.birth_date), "due_date": str(child.due_date)}
    child.birth_date = birth_date
    child.due_date = due_date
    child.updated_by = actor
    clean_or_raise(child)
    child.save()
    log_action(
        "signalling.child.dates_changed",
        actor=actor,
        target=child,
        organisation=child.organisation,
        data={"before": before},
    )
    return child
