"""Choices of the meeting planner: domains, professions, answers (English members, Dutch labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The three domains a Kansrijke Start coalition brings together (seed 004, §2 stap 2)."""

    MEDICAL = "medisch", _("Medisch domein")
    SOCIAL = "sociaal", _("Sociaal domein")
    INFORMAL = "informeel", _("Informeel domein")


class Profession(models.TextChoices):
    """Professions the script names as invitees; `OTHER` for anyone else (domain chosen apart)."""

    GP = "huisarts", _("Huisarts of POH")
    MIDWIFE = "verloskundige", _("Verloskundige")
    GYNAECOLOGIST = "gynaecoloog", _("Gynaecoloog")
    MATERNITY_CARER = "kraamverzorgende", _("Kraamverzorgende")
    YOUTH_HEALTH = "jgz", _("JGZ-professional")
    POP_CLINIC = "pop_poli", _("Medewerker POP-poli")
    SOCIAL_TEAM = "wijkteam", _("Sociaal wijkteam")
    DEBT_COUNSELLOR = "schuldhulp", _("Schuldhulpverlener")
    WELFARE_WORKER = "welzijn", _("Welzijnswerker")
    CHILDCARE = "kinderopvang", _("Medewerker kinderopvang")
    MUNICIPALITY = "gemeente", _("Gemeente of beleidsmaker")
    NEIGHBOURHOOD_FAMILY = "buurtgezin", _("Buurtgezin")
    EXPERIENCE_EXPERT = "ervaringsdeskundige", _("Ervaringsdeskundige")
    VOLUNTEER = "vrijwilliger", _("Vrijwilliger of maatje")
    OTHER = "anders", _("Ander beroep")


# The domain each profession belongs to; `OTHER` has none and takes the domain the person gives.
DOMAIN_OF: dict[str, str] = {
    Profession.GP: Domain.MEDICAL,
    Profession.MIDWIFE: Domain.MEDICAL,
    Profession.GYNAECOLOGIST: Domain.MEDICAL,
    Profession.MATERNITY_CARER: Domain.MEDICAL,
    Profession.YOUTH_HEALTH: Domain.MEDICAL,
    Profession.POP_CLINIC: Domain.MEDICAL,
    Profession.SOCIAL_TEAM: Domain.SOCIAL,
    Profession.DEBT_COUNSELLOR: Domain.SOCIAL,
    Profession.WELFARE_WORKER: Domain.SOCIAL,
    Profession.CHILDCARE: Domain.SOCIAL,
    Profession.MUNICIPALITY: Domain.SOCIAL,
    Profession.NEIGHBOURHOOD_FAMILY: Domain.INFORMAL,
    Profession.EXPERIENCE_EXPERT: Domain.INFORMAL,
    Profession.VOLUNTEER: Domain.INFORMAL,
}


class Answer(models.TextChoices):
    PENDING = "open", _("Nog geen antwoord")
    YES = "ja", _("Ja, ik kom")
    NO = "nee", _("Nee, ik kom niet")
    MAYBE = "misschien", _("Misschien")


class GroupingKind(models.TextChoices):
    SPEED_DATE = "speeddate", _("Speeddate in drietallen (drie rondes)")
    MIXED = "gemengd", _("Gemengde groepjes van 3 tot 4")
    BY_PROFESSION = "beroep", _("Groepjes per beroep (pitches)")


class ChecklistKind(models.TextChoices):
    MATERIAL = "materiaal", _("Materiaal")
    EQUIPMENT = "apparatuur", _("Apparatuur")
    TAKE_HOME = "meegeven", _("Meegeefmateriaal")
