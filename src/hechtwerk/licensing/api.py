"""API of licensing: a trainer's licence standing (the trainer's own; any of the foundation's
trainers for its beheerder) and the public register (paged, without a token)."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import api_public, api_requires
from hechtwerk.accounts.types import ApiRequest
from hechtwerk.core.paging import Page, PageParams, page_of

from . import queries, rules
from .models import Period

router = Router(tags=["licenties"])


class ReasonOut(Schema):
    standing: str
    message: str
    action: str
    deadline: datetime.date | None


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    paid: bool


class StandingOut(Schema):
    trainer: uuid.UUID
    on: datetime.date
    standing: str
    standing_label: str
    good: bool
    renews: bool
    period: PeriodOut | None
    reasons: list[ReasonOut]
    open_obligations: list[ReasonOut]
    membership_standing: str
    rules_version: str


def _reason(reason: rules.Reason) -> ReasonOut:
    return ReasonOut(
        standing=str(reason.standing),
        message=reason.message,
        action=reason.action,
        deadline=reason.deadline,
    )


def _standing_out(standing: queries.TrainerStanding, on: datetime.date) -> StandingOut:
    licence = standing.licence
    return StandingOut(
        trainer=standing.trainer.uuid,
        on=on,
        standing=str(licence.standing),
        standing_label=str(licence.standing.label),
        good=licence.good,
        renews=licence.renews,
        period=PeriodOut(
            start=licence.period.start, end=licence.period.end, paid=licence.period.paid
        )
        if licence.period
        else None,
        reasons=[_reason(r) for r in licence.reasons],
        open_obligations=[_reason(r) for r in licence.open_obligations],
        membership_standing=str(standing.membership.standing),
        rules_version=licence.rules_version,
    )


@router.get(
    "/licences/mine",
    response=StandingOut,
    summary="De stand van de eigen licentie, met de reden, wat te doen en wanneer",
)
@api_requires(Capability.SEE_OWN_LICENCE)
def my_standing(request: ApiRequest) -> StandingOut:
    today = timezone.localdate()
    found = queries.standing_of(request.user, request.membership.organisation, on=today)
    return _standing_out(found, today)


@router.get(
    "/licences/trainers/{trainer_id}",
    response=StandingOut,
    summary="De stand van de licentie van een trainer van de eigen stichting",
)
@api_requires(Capability.MANAGE_LICENCES)
def trainer_standing(request: ApiRequest, trainer_id: uuid.UUID) -> StandingOut:
    organisation = request.membership.organisation
    # Only trainers who ever held a licence with this foundation; anyone else is a 404.
    holders = Period.objects.filter(organisation=organisation).values("trainer_id")
    trainer = get_object_or_404(get_user_model().objects.filter(pk__in=holders), uuid=trainer_id)
    today = timezone.localdate()
    return _standing_out(queries.standing_of(trainer, organisation, on=today), today)


class RegisterEntryOut(Schema):
    name: str
    region: str
    organisation: str
    courses: list[str]
    certificate_code: str


@router.get(
    "/licences/register",
    auth=None,
    response=Page[RegisterEntryOut],
    summary="Het openbare register van gecertificeerde trainers met een geldige licentie",
)
@api_public
def register(request: ApiRequest, page: Query[PageParams]) -> Page[RegisterEntryOut]:
    entries = queries.register_entries(on=timezone.localdate())
    return page_of(
        entries,
        page,
        lambda e: RegisterEntryOut(
            name=e.name,
            region=e.region,
            organisation=e.organisation,
            courses=e.courses,
            certificate_code=e.certificate_code,
        ),
    )
