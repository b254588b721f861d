"""Licence and membership periods, cancellations, evaluation reports and register listings.

Standing is never stored: `queries.standing_of` derives it from these facts with `rules`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from . import rules
from .constants import CourseRole, PeriodKind


class Terms(DomainModel):
    """Per foundation and kind: the product line that is invoiced, cut-off and grace (data)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="licensing_terms"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PeriodKind.choices)
    product_line = models.ForeignKey(
        "billing.ProductLine",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_months = models.PositiveSmallIntegerField(_("periode (maanden)"), default=12)
    cutoff_days = models.PositiveSmallIntegerField(
        _("opzeggen tot (dagen voor het einde)"), default=30
    )
    grace_days = models.PositiveSmallIntegerField(_("respijt (dagen)"), default=30)

    class Meta:
        verbose_name = _("voorwaarden")
        verbose_name_plural = _("voorwaarden")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="licensing_terms_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.kind}"

    def as_rules(self) -> rules.Terms:
        months = self.product_line.period_months if self.product_line else self.period_months
        return rules.Terms(months, self.cutoff_days, self.grace_days)


class LicensingCourse(DomainModel):
    """What a course means to licensing: the Masterclass, a licensed course, a return day."""

    course = models.ForeignKey(
        "training.Course", on_delete=models.CASCADE, related_name="licensing_roles"
    )
    role = models.CharField(_("betekenis"), max_length=20, choices=CourseRole.choices)

    class Meta:
        verbose_name = _("cursus voor licenties")
        verbose_name_plural = _("cursussen voor licenties")
        constraints = [
            models.UniqueConstraint(fields=["course", "role"], name="licensing_course_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.role})"


class PeriodQuerySet(models.QuerySet["Period"]):
    def of(self, trainer_id: int, organisation_id: int, kind: str) -> PeriodQuerySet:
        return self.filter(trainer_id=trainer_id, organisation_id=organisation_id, kind=kind)


class Period(DomainModel):
    """One explicit period (usually a year) of a licence or a membership; history is kept."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="licensing_periods"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="licensing_periods"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PeriodKind.choices)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    invoice = models.ForeignKey(
        "billing.Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rules_version = models.CharField(max_length=30, default=rules.RULES_VERSION)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "trainer", "kind", "start"],
                name="licensing_period_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="licensing_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start} – {self.end}"

    def is_paid(self) -> bool:
        """Paid when its invoice was sent and nothing is outstanding; no invoice: nothing to pay."""
        if self.invoice is None:
            return True
        return self.invoice.is_sent and self.invoice.outstanding() == 0

    def as_rules(self) -> rules.Period:
        return rules.Period(self.start, self.end, paid=self.is_paid())


class Cancellation(DomainModel):
    """A trainer's notice that the licence or membership is not to be renewed."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PeriodKind.choices)
    cancelled_on = models.DateField(_("opgezegd op"))
    reason = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["cancelled_on", "id"]
        verbose_name = _("opzegging")
        verbose_name_plural = _("opzeggingen")

    def __str__(self) -> str:
        return f"{self.kind} {self.cancelled_on}"


class EvaluationReport(DomainModel):
    """An edition's evaluation as the trainer sends it to the foundation (seed 000: within 4 weeks)."""

    edition = models.ForeignKey("training.Edition", on_delete=models.PROTECT, related_name="+")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    remarks = models.TextField(_("toelichting van de trainer"), blank=True)
    last_session = models.DateField(_("laatste bijeenkomst"))
    submitted_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluatieverslag")
        verbose_name_plural = _("evaluatieverslagen")
        constraints = [
            models.UniqueConstraint(fields=["edition", "trainer"], name="licensing_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition}"

    @property
    def deadline(self) -> datetime.date:
        return rules.evaluation_deadline(self.last_session)


class RegisterListing(DomainModel):
    """A trainer's consent to appear in the public register, with the region shown there."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("regio"), max_length=100)
    listed = models.BooleanField(_("opnemen in het openbare register"), default=True)

    class Meta:
        verbose_name = _("vermelding in het register")
        verbose_name_plural = _("vermeldingen in het register")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "trainer"], name="licensing_listing_unique"
            )
        ]

    def __str__(self) -> str:
        return self.region
