"""Choices of the training app: English members, Dutch labels."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    PROFESSIONAL = "professionals", _("Voor professionals")
    PARENT = "ouders", _("Voor ouders")


class VatTreatment(models.TextChoices):
    STANDARD = "standaard", _("BTW 21%")
    # Accredited vocational training by a CRKBO-registered provider (domain.md §6).
    EXEMPT = "vrijgesteld", _("Vrijgesteld van BTW (CRKBO)")


# The rate belongs to the treatment; kept as data beside it so a change of rate is one edit.
VAT_RATES = {VatTreatment.STANDARD: Decimal("21.00"), VatTreatment.EXEMPT: Decimal("0.00")}


class Register(models.TextChoices):
    ABSG = "absg", _("ABSG (artsen)")
    VVN = "vvn", _("V&VN Kwaliteitsregister (verpleegkundigen)")
    SKJ = "skj", _("SKJ (jeugdprofessionals)")


class TargetRole(models.TextChoices):
    YOUTH_DOCTOR = "jeugdarts", _("Jeugdartsen")
    YOUTH_NURSE = "jgz_verpleegkundige", _("Jeugdverpleegkundigen")
    TRAINER = "trainer", _("Trainers")
    THERAPIST = "therapeut", _("Therapeuten en psychologen")
    YOUTH_PROFESSIONAL = "jeugdprofessional", _("Jeugdprofessionals")
    FIRST_1000_DAYS = "eerste_1000_dagen", _("Professionals rond de eerste 1000 dagen")
    PARENT = "ouder", _("Ouders en mede-opvoeders")


class EditionStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    OPEN = "open", _("Open voor inschrijving")
    FULL = "vol", _("Vol")
    RUNNING = "bezig", _("Bezig")
    COMPLETED = "afgerond", _("Afgerond")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "ingeschreven", _("Ingeschreven")
    WAITING = "wachtlijst", _("Op de wachtlijst")
    OFFERED = "plaats_aangeboden", _("Plaats aangeboden")
    OFFER_EXPIRED = "aanbod_verlopen", _("Aanbod verlopen")
    WITHDRAWN = "afgemeld", _("Afgemeld")
    EDITION_CANCELLED = "uitvoering_geannuleerd", _("Uitvoering geannuleerd")
    DECLINED = "niet_geplaatst", _("Niet geplaatst na de intake")


class IntakeStatus(models.TextChoices):
    """The trainer's intake decision (seed 001: Het Begint Bij Mij's criteria)."""

    PENDING = "in_afwachting", _("Intake nog te beoordelen")
    ACCEPTED = "geaccepteerd", _("Geplaatst na de intake")
    ON_HOLD = "aangehouden", _("Aangehouden")
    DECLINED = "afgewezen", _("Niet geplaatst")


# Statuses that hold a seat (an offer only until it expires; see rules.seats_taken).
SEAT_HOLDING = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED})
# Statuses of someone still in the edition or still in line for it.
ACTIVE = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED, EnrolmentStatus.WAITING})


class CertificateStanding(models.TextChoices):
    VALID = "geldig", _("Geldig")
    EXPIRED = "verlopen", _("Verlopen")
    REVOKED = "ingetrokken", _("Ingetrokken")


# Default hours a freed seat is held for the first on the waiting list; each course may differ.
DEFAULT_OFFER_HOURS = 48

# Signed-link purposes (core.links): a parent enrols through the edition's link and manages the
# place through a personal one; calendar feeds use core.calendar's own purpose.
PARENT_ENROLMENT_PURPOSE = "enrolment"
PLACE_PURPOSE = "enrolment-manage"
# Reminder before the first session; the evaluation request for this long after the last one.
REMINDER_DAYS_BEFORE = 2
EVALUATION_REQUEST_DAYS = 28


class Moment(models.TextChoices):
    """The three measurements of a course, filled in through the instruments capability."""

    NULMETING = "nulmeting", _("Nulmeting")
    TOETS = "toets", _("Toets")
    EVALUATION = "evaluatie", _("Evaluatie")


# Het Begint Bij Mij's evaluation (seed 001): influence on daily life, none / some / much.
INFLUENCE_ITEM = "invloed-dagelijks-leven"
INFLUENCE_POSITIVE = ("enige", "veel")
INFLUENCE_MUCH = "veel"
# The key of the pseudonym that links a participant's nulmeting to their toets (salted HMAC).
PSEUDONYM_SALT = "hechtwerk.training.measurement"
