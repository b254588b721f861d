"""The coalition meeting planner: meetings, the building-block library, the program, tasks,
the checklist, invitations (participants), case cards and the groups formed for a meeting.

A meeting and everything under it belong to one coalition organisation. Library blocks and case
cards without an organisation are the shared ones from the script (seed 004); a coalition adds
its own beside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from .constants import Answer, ChecklistKind, Domain, GroupingKind, Profession
from .rules import DEFAULT_TIME_LIMIT_MINUTES, RULES_VERSION

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation

minutes_validators = [MinValueValidator(1), MaxValueValidator(8 * 60)]


class MeetingSettings(DomainModel):
    """A coalition's own defaults; the time limit of two hours can be changed per coalition."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("coalitie"),
        on_delete=models.CASCADE,
        related_name="meeting_settings",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("maximale duur (minuten)"),
        default=DEFAULT_TIME_LIMIT_MINUTES,
        validators=minutes_validators,
    )

    class Meta:
        verbose_name = _("instellingen bijeenkomsten")
        verbose_name_plural = _("instellingen bijeenkomsten")

    def __str__(self) -> str:
        return str(self.organisation)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_organisation(self, organisation: Organisation) -> MeetingQuerySet:
        return self.filter(organisation=organisation)


class Meeting(DomainModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("begintijd"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    room_notes = models.TextField(_("indeling van de ruimte"), blank=True)
    learning_goals = models.TextField(_("leerdoelen"), blank=True)
    learning_goals_agreed_on = models.DateField(
        _("leerdoelen vastgesteld op"), null=True, blank=True
    )
    practicalities_arranged_on = models.DateField(
        _("praktische zaken geregeld op"), null=True, blank=True
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("maximale duur (minuten)"),
        default=DEFAULT_TIME_LIMIT_MINUTES,
        validators=minutes_validators,
    )
    costs = models.TextField(_("kosten"), blank=True)
    paid_by = models.CharField(_("betaald uit"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    finalised_at = models.DateTimeField(_("programma definitief op"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title


class BuildingBlockQuerySet(models.QuerySet["BuildingBlock"]):
    def available_to(self, organisation: Organisation) -> BuildingBlockQuerySet:
        """The script's shared blocks and the coalition's own."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


class BuildingBlock(DomainModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="building_blocks",
        help_text=_("Leeg voor de bouwstenen uit het draaiboek."),
    )
    script_number = models.PositiveSmallIntegerField(
        _("nummer in het draaiboek"), null=True, blank=True, unique=True
    )
    name = models.CharField(_("naam"), max_length=200)
    goal = models.TextField(_("doel"), blank=True)
    default_minutes = models.PositiveSmallIntegerField(
        _("standaardduur (minuten)"), validators=minutes_validators
    )
    working_forms = models.TextField(_("werkvormen"), blank=True)
    materials = models.TextField(_("benodigdheden"), blank=True)
    questions = models.TextField(_("vragen"), blank=True)

    objects = BuildingBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("bouwsteen")
        verbose_name_plural = _("bouwstenen")
        ordering = ["script_number", "name"]

    def __str__(self) -> str:
        return self.name


class ProgramItem(DomainModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="items"
    )
    block = models.ForeignKey(
        BuildingBlock, verbose_name=_("bouwsteen"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), validators=minutes_validators)

    class Meta:
        verbose_name = _("programmaonderdeel")
        verbose_name_plural = _("programmaonderdelen")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.block}"


class Task(DomainModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="tasks"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("taak"), max_length=300)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class ChecklistItem(DomainModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="checklist"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ChecklistKind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    quantity = models.PositiveSmallIntegerField(_("aantal"), null=True, blank=True)
    arranged = models.BooleanField(_("geregeld"), default=False)

    class Meta:
        verbose_name = _("benodigdheid")
        verbose_name_plural = _("benodigdheden")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.description


class ProfessionBound(DomainModel):
    """An optional minimum and maximum of accepted participants of one profession."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="bounds"
    )
    profession = models.CharField(_("beroep"), max_length=30, choices=Profession.choices)
    minimum = models.PositiveSmallIntegerField(_("minimaal"), null=True, blank=True)
    maximum = models.PositiveSmallIntegerField(_("maximaal"), null=True, blank=True)

    class Meta:
        verbose_name = _("grens per beroep")
        verbose_name_plural = _("grenzen per beroep")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "profession"], name="meetings_bound_one_per_profession"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
                name="meetings_bound_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.profession


class MeetingInvitationQuerySet(models.QuerySet["MeetingInvitation"]):
    def accepted(self) -> MeetingInvitationQuerySet:
        return self.filter(answer=Answer.YES, waiting_position__isnull=True)

    def waiting(self) -> MeetingInvitationQuerySet:
        return self.filter(waiting_position__isnull=False).order_by("waiting_position")


class MeetingInvitation(DomainModel):
    """One invitee and, once they answered, a participant. No name is stored: e-mail,
    profession and organisation are what the planner needs."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mailadres"))
    profession = models.CharField(
        _("beroep"), max_length=30, choices=Profession.choices, blank=True
    )
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices, blank=True)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    answer = models.CharField(
        _("antwoord"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    elearning_completed = models.BooleanField(
        _("e-learning Eerste 1000 dagen afgerond"), default=False
    )
    consent_share_contact = models.BooleanField(_("contactgegevens delen"), default=False)
    waiting_position = models.PositiveIntegerField(
        _("plaats op de wachtlijst"), null=True, blank=True
    )
    invited_on = models.DateField(_("uitgenodigd op"))
    link_id = models.BigIntegerField(_("link"), null=True, blank=True, editable=False)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    objects = MeetingInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["invited_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"], name="meetings_invitation_one_per_email"
            )
        ]

    def __str__(self) -> str:
        return self.email


class CaseCardQuerySet(models.QuerySet["CaseCard"]):
    def available_to(self, organisation: Organisation) -> CaseCardQuerySet:
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


class CaseCard(DomainModel):
    """A made-up case to discuss in a group; never about a real client."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_cards",
    )
    script_number = models.PositiveSmallIntegerField(
        _("nummer in het draaiboek"), null=True, blank=True, unique=True
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("casus"))

    objects = CaseCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("casuskaart")
        verbose_name_plural = _("casuskaarten")
        ordering = ["script_number", "title"]

    def __str__(self) -> str:
        return self.title


class MeetingGroup(DomainModel):
    """One group of one round of one grouping kind, as formed (and possibly adjusted)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.CharField(_("soort indeling"), max_length=20, choices=GroupingKind.choices)
    round_number = models.PositiveSmallIntegerField(_("ronde"))
    number = models.PositiveSmallIntegerField(_("groepje"))
    members = models.ManyToManyField(
        MeetingInvitation, verbose_name=_("deelnemers"), related_name="+"
    )
    case_card = models.ForeignKey(
        CaseCard,
        verbose_name=_("casuskaart"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("startgetal"), default=0)
    rules_version = models.CharField(_("versie regels"), max_length=30, default=RULES_VERSION)

    class Meta:
        verbose_name = _("groepje")
        verbose_name_plural = _("groepjes")
        ordering = ["kind", "round_number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "round_number", "number"],
                name="meetings_group_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.round_number}.{self.number}"


class MeetingReport(DomainModel):
    """What the meeting brought: what went well, what can be better; sent to the participants
    once (each gets a signed link to read it)."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="report"
    )
    went_well = models.TextField(_("wat ging goed"), blank=True)
    can_improve = models.TextField(_("wat kan beter"), blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self) -> str:
        return str(self.meeting)


class Agreement(DomainModel):
    """An agreement made at the meeting: who does what by when; the organiser ticks it off."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="agreements"
    )
    who = models.CharField(_("wie"), max_length=200)
    what = models.CharField(_("wat"), max_length=500)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what


class CooperationLink(DomainModel):
    """Two organisations that (should) work together around a family, as a group named it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="links"
    )
    source = models.CharField(_("organisatie"), max_length=200)
    target = models.CharField(_("werkt samen met"), max_length=200)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("samenwerking")
        verbose_name_plural = _("samenwerkingen")
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source", "target"], name="meetings_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} – {self.target}"
