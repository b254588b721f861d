"""Integration clients: a JGZ organisation's systems that call the API on a professional's behalf.

A system authenticates with its own key (`hws_…`, stored as a SHA-256 hash like a personal token,
shown once, revocable, expiring) and names, in `X-Hechtwerk-On-Behalf-Of`, the professional for
whom it acts: an active member of the same organisation. That professional's role decides what may
be done, narrowed further by the scopes the beheerder gave the system (NEN 7512: both parties are
known; NEN 7513: the log names the professional as the responsible user and the system beside).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hechtwerk.core.audit import log_action

from ..capabilities import Capability, Scope, can
from ..constants import OrganisationKind
from ..models import IntegrationClient, Membership, Organisation, User
from .memberships import AccountError

CLIENT_TOKEN_PREFIX = "hws_"  # noqa: S105 - a marker, not a secret
ON_BEHALF_OF_HEADER = "X-Hechtwerk-On-Behalf-Of"
# Bookkeeping, not a domain change: the last use is written at most this often per key.
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewClientKey:
    client: IntegrationClient
    secret: str  # shown once to the beheerder, never stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_manager(actor: User, organisation: Organisation) -> None:
    managing = Membership.objects.active().filter(user=actor, organisation=organisation)
    if not any(can(m, Capability.MANAGE_INTEGRATIONS) for m in managing):
        raise AccountError(
            _("Alleen een beheerder van deze organisatie beheert haar gekoppelde systemen."),
            status=403,
        )


@transaction.atomic
def register_integration_client(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    expires_in_days: int | None = 365,
) -> NewClientKey:
    """Register a system of a JGZ organisation with the chosen scopes; the key is shown once."""
    _check_manager(actor, organisation)
    if organisation.kind != OrganisationKind.JGZ:
        raise AccountError(_("Alleen een JGZ-organisatie koppelt systemen aan de API."))
    chosen = sorted(set(scopes))
    if not chosen:
        raise AccountError(_("Kies wat het systeem mag doen."), field="scopes")
    if any(scope not in Scope.values for scope in chosen):
        raise AccountError(_("Kies alleen rechten uit de lijst."), field="scopes")
    name = name.strip()
    if not name:
        raise AccountError(_("Geef het systeem een naam."), field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= 730:
        raise AccountError(
            _("Een sleutel geldt minstens 1 en hoogstens 730 dagen."), field="expires_in_days"
        )
    secret = CLIENT_TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 bits
    client = IntegrationClient(
        organisation=organisation,
        name=name,
        scopes=chosen,
        prefix=secret[:10],
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
        created_by=actor,
    )
    try:
        client.full_clean()
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc
    client.save()
    log_action(
        "accounts.integration_client.registered",
        actor=actor,
        target=client,
        organisation=organisation,
        data={"scopes": chosen},
    )
    return NewClientKey(client=client, secret=secret)


@transaction.atomic
def revoke_integration_client(*, actor: User, client: IntegrationClient) -> IntegrationClient:
    """Revoke a system's key at once: its next call is refused (401)."""
    _check_manager(actor, client.organisation)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.updated_by = actor
        client.save(update_fields=["revoked_at", "updated_by", "updated_at"])
        log_action(
            "accounts.integration_client.revoked",
            actor=actor,
            target=client,
            organisation=client.organisation,
        )
    return client


def authenticate_integration_client(secret: str) -> IntegrationClient | None:
    """The usable client for this key, with its organisation, or None."""
    if not secret.startswith(CLIENT_TOKEN_PREFIX):
        return None
    client = (
        IntegrationClient.objects.usable()
        .select_related("organisation")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_GRANULARITY:
        IntegrationClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def on_behalf_of(client: IntegrationClient, named: str) -> list[Membership]:
    """The active memberships in the client's organisation of the professional named by e-mail
    address or user uuid; raises AccountError (403) when there is none."""
    named = named.strip()
    if not named:
        raise AccountError(
            _("Noem in de kop %(header)s de medewerker namens wie dit systeem werkt.")
            % {"header": ON_BEHALF_OF_HEADER},
            field=ON_BEHALF_OF_HEADER,
            status=403,
        )
    memberships = (
        Membership.objects.active()
        .in_organisation(client.organisation)
        .filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by("role")
    )
    try:
        memberships = memberships.filter(user__uuid=uuid.UUID(named))
    except ValueError:
        memberships = memberships.filter(user__email=named.lower())
    found = list(memberships)
    if not found:
        raise AccountError(
            _("De medewerker in %(header)s werkt niet (meer) bij de organisatie van dit systeem.")
            % {"header": ON_BEHALF_OF_HEADER},
            field=ON_BEHALF_OF_HEADER,
            status=403,
        )
    return found
