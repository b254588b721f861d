"""Courses with their sessions, accreditation and prerequisites; editions with dates, trainers and
seats; enrolments (professionals with an account, parents by alias), attendance and certificates.

Status is derived from facts wherever it can be (an edition's status from its dates, capacity and
`cancelled_at`; an offer's expiry from `offer_expires_at`; a certificate's standing from
`valid_until` and `revoked_at`), so nothing depends on a job having run.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import Role
from hechtwerk.core.models import DomainModel

from .constants import (
    DEFAULT_OFFER_HOURS,
    SEAT_HOLDING,
    CourseKind,
    EnrolmentStatus,
    IntakeStatus,
    Moment,
    Register,
    VatTreatment,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Membership, User

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class CourseQuerySet(models.QuerySet["Course"]):
    def published(self) -> CourseQuerySet:
        return self.filter(is_published=True)

    def of_organisation(self, organisation_id: int) -> CourseQuerySet:
        return self.filter(organisation_id=organisation_id)


class Course(DomainModel):
    """A training as the provider offers it: structure, audience, price and completion rule."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=CourseKind.choices)
    summary = models.TextField(_("korte beschrijving"), blank=True)
    target_roles = models.CharField(
        _("voor wie"),
        max_length=300,
        blank=True,
        help_text=_("Codes van de doelgroepen, gescheiden door komma's."),
    )
    group_min = models.PositiveSmallIntegerField(
        _("kleinste groep"), default=1, validators=[MinValueValidator(1)]
    )
    group_max = models.PositiveSmallIntegerField(
        _("grootste groep"), default=12, validators=[MinValueValidator(1)]
    )
    price_excl_vat = models.DecimalField(
        _("prijs excl. BTW"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    vat_treatment = models.CharField(
        _("BTW"), max_length=20, choices=VatTreatment.choices, default=VatTreatment.STANDARD
    )
    price_note = models.CharField(_("bij de prijs"), max_length=200, blank=True)
    prerequisite_note = models.CharField(
        _("voorwaarde die niet in Hechtwerk te controleren is"), max_length=300, blank=True
    )
    # Completion rule: what must hold before a certificate is issued (rules.completion).
    attendance_threshold = models.PositiveSmallIntegerField(
        _("aanwezigheid nodig (%)"),
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    test_required = models.BooleanField(_("toets moet gehaald zijn"), default=False)
    evaluation_required = models.BooleanField(_("evaluatie moet ingevuld zijn"), default=False)
    issues_certificate = models.BooleanField(_("geeft een certificaat"), default=True)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificaat geldig (maanden)"),
        null=True,
        blank=True,
        help_text=_("Leeg: het certificaat verloopt niet."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("bedenktijd bij een vrijgekomen plaats (uren)"),
        default=DEFAULT_OFFER_HOURS,
        validators=[MinValueValidator(1)],
    )
    is_published = models.BooleanField(_("zichtbaar op de website"), default=True)
    # Measurements through the instruments capability (a published instrument version each).
    nulmeting_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        verbose_name=_("nulmeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    test_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        verbose_name=_("toets"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluation_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        verbose_name=_("evaluatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="training_course_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(group_min__lte=models.F("group_max")),
                name="training_course_group_in_order",
            ),
            models.CheckConstraint(
                condition=Q(price_excl_vat__gte=0), name="training_course_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def target_role_codes(self) -> list[str]:
        return [code.strip() for code in self.target_roles.split(",") if code.strip()]

    def total_minutes(self) -> int:
        return sum(s.duration_minutes for s in self.sessions.all())


class CourseSession(DomainModel):
    """One meeting of a course's structure: its place in the order, topic and net duration."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    topic = models.CharField(_("onderwerp"), max_length=200)
    contents = models.TextField(_("inhoud"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("netto duur (minuten)"), validators=[MinValueValidator(1)]
    )
    break_minutes = models.PositiveSmallIntegerField(_("pauze (minuten)"), default=0)

    class Meta:
        verbose_name = _("bijeenkomst van een cursus")
        verbose_name_plural = _("bijeenkomsten van een cursus")
        ordering = ["course", "order"]
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="training_session_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.topic}"


class Accreditation(DomainModel):
    """Points a register grants for the course (ABSG, V&VN Kwaliteitsregister, SKJ)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="accreditations")
    register = models.CharField(_("register"), max_length=10, choices=Register.choices)
    points = models.DecimalField(
        _("punten"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    reference = models.CharField(_("kenmerk bij het register"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("accreditatie")
        verbose_name_plural = _("accreditaties")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "register"], name="training_unique_accreditation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()}: {self.points}"


class Prerequisite(DomainModel):
    """Enrolment in `course` needs a valid certificate of `required_course` (or an equivalent)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="prerequisites")
    required_course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="required_by"
    )

    class Meta:
        verbose_name = _("vooropleiding")
        verbose_name_plural = _("vooropleidingen")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "required_course"], name="training_unique_prerequisite"
            ),
            models.CheckConstraint(
                condition=~Q(course=models.F("required_course")),
                name="training_prerequisite_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ← {self.required_course}"


class CourseEquivalence(DomainModel):
    """A certificate of `equivalent` (any provider's) counts as one of `course`.

    Kept by the owner of `course`: it decides what it accepts in place of its own training.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="equivalences")
    equivalent = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("waarom gelijkwaardig"), max_length=300)

    class Meta:
        verbose_name = _("gelijkwaardige cursus")
        verbose_name_plural = _("gelijkwaardige cursussen")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "equivalent"], name="training_unique_equivalence"
            ),
            models.CheckConstraint(
                condition=~Q(course=models.F("equivalent")),
                name="training_equivalence_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equivalent} = {self.course}"


class IntakeQuestion(DomainModel):
    """A question an applicant answers when enrolling (seed 001: voluntary, able to reflect, ...).

    Answered yes or no; the trainer decides after reading the answers (services.intake).
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="intake_questions")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.CharField(_("vraag"), max_length=300)

    class Meta:
        verbose_name = _("intakevraag")
        verbose_name_plural = _("intakevragen")
        ordering = ["course", "order"]
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="training_intake_order")
        ]

    def __str__(self) -> str:
        return self.text


class EditionQuerySet(models.QuerySet["Edition"]):
    def of_organisation(self, organisation_id: int) -> EditionQuerySet:
        return self.filter(course__organisation_id=organisation_id)

    def taught_by(self, user: User) -> EditionQuerySet:
        return self.filter(trainers=user)

    def visible_to(self, membership: Membership) -> EditionQuerySet:
        """A provider's beheerder sees all of its editions, a trainer the editions they teach."""
        own = self.of_organisation(membership.organisation_id)
        if membership.role == Role.ADMINISTRATOR:
            return own
        return own.filter(trainers=membership.user_id).distinct()

    def publicly_listed(self) -> EditionQuerySet:
        """Published, not cancelled, of a published course; whether open is derived per edition."""
        return self.filter(
            published_at__isnull=False, cancelled_at__isnull=True, course__is_published=True
        )


class Edition(DomainModel):
    """One run of a course: its sessions, trainers and seats."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="editions")
    label = models.CharField(
        _("naam van de uitvoering"), max_length=120, help_text=_("Bijvoorbeeld plaats en seizoen.")
    )
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    min_participants = models.PositiveSmallIntegerField(
        _("minimum aantal deelnemers"), validators=[MinValueValidator(1)]
    )
    max_participants = models.PositiveSmallIntegerField(
        _("maximum aantal deelnemers"), validators=[MinValueValidator(1)]
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="taught_editions"
    )
    # Facts the status is derived from (rules.edition_status).
    published_at = models.DateTimeField(_("open voor inschrijving sinds"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    cancel_reason = models.CharField(_("reden van annuleren"), max_length=300, blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitvoering")
        verbose_name_plural = _("uitvoeringen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__lte=models.F("max_participants")),
                name="training_edition_capacity_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.label}"

    @property
    def organisation_id(self) -> int:
        return self.course.organisation_id

    def seats_taken(self, *, now: datetime.datetime | None = None) -> int:
        """Enrolled participants plus offers that have not expired."""
        now = now or timezone.now()
        return (
            self.enrolments.filter(status__in=SEAT_HOLDING)
            .exclude(status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now)
            .count()
        )


class EditionSession(DomainModel):
    """A dated meeting of an edition. Times are Amsterdam wall-clock times (safe across DST)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    topic = models.CharField(_("onderwerp"), max_length=200)
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    break_minutes = models.PositiveSmallIntegerField(_("pauze (minuten)"), default=0)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["edition", "date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "order"], name="training_edition_order"),
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")),
                name="training_session_times_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.topic}"

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=AMSTERDAM)

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=AMSTERDAM)

    @property
    def net_minutes(self) -> int:
        """Minutes of teaching: wall-clock span (as on the clock, DST aside) minus the break."""
        start = datetime.datetime.combine(self.date, self.start_time)
        end = datetime.datetime.combine(self.date, self.end_time)
        return max(0, int((end - start).total_seconds() // 60) - self.break_minutes)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def of_user(self, user: User) -> EnrolmentQuerySet:
        return self.filter(user=user)

    def waiting_in_line(self) -> EnrolmentQuerySet:
        """The waiting list in the order seats are offered: first come, first served."""
        return self.filter(status=EnrolmentStatus.WAITING).order_by("waiting_since", "id")


class Enrolment(DomainModel):
    """A place (or a place in line) in an edition.

    A professional enrols with their account (`user`); a parent without one, giving only an alias
    and a contact address. Nothing about a child is ever asked or kept here.
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_enrolments",
    )
    alias = models.CharField(_("voornaam of roepnaam"), max_length=60, blank=True)
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    status = models.CharField(_("status"), max_length=30, choices=EnrolmentStatus.choices)
    enrolled_at = models.DateTimeField(_("ingeschreven op"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    offered_at = models.DateTimeField(_("plaats aangeboden op"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    prerequisite_override_reason = models.CharField(
        _("reden om de vooropleiding niet te eisen"), max_length=300, blank=True
    )
    # Completion facts besides attendance; the instruments capability will record them.
    test_passed_at = models.DateTimeField(_("toets gehaald op"), null=True, blank=True)
    evaluation_submitted_at = models.DateTimeField(
        _("evaluatie ingevuld op"), null=True, blank=True
    )
    # Only for participants who want accreditation points (domain.md §6).
    register = models.CharField(_("register"), max_length=10, choices=Register.choices, blank=True)
    register_number = models.CharField(_("registratienummer"), max_length=30, blank=True)
    # Intake (only for a course with intake questions): the trainer's decision and its reason.
    intake_status = models.CharField(
        _("intake"), max_length=20, choices=IntakeStatus.choices, blank=True
    )
    intake_decided_at = models.DateTimeField(_("intake beoordeeld op"), null=True, blank=True)
    intake_reason = models.CharField(_("toelichting bij de intake"), max_length=300, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["edition", "enrolled_at", "id"]
        constraints = [
            # Either a professional with an account, or a parent with an alias and an address.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(alias="") & Q(contact_email=""))
                | (Q(user__isnull=True) & ~Q(alias="") & ~Q(contact_email="")),
                name="training_enrolment_user_or_parent",
            ),
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=Q(user__isnull=False),
                name="training_enrolment_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.participant_name}"

    @property
    def participant_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.email
        return self.alias

    @property
    def email(self) -> str:
        return self.user.email if self.user is not None else self.contact_email


class IntakeAnswer(DomainModel):
    """An applicant's yes or no to one intake question; seen only by the edition's trainers."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="intake_answers"
    )
    question = models.ForeignKey(IntakeQuestion, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField(_("ja"))

    class Meta:
        verbose_name = _("antwoord bij de intake")
        verbose_name_plural = _("antwoorden bij de intake")
        ordering = ["enrolment", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "question"], name="training_intake_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.agrees}"


class Attendance(DomainModel):
    """Whether a participant was at a session, and for how many minutes (for accreditation)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(EditionSession, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("aanwezig"))
    minutes = models.PositiveSmallIntegerField(_("minuten aanwezig"), default=0)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="training_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}: {self.present}"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def of_user(self, user: User) -> CertificateQuerySet:
        return self.filter(enrolment__user=user)

    def valid_on(self, day: datetime.date) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Certificate(DomainModel):
    """Proof of completion. What it says is copied at issue, so later edits do not change it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    verification_code = models.CharField(_("verificatiecode"), max_length=20, unique=True)
    holder_name = models.CharField(_("naam"), max_length=200)
    course_name = models.CharField(_("cursus"), max_length=200)
    first_day = models.DateField(_("eerste dag"))
    last_day = models.DateField(_("laatste dag"))
    minutes_attended = models.PositiveIntegerField(_("minuten aanwezig"))
    issued_at = models.DateTimeField(_("uitgegeven op"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoke_reason = models.CharField(_("reden van intrekken"), max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("vervangen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    rules_version = models.CharField(_("versie van de regels"), max_length=20)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["-issued_at"]
        constraints = [
            # One certificate in force per enrolment; a reissue revokes the one it replaces.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="training_one_certificate_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_name} – {self.holder_name} ({self.verification_code})"


class SupportGroup(DomainModel):
    """After Het Begint Bij Mij the group may go on as a support group led by a volunteer (seed
    001). Only a first name or alias of the leader is kept."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="support_group")
    started = models.BooleanField(_("supportgroep gestart"))
    leader_alias = models.CharField(
        _("voornaam of roepnaam van de supportgroep-leider"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("supportgroep")
        verbose_name_plural = _("supportgroepen")

    def __str__(self) -> str:
        return f"{self.edition}: {self.started}"


class SupportGroupMeeting(DomainModel):
    """A date the support group met."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("datum"))

    class Meta:
        verbose_name = _("bijeenkomst van de supportgroep")
        verbose_name_plural = _("bijeenkomsten van de supportgroep")
        ordering = ["group", "date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="training_support_meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}"


class MeasurementResponse(DomainModel):
    """A nulmeting, toets or evaluation as filled in. It names no enrolment: `pseudonym` (a keyed
    hash of the enrolment) links one participant's answers before and after without saying who
    answered (measurements.pseudonym)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="measurements")
    moment = models.CharField(_("meting"), max_length=20, choices=Moment.choices)
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion", on_delete=models.PROTECT, related_name="+"
    )
    pseudonym = models.CharField(_("pseudoniem"), max_length=64)
    attempt = models.PositiveSmallIntegerField(_("poging"), default=1)
    answers = models.JSONField(_("antwoorden"), default=dict)
    points = models.IntegerField(_("punten"), null=True, blank=True)
    passed = models.BooleanField(_("gehaald"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ingevuld op"))

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["edition", "moment", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "moment", "pseudonym", "attempt"],
                name="training_measurement_once_per_attempt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_moment_display()}"
