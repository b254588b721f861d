"""Change log: every write made through a service calls `log_action` explicitly."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from .models import AuditEntry, DomainModel


def audit_entry(
    action: str,
    *,
    actor: AbstractBaseUser | None,
    target: models.Model | None = None,
    organisation: DomainModel | None = None,
    organisation_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry `log_action` stores, not yet saved (for a service that inserts it together
    with its other rows, `core.compiled.write_together`)."""
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(getattr(target, "uuid", None) or target.pk)
    return AuditEntry(
        action=action,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation_id=organisation.uuid if organisation is not None else organisation_id,
        target_type=target_type,
        target_id=target_id,
        data=data or {},
    )


def log_action(
    action: str,
    *,
    actor: AbstractBaseUser | None,
    target: models.Model | None = None,
    organisation: DomainModel | None = None,
    organisation_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` performed `action` (dotted name, e.g. "accounts.token.created").

    `organisation` is the organisation the change belongs to; its uuid is stored (or give the
    uuid itself as `organisation_id`, as records of the kernel hold it).
    """
    entry = audit_entry(
        action,
        actor=actor,
        target=target,
        organisation=organisation,
        organisation_id=organisation_id,
        data=data,
    )
    entry.save(force_insert=True)
    return entry
