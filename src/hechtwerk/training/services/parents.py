"""Parents enrol without an account (domain.md §6): through the edition's signed link, shared by
its trainer, giving only a first name or alias and a contact address, nothing about a child. The
confirmation carries a second, personal link to see, accept or cancel the place."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action
from hechtwerk.core.links import MAX_LINK_LIFETIME, issue_link, resolve_link, revoke_links
from hechtwerk.core.mail import absolute_url
from hechtwerk.core.models import SignedLink

from .. import rules
from ..constants import ACTIVE, PARENT_ENROLMENT_PURPOSE, PLACE_PURPOSE, EnrolmentStatus
from ..models import Edition, Enrolment
from .base import (
    SeatTakenError,
    TrainingError,
    _check_open,
    _clean,
    _locked,
    _mail,
    advance_waiting_list,
    confirmation_context,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import User

# A place link works until well after the course (the evaluation request uses it too).
PLACE_LINK_AFTER_COURSE = datetime.timedelta(days=90)


def _may_share(actor: User, edition: Edition) -> bool:
    return edition.trainers.filter(pk=actor.pk).exists()


def _lifetime(until: datetime.datetime) -> datetime.timedelta:
    left = until - timezone.now()
    return min(max(left, datetime.timedelta(days=1)), MAX_LINK_LIFETIME)


def parent_link_of(edition: Edition) -> SignedLink | None:
    """The edition's working enrolment link, if there is one (its address was shown once)."""
    return (
        SignedLink.objects.usable()
        .for_target(PARENT_ENROLMENT_PURPOSE, "training.edition", str(edition.uuid))
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def issue_parent_link(*, actor: User, edition: Edition) -> str:
    """A new enrolment link for parents (the old one stops working); returns its address."""
    if not _may_share(actor, edition):
        raise TrainingError(_("Alleen een trainer van deze uitvoering deelt de aanmeldlink."))
    if edition.cancelled_at is not None:
        raise TrainingError(_("Deze uitvoering is geannuleerd."))
    first = edition.sessions.order_by("date", "start_time").first()
    until = first.starts_at if first else timezone.now() + datetime.timedelta(days=30)
    revoke_links(purpose=PARENT_ENROLMENT_PURPOSE, target=edition, actor=actor)
    _link, token = issue_link(
        purpose=PARENT_ENROLMENT_PURPOSE,
        target=edition,
        expires_in=_lifetime(until),
        single_use=False,
        actor=actor,
        organisation=edition.course.organisation,
    )
    return absolute_url(reverse("training:parent_enrol", args=[token]))


@transaction.atomic
def revoke_parent_link(*, actor: User, edition: Edition) -> int:
    """Stop the edition's enrolment link; parents who enrolled keep their places."""
    if not _may_share(actor, edition):
        raise TrainingError(_("Alleen een trainer van deze uitvoering deelt de aanmeldlink."))
    return revoke_links(purpose=PARENT_ENROLMENT_PURPOSE, target=edition, actor=actor)


def edition_for_link(token: str, *, client_address: str) -> Edition:
    """The edition an enrolment link opens; raises core's LinkError for a bad link."""
    link = resolve_link(token, purpose=PARENT_ENROLMENT_PURPOSE, client_address=client_address)
    return Edition.objects.select_related("course").get(uuid=link.target_id)


def enrolment_for_place(token: str, *, client_address: str) -> Enrolment:
    """The enrolment a parent's place link opens; raises core's LinkError for a bad link."""
    link = resolve_link(token, purpose=PLACE_PURPOSE, client_address=client_address)
    return Enrolment.objects.select_related("edition__course").get(uuid=link.target_id)


def place_url(enrolment: Enrolment) -> str:
    """A fresh personal link to the parent's place (each mail carries its own)."""
    last = enrolment.edition.sessions.order_by("-date", "-end_time").first()
    until = (last.ends_at if last else timezone.now()) + PLACE_LINK_AFTER_COURSE
    _link, token = issue_link(
        purpose=PLACE_PURPOSE,
        target=enrolment,
        expires_in=_lifetime(until),
        single_use=False,
        actor=None,
        organisation=enrolment.edition.course.organisation,
    )
    return absolute_url(reverse("training:place", args=[token]))


@transaction.atomic
def enrol_parent(
    *,
    edition: Edition,
    alias: str,
    contact_email: str,
    intake_answers: Mapping[int, bool] | None = None,
    wait: bool = False,
) -> Enrolment:
    """A parent's place (or place in line, `wait`) by alias and address only; a confirmation
    mail follows with the personal place link."""
    edition = _locked(edition)
    _check_open(edition)
    alias = " ".join(alias.split())
    contact_email = contact_email.strip().lower()
    if not alias:
        raise TrainingError(_("Vul een voornaam of roepnaam in."), field="alias")
    try:
        validate_email(contact_email)
    except ValidationError as exc:
        raise TrainingError(_("Dit e-mailadres is niet geldig."), field="contact_email") from exc
    if edition.enrolments.filter(contact_email__iexact=contact_email, status__in=ACTIVE).exists():
        raise TrainingError(
            _("Met dit e-mailadres is al iemand aangemeld. Kijk in je bevestigingsmail."),
            field="contact_email",
        )
    full = rules.seats_free(capacity=edition.max_participants, taken=edition.seats_taken()) <= 0
    if full and not wait:
        raise SeatTakenError(_("Deze groep is vol. Je kunt op de wachtlijst."))
    now = timezone.now()
    enrolment = Enrolment(
        edition=edition,
        alias=alias,
        contact_email=contact_email,
        status=EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED,
        enrolled_at=None if full else now,
        waiting_since=now if full else None,
    )
    _clean(enrolment)
    enrolment.save()
    from .intake import record_intake_answers

    record_intake_answers(enrolment=enrolment, answers=intake_answers or {})
    log_action(
        "training.enrolment.parent_created",
        actor=None,
        target=enrolment,
        organisation=edition.course.organisation,
        data={"edition": str(edition.uuid), "waiting": full},
    )
    if full:
        _mail(enrolment, "waiting", "waiting", {"place_url": place_url(enrolment)})
        advance_waiting_list(edition=edition)
    else:
        _mail(
            enrolment,
            "enrolled",
            "enrolled",
            confirmation_context(enrolment, manage_url=place_url(enrolment)),
        )
    return Enrolment.objects.get(pk=enrolment.pk)
