"""Change log: every write made through a service calls `log_action` explicitly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .models import AuditEntry

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User


def log_action(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` performed `action` (dotted name, e.g. "accounts.token.created")."""
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(getattr(target, "uuid", None) or target.pk)
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        target_type=target_type,
        target_id=target_id,
        data=data or {},
    )
