"""Pieces shared by the signalling records: scoping to the JGZ professional and "entered in error"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import CLIENT_DATA_ROLES

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership


def sees_children(membership: Membership | None) -> bool:
    """Only JGZ nurses and doctors see individual children (domain.md §1, §4)."""
    return membership is not None and membership.role in CLIENT_DATA_ROLES


class InErrorMarkable(models.Model):
    """A clinical record is never deleted; marked in error it leaves every figure but stays."""

    entered_in_error = models.BooleanField(_("onjuist ingevoerd"), default=False)
    error_reason = models.TextField(_("reden onjuist ingevoerd"), blank=True)
    error_marked_at = models.DateTimeField(_("als onjuist gemarkeerd op"), null=True, blank=True)
    error_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("als onjuist gemarkeerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
