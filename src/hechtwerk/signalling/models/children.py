"""The pseudonymous child: a case code and a date of birth or expected due date, nothing more."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.compiled import CompiledUpdate
from hechtwerk.core.models import DomainModel

from .base import InErrorMarkable, sees_children
from .facts import FACT_FIELDS

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

    def refresh_worklist_facts(self) -> int:
        """Derive the worklist facts (models.facts) of these children again from their records,
        the schedule and the policy: one UPDATE, in the caller's transaction."""
        return self.order_by().update(**worklist_fact_values())


def worklist_fact_values() -> dict[str, Any]:
    """The facts as expressions for `Child.objects.update(**...)` (models.facts.fact_values over
    the current models; services.worklist_facts compiles the one-child UPDATE from them)."""
    from hechtwerk.signalling.rules import DEFAULT_POLICY

    from .consults import Consult
    from .facts import fact_values
    from .followup import MomentNotHeld, Referral
    from .policy import ContactMoment, SignallingPolicy

    return fact_values(
        consult=Consult,
        contact_moment=ContactMoment,
        moment_not_held=MomentNotHeld,
        referral=Referral,
        policy=SignallingPolicy,
        first_half_year_days=DEFAULT_POLICY.first_half_year_days,
    )


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
    # The worklist's facts (models.facts): dates and a flag derived from the child's records,
    # kept by the services in the same transaction as the write they follow; never edited.
    worklist_moment_due_on = models.DateField(
        _("eerste open contactmoment op"), null=True, blank=True, editable=False
    )
    worklist_awaits_conversation = models.BooleanField(
        _("wacht op ééngespreksmodel"), default=False, editable=False
    )
    worklist_referral_since = models.DateField(
        _("verwijzing zonder vervolg sinds"), null=True, blank=True, editable=False
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["case_code"]
        # The worklist picks an organisation's children by date of birth, and by its facts:
        # the few children with an open moment, a waiting conversation or an open referral.
        indexes = [
            models.Index(fields=["organisation", "birth_date"]),
            models.Index(
                fields=["organisation", "worklist_moment_due_on"],
                condition=Q(worklist_moment_due_on__isnull=False, entered_in_error=False),
                name="child_worklist_moment",
            ),
            models.Index(
                fields=["organisation", "birth_date"],
                condition=Q(worklist_awaits_conversation=True, entered_in_error=False),
                name="child_worklist_conversation",
            ),
            models.Index(
                fields=["organisation", "worklist_referral_since"],
                condition=Q(worklist_referral_since__isnull=False, entered_in_error=False),
                name="child_worklist_referral",
            ),
        ]
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

    def save(self, **kwargs: Any) -> None:
        """Saved by any path (a service, the import, a test factory), the child's worklist facts
        follow its dates and state at once; an update never writes this instance's (perhaps
        stale) copy of the facts."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in FACT_FIELDS
            ]
        super().save(**kwargs)
        refresh_child_facts(self.pk)


# The one-child facts UPDATE of `ChildQuerySet.refresh_worklist_facts`, compiled once per process
# (issue 13: building its subquery expressions cost more CPU than the database spent on it).
_REFRESH_ONE = CompiledUpdate(Child, worklist_fact_values)


def refresh_child_facts(child_id: int) -> None:
    """The worklist facts of one child, in the caller's transaction: the same UPDATE as
    `Child.objects.filter(pk=child_id).refresh_worklist_facts()`."""
    _REFRESH_ONE.run(child_id)


def child_facts_statement(child_id: int) -> tuple[str, list[Any]]:
    """That UPDATE's SQL and parameters, to run together with other writes (it reads the
    child's consults, referrals and notes as they are when it starts)."""
    return _REFRESH_ONE.statement(child_id)
