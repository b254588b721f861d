"""The configurable defaults of the method (one row) and each organisation's contact moments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The rules own the defaults; this row only lets platform staff change them.
from hechtwerk.signalling.rules import DEFAULT_POLICY

if TYPE_CHECKING:
    from hechtwerk.signalling.rules import Policy


class SignallingPolicyQuerySet(models.QuerySet["SignallingPolicy"]):
    def current(self) -> SignallingPolicy:
        """The single policy row, created with the rules' defaults on first use."""
        policy, _created = self.get_or_create(pk=1)
        return policy


class SignallingPolicy(models.Model):
    """Thresholds of the method (domain.md §2–§3); platform staff change them in the admin."""

    discuss_threshold = models.PositiveSmallIntegerField(
        _("bespreken vanaf aantal niet-positieve items"),
        default=DEFAULT_POLICY.discuss_threshold,
        validators=[MinValueValidator(1)],
    )
    stress_factor_threshold = models.PositiveSmallIntegerField(
        _("verwijsadvies vanaf aantal stressfactoren"),
        default=DEFAULT_POLICY.stress_factor_threshold,
        validators=[MinValueValidator(1)],
    )
    first_half_year_days = models.PositiveSmallIntegerField(
        _("eerste halfjaar (dagen)"), default=DEFAULT_POLICY.first_half_year_days
    )
    signalenlijst_max_age_days = models.PositiveSmallIntegerField(
        _("Signalenlijst toegestaan tot leeftijd (dagen)"),
        default=DEFAULT_POLICY.signalenlijst_max_age_days,
    )
    accumulation_threshold = models.PositiveSmallIntegerField(
        _("opeenstapeling vanaf aantal risicofactoren"),
        default=DEFAULT_POLICY.accumulation_threshold,
        validators=[MinValueValidator(1)],
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("contactmoment 'aan de beurt' vanaf (dagen ervoor)"), default=DEFAULT_POLICY.due_soon_days
    )
    overdue_after_days = models.PositiveSmallIntegerField(
        _("contactmoment 'te laat' na (dagen)"), default=DEFAULT_POLICY.overdue_after_days
    )
    referral_follow_up_days = models.PositiveSmallIntegerField(
        _("verwijzing 'zonder vervolg' na (dagen)"),
        default=DEFAULT_POLICY.referral_follow_up_days,
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SignallingPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaleringsbeleid")
        verbose_name_plural = _("signaleringsbeleid")

    def __str__(self) -> str:
        return str(_("Signaleringsbeleid"))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.signalenlijst_max_age_days < self.first_half_year_days:
            raise ValidationError(
                {
                    "signalenlijst_max_age_days": _(
                        "Moet minstens zo groot zijn als het eerste halfjaar."
                    )
                }
            )

    def to_rules(self) -> Policy:
        from hechtwerk.signalling.rules import Policy

        return Policy(
            discuss_threshold=self.discuss_threshold,
            stress_factor_threshold=self.stress_factor_threshold,
            first_half_year_days=self.first_half_year_days,
            signalenlijst_max_age_days=self.signalenlijst_max_age_days,
            accumulation_threshold=self.accumulation_threshold,
            due_soon_days=self.due_soon_days,
            overdue_after_days=self.overdue_after_days,
            referral_follow_up_days=self.referral_follow_up_days,
        )


class ContactMomentQuerySet(models.QuerySet["ContactMoment"]):
    def for_organisation(self, organisation_id: int) -> ContactMomentQuerySet:
        return self.filter(organisation_id=organisation_id, is_active=True).order_by(
            "age_days", "order"
        )


class ContactMoment(models.Model):
    """One moment of an organisation's consult schedule (data: regions differ, domain.md §3)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="contact_moments",
        verbose_name=_("organisatie"),
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("naam"), max_length=100)
    age_days = models.PositiveIntegerField(_("leeftijd (dagen)"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    objects = ContactMomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["organisation", "age_days", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unique_contact_moment_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.label
