"""Informatiekaart check, referral and its follow-up, SamenStarten, and vulnerability."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel
from hechtwerk.method.codes import (
    FactorColumn,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)

from .base import InErrorMarkable, sees_children

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership


class ChildRecordQuerySet(models.QuerySet[Any]):
    def visible_to(self, membership: Membership | None) -> ChildRecordQuerySet:
        if membership is None or not sees_children(membership):
            return self.none()
        return self.filter(child__organisation_id=membership.organisation_id)

    def counted(self) -> ChildRecordQuerySet:
        return self.filter(entered_in_error=False)


class ChildRecord(DomainModel, InErrorMarkable):
    """A record about one child, made by one professional, optionally at a consult."""

    child = models.ForeignKey(
        "signalling.Child", on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    consult = models.ForeignKey(
        "signalling.Consult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consult"),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("professional"),
    )

    class Meta:
        abstract = True


class InformatiekaartCheck(ChildRecord):
    """The four criteria of the Informatiekaart ouder-kindrelatie and the referral advice."""

    checked_on = models.DateField(_("datum"))
    regulation_problems = models.BooleanField(_("vroege regulatieproblemen"), default=False)
    worry_or_overload = models.BooleanField(_("aanhoudende zorgen of overbelasting"), default=False)
    dysfunctional_pattern = models.BooleanField(
        _("disfunctioneel interactie- of communicatiepatroon"), default=False
    )
    stress_factor_count = models.PositiveSmallIntegerField(_("aantal stressfactoren"), default=0)
    advise_referral = models.BooleanField(_("verwijzing geadviseerd"), default=False)
    criteria_met = models.JSONField(_("criteria waaraan voldaan"), default=list, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    rules_version = models.CharField(_("versie beslisregels"), max_length=40)

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("check Informatiekaart")
        verbose_name_plural = _("checks Informatiekaart")
        ordering = ["child", "checked_on", "id"]


class Referral(ChildRecord):
    destination = models.CharField(
        _("verwezen naar"), max_length=30, choices=ReferralDestination.choices
    )
    reason = models.TextField(_("reden"))
    referred_on = models.DateField(_("verwezen op"))
    started_on = models.DateField(_("hulp gestart op"), null=True, blank=True)
    completed_on = models.DateField(_("hulp afgerond op"), null=True, blank=True)
    # What became of the referral while the help has not started here (rules.schedule).
    follow_up_status = models.CharField(
        _("stand van het vervolg"),
        max_length=20,
        choices=ReferralFollowUpStatus.choices,
        blank=True,
        default="",
    )
    follow_up_noted_on = models.DateField(_("vervolg genoteerd op"), null=True, blank=True)
    informatiekaart_check = models.ForeignKey(
        InformatiekaartCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("naar aanleiding van check"),
    )
    # The catalogue intervention referred to, when one fits (counted on its catalogue page).
    intervention = models.ForeignKey(
        "catalogue.Intervention",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("interventie"),
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["child", "referred_on", "id"]


class MomentNotHeld(ChildRecord):
    """A contact moment of the schedule that was not held, and why: it leaves the worklist.

    Corrected like every record: marked entered in error, after which the moment is open again."""

    # Named in reverse so the worklist can prefetch a page of children's notes in one query.
    child = models.ForeignKey(
        "signalling.Child",
        on_delete=models.PROTECT,
        related_name="moments_not_held",
        verbose_name=_("kind"),
    )
    contact_moment = models.ForeignKey(
        "signalling.ContactMoment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contactmoment"),
    )
    reason = models.CharField(_("reden"), max_length=30, choices=MomentNotHeldReason.choices)
    noted_on = models.DateField(_("genoteerd op"))

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("niet gehouden contactmoment")
        verbose_name_plural = _("niet gehouden contactmomenten")
        ordering = ["child", "noted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "contact_moment"],
                condition=models.Q(entered_in_error=False),
                name="moment_not_held_once",
            )
        ]


class SamenStartenConversation(ChildRecord):
    """The extended conversation at about 8 weeks: five domains, the whole, follow-up, plan."""

    held_on = models.DateField(_("datum gesprek"))
    parent_competence = models.CharField(
        _("competentie van de ouders"), max_length=20, choices=SamenStartenRating.choices
    )
    partner_role = models.CharField(
        _("rol van de partner"), max_length=20, choices=SamenStartenRating.choices
    )
    social_network = models.CharField(
        _("sociaal netwerk"), max_length=20, choices=SamenStartenRating.choices
    )
    events = models.CharField(
        _("gebeurtenissen en omstandigheden"), max_length=20, choices=SamenStartenRating.choices
    )
    child_wellbeing = models.CharField(
        _("welbevinden van het kind"), max_length=20, choices=SamenStartenRating.choices
    )
    suggested_overall = models.CharField(
        _("voorgesteld totaaloordeel"), max_length=20, choices=SamenStartenRating.choices
    )
    overall = models.CharField(
        _("totaaloordeel"), max_length=20, choices=SamenStartenRating.choices
    )
    suggested_follow_up = models.CharField(
        _("voorgesteld vervolg"), max_length=20, choices=SamenStartenFollowUp.choices
    )
    follow_up = models.CharField(_("vervolg"), max_length=20, choices=SamenStartenFollowUp.choices)
    plan = models.TextField(_("afgesproken plan"), blank=True)
    # A whole or follow-up other than suggested needs the professional's reason (issue 12).
    override_reason = models.TextField(_("reden bij afwijken"), blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    rules_version = models.CharField(_("versie beslisregels"), max_length=40)

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("SamenStarten-gesprek")
        verbose_name_plural = _("SamenStarten-gesprekken")
        ordering = ["child", "held_on", "id"]


# The column of each SamenStarten domain on SamenStartenConversation.
SAMENSTARTEN_FIELDS: dict[SamenStartenDomain, str] = {
    SamenStartenDomain.PARENT_COMPETENCE: "parent_competence",
    SamenStartenDomain.PARTNER_ROLE: "partner_role",
    SamenStartenDomain.SOCIAL_NETWORK: "social_network",
    SamenStartenDomain.EVENTS: "events",
    SamenStartenDomain.CHILD_WELLBEING: "child_wellbeing",
}


class VulnerabilityAssessment(ChildRecord):
    """Kansrijke Start: factors in three columns, the suggested and the final gradation."""

    assessed_on = models.DateField(_("datum"))
    # Before birth the week of pregnancy on that date (from the due date), else empty.
    pregnancy_week = models.PositiveSmallIntegerField(_("zwangerschapsweek"), null=True, blank=True)
    balance_kept = models.BooleanField(
        _("draagkracht en draaglast in balans"),
        default=True,
        help_text=_("Houdt het gezin het hoofd boven water, samen gewogen met de ouders?"),
    )
    suggested_grade = models.CharField(
        _("voorgestelde gradatie"), max_length=30, choices=VulnerabilityGrade.choices
    )
    final_grade = models.CharField(
        _("vastgestelde gradatie"), max_length=30, choices=VulnerabilityGrade.choices
    )
    rationale = models.TextField(_("onderbouwing"), blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    rules_version = models.CharField(_("versie beslisregels"), max_length=40)
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versie factorenlijst"),
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("inschatting kwetsbaarheid")
        verbose_name_plural = _("inschattingen kwetsbaarheid")
        ordering = ["child", "assessed_on", "id"]


class VulnerabilityFactor(models.Model):
    assessment = models.ForeignKey(
        VulnerabilityAssessment,
        on_delete=models.CASCADE,
        related_name="factors",
        verbose_name=_("inschatting"),
    )
    item = models.ForeignKey(
        "instruments.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item"),
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("factor"), max_length=300)
    column = models.CharField(_("kolom"), max_length=20, choices=FactorColumn.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    strong = models.BooleanField(_("sterk (beschermend)"), default=False)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factoren")
        ordering = ["assessment", "column", "id"]

    def __str__(self) -> str:
        return self.code
