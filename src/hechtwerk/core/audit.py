"""Change log: every write made through a service calls `log_action` explicitly."""

from __future__ import annotations

import uuid
from typing import Any, TypedDict, Unpack

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from .models import AuditEntry, DomainModel


class About(TypedDict, total=False):
    """What an audit entry is about, besides its action and actor."""

    target: models.Model | None
    organisation: DomainModel | None  # its uuid is stored
    organisation_id: uuid.UUID | None  # or the uuid itself, as records of the kernel hold it
    data: dict[str, Any] | None


def audit_entry(
    action: str, *, actor: AbstractBaseUser | None, **about: Unpack[About]
) -> AuditEntry:
    """The entry `log_action` stores, not yet saved (for a service that inserts it together
    with its other rows, `core.compiled.write_together`)."""
    target = about.get("target")
    organisation = about.get("organisation")
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(getattr(target, "uuid", None) or target.pk)
    return AuditEntry(
        action=action,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation_id=(
            organisation.uuid if organisation is not None else about.get("organisation_id")
        ),
        target_type=target_type,
        target_id=target_id,
        data=about.get("data") or {},
    )


def log_action(
    action: str, *, actor: AbstractBaseUser | None, **about: Unpack[About]
) -> AuditEntry:
    """Record that `actor` performed `action` (dotted name, e.g. "accounts.token.created"),
    about what `about` names (`organisation`: the organisation the change belongs to)."""
    entry = audit_entry(action, actor=actor, **about)
    entry.save(force_insert=True)
    return entry
