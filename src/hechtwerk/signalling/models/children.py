"""The pseudonymous child: a case code and a date of birth or expected due date, nothing more."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from .base import InErrorMarkable, sees_children

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership


class ChildQuerySet(models.QuerySet["Child"]):
    def visible_to(self, membership: Membership | None) -> ChildQuerySet:
        """Children of the membership's own organisation, for JGZ professionals only."""
        if membership is None or not sees_children(membership):
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def search(self, term: str) -> ChildQuerySet:
        # Case codes are stored NFKC-normalised (rules.case_code): search the same form.
        return self.filter(case_code__icontains=unicodedata.normalize("NFKC", term).strip())

    def active(self) -> ChildQuerySet:
        return self.filter(entered_in_error=False)


class Child(DomainModel, InErrorMarkable):
    """No name, BSN or address is stored anywhere (domain.md §4); the date drives the method."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("organisatie"),
    )
    case_code = models.CharField(
        _("dossiercode"),
        max_length=40,
        help_text=_(
            "Een pseudoniem, bijvoorbeeld het dossiernummer uit het JGZ-dossier. "
            "Geen naam, BSN of adres."
        ),
    )
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    due_date = models.DateField(_("uitgerekende datum"), null=True, blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["case_code"]
        # The worklist picks an organisation's children by date of birth.
        indexes = [models.Index(fields=["organisation", "birth_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_code"], name="unique_case_code_per_organisation"
            ),
            # Before birth the due date drives the method, after birth the birth date.
            models.CheckConstraint(
                condition=Q(birth_date__isnull=False) | Q(due_date__isnull=False),
                name="child_has_birth_or_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.case_code
