"""A consult with its Signalenlijst answers, the derived dimensions and the ééngespreksmodel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel
from hechtwerk.method.codes import Dimension, DimensionStatus
from hechtwerk.signalling.constants import ConversationModelStatus

from .base import InErrorMarkable, sees_children

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership


class ConsultQuerySet(models.QuerySet["Consult"]):
    def visible_to(self, membership: Membership | None) -> ConsultQuerySet:
        if membership is None or not sees_children(membership):
            return self.none()
        return self.filter(child__organisation_id=membership.organisation_id)

    def counted(self) -> ConsultQuerySet:
        """Consults that count in figures, charts and the worklist (not entered in error)."""
        return self.filter(entered_in_error=False)

    def with_signalenlijst(self) -> ConsultQuerySet:
        return self.filter(instrument_version__isnull=False)


class Consult(DomainModel, InErrorMarkable):
    child = models.ForeignKey(
        "signalling.Child",
        on_delete=models.PROTECT,
        related_name="consults",
        verbose_name=_("kind"),
    )
    contact_moment = models.ForeignKey(
        "signalling.ContactMoment",
        on_delete=models.PROTECT,
        related_name="consults",
        verbose_name=_("contactmoment"),
    )
    consult_date = models.DateField(_("datum consult"))
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("professional"),
    )
    # The Signalenlijst version answered; empty for a consult without Signalenlijst.
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versie Signalenlijst"),
    )
    # Optimistic locking: every change raises it; a save based on an older number is refused.
    version = models.PositiveIntegerField(_("versie"), default=1)
    # Derived by the rules (RULES_VERSION stored beside them), recomputed when answers change.
    rules_version = models.CharField(_("versie beslisregels"), max_length=40, blank=True)
    not_positive_count = models.PositiveSmallIntegerField(_("aantal nog niet positief"), default=0)
    discuss_with_parents = models.BooleanField(_("signalen bespreken met ouders"), default=False)
    offer_conversation_model = models.BooleanField(_("ééngespreksmodel aanbieden"), default=False)
    advice_explanation = models.TextField(_("toelichting advies"), blank=True)
    # The ééngespreksmodel: offered, accepted, held (in this consult or later, on a date).
    conversation_status = models.CharField(
        _("ééngespreksmodel"),
        max_length=20,
        choices=ConversationModelStatus.choices,
        default=ConversationModelStatus.NOT_OFFERED,
    )
    # Derived from the dimensions (one zoekend, confirmed or suggested while unconfirmed), kept
    # current by the services that store advice and confirmations; the worklist reads it.
    has_searching_dimension = models.BooleanField(_("zoekende dimensie"), default=False)
    conversation_held_on = models.DateField(_("gevoerd op"), null=True, blank=True)
    conversation_in_same_consult = models.BooleanField(_("gevoerd in dit consult"), default=False)
    notes = models.TextField(
        _("aantekening"),
        blank=True,
        help_text=_("Geen namen, adressen of andere herleidbare gegevens."),
    )

    objects = ConsultQuerySet.as_manager()

    class Meta:
        verbose_name = _("consult")
        verbose_name_plural = _("consulten")
        ordering = ["child", "consult_date", "id"]
        indexes = [
            models.Index(fields=["child", "consult_date"]),
            # The latest counted Signalenlijst consult of a child (worklist), read from the index.
            models.Index(
                fields=["child", "-consult_date", "-id"],
                condition=models.Q(entered_in_error=False, instrument_version__isnull=False),
                name="consult_latest_signalenlijst",
            ),
            # A child's zoekende counted Signalenlijst consults whose ééngespreksmodel was
            # neither held nor declined (worklist): few of all.
            models.Index(
                fields=["child"],
                condition=models.Q(
                    has_searching_dimension=True,
                    entered_in_error=False,
                    instrument_version__isnull=False,
                )
                & ~models.Q(
                    conversation_status__in=[
                        ConversationModelStatus.HELD,
                        ConversationModelStatus.DECLINED,
                    ]
                ),
                name="consult_searching_open",
            ),
        ]
        constraints = [
            # One counted consult per child and contact moment (services check it first, with
            # the method's message; this holds when two saves race). Its index also tells which
            # children had a contact moment (worklist), read from the index alone.
            models.UniqueConstraint(
                fields=["contact_moment", "child"],
                condition=models.Q(entered_in_error=False),
                name="one_counted_consult_per_moment",
                violation_error_message=_(
                    "Voor dit contactmoment is al een consult vastgelegd; open dat consult om het "
                    "aan te vullen of te corrigeren."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.consult_date}"


class SignalenlijstAnswer(models.Model):
    """One answered item, pointing at the item and option of the version that was answered."""

    consult = models.ForeignKey(
        Consult, on_delete=models.CASCADE, related_name="answers", verbose_name=_("consult")
    )
    item = models.ForeignKey(
        "instruments.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    option = models.ForeignKey(
        "instruments.AnswerOption",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("antwoord"),
    )

    class Meta:
        verbose_name = _("antwoord Signalenlijst")
        verbose_name_plural = _("antwoorden Signalenlijst")
        constraints = [
            models.UniqueConstraint(fields=["consult", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.option_id}"


class DimensionAssessment(models.Model):
    """The suggested status of one dimension and the professional's confirmation or override."""

    consult = models.ForeignKey(
        Consult, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("consult")
    )
    dimension = models.CharField(_("dimensie"), max_length=20, choices=Dimension.choices)
    suggested_status = models.CharField(
        _("voorgestelde status"), max_length=20, choices=DimensionStatus.choices
    )
    # Empty until the professional confirms; a different status than suggested needs a reason.
    confirmed_status = models.CharField(
        _("vastgestelde status"), max_length=20, choices=DimensionStatus.choices, blank=True
    )
    override_reason = models.TextField(_("reden afwijking"), blank=True)
    driving_items = models.JSONField(_("bepalende items"), default=list, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    rules_version = models.CharField(_("versie beslisregels"), max_length=40)

    class Meta:
        verbose_name = _("dimensie")
        verbose_name_plural = _("dimensies")
        ordering = ["consult", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consult", "dimension"], name="one_assessment_per_dimension"
            )
        ]
        indexes = [
            # The few zoekende dimensions (worklist), without reading all the others.
            models.Index(
                fields=["consult"],
                condition=models.Q(confirmed_status=DimensionStatus.SEARCHING)
                | models.Q(confirmed_status="", suggested_status=DimensionStatus.SEARCHING),
                name="dimension_searching",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.status}"

    @property
    def is_searching(self) -> bool:
        return self.status == DimensionStatus.SEARCHING

    @property
    def status(self) -> str:
        """The confirmed status, or the suggestion while not confirmed."""
        return self.confirmed_status or self.suggested_status

    @property
    def is_overridden(self) -> bool:
        return bool(self.confirmed_status) and self.confirmed_status != self.suggested_status


class ConsultRevision(models.Model):
    """The consult as it was before a correction, and who changed it (never deleted)."""

    consult = models.ForeignKey(
        Consult, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("consult")
    )
    version = models.PositiveIntegerField(_("versie"))
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )
    change = models.CharField(_("wijziging"), max_length=40)
    # A frozen copy of the earlier state (history only: nothing counts or filters on it).
    snapshot = models.JSONField(_("eerdere gegevens"))

    class Meta:
        verbose_name = _("eerdere versie consult")
        verbose_name_plural = _("eerdere versies consult")
        ordering = ["consult", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["consult", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.consult_id} v{self.version}"
