"""Codes of the method, shared by the instruments that collect them, the signalling rules that decide
on them and the catalogue that matches interventions to them.

Members are English, values are stable Dutch codes (stored and exchanged, never renamed), labels
are Dutch. docs/glossary.md explains every code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Codes of the instruments the method uses (`instruments.Instrument.code`).
SIGNALENLIJST = "signalenlijst"
SAMENSTARTEN = "samenstarten"
INFORMATIEKAART = "informatiekaart"
VULNERABILITY_FACTORS = "kwetsbaarheid"


class Dimension(models.TextChoices):
    """The five dimensions of the Werkwijze Kuipers; each covers two parent items."""

    ATTUNEMENT = "aansluiten", _("Aansluiten")
    INVOLVEMENT = "betrokkenheid", _("Betrokkenheid")
    COMFORT_ZONE = "comfortzone", _("Comfortzone")
    PREDICTABILITY = "voorspelbaarheid", _("Voorspelbaarheid")
    BALANCE = "balans", _("Balans")


# Group code of the three risk and protective factor items of the Signalenlijst.
RISK_GROUP = "risico"


class ParentItemAnswer(models.TextChoices):
    POSITIVE = "positief", _("Positief")
    NOT_YET_POSITIVE = "nog_niet_positief", _("Nog niet positief")
    NOT_ASSESSED = "niet_beoordeeld", _("Niet beoordeeld")


class RiskItemAnswer(models.TextChoices):
    PRESENT = "aanwezig", _("Aanwezig")
    ABSENT = "niet_aanwezig", _("Niet aanwezig")
    PROTECTIVE = "beschermend", _("Aanwezig als beschermende factor")


class DimensionStatus(models.TextChoices):
    POSITIVE = "positief", _("Positief")
    SEARCHING = "zoekend", _("Zoekend")
    NOT_ASSESSED = "niet_beoordeeld", _("Niet beoordeeld")


class ReferralCriterion(models.TextChoices):
    """The four criteria of the Informatiekaart ouder-kindrelatie for more intensive help."""

    REGULATION_PROBLEMS = (
        "regulatieproblemen",
        _("Eén of meer vroege regulatieproblemen (huilen, voeden, slapen)"),
    )
    WORRY_OR_OVERLOAD = (
        "zorgen_overbelasting",
        _("Aanhoudende zorgen en/of overbelasting van de ouders"),
    )
    DYSFUNCTIONAL_PATTERN = (
        "disfunctioneel_patroon",
        _("Een disfunctioneel interactie- of communicatiepatroon"),
    )
    STRESS_FACTORS = "stressfactoren", _("Een opeenstapeling van stressfactoren")


class SamenStartenDomain(models.TextChoices):
    PARENT_COMPETENCE = "competentie_ouders", _("Competentie van de ouders")
    PARTNER_ROLE = "rol_partner", _("Rol van de partner")
    SOCIAL_NETWORK = "sociaal_netwerk", _("Sociaal netwerk")
    EVENTS = "gebeurtenissen_omstandigheden", _("Gebeurtenissen en omstandigheden")
    CHILD_WELLBEING = "welbevinden_kind", _("Welbevinden van het kind")


class SamenStartenRating(models.TextChoices):
    FINE = "prima", _("Prima")
    ATTENTION_POINTS = "aandachtspunten", _("Goed met aandachtspunten")
    PROBLEM = "probleem", _("Probleem")


class SamenStartenFollowUp(models.TextChoices):
    NONE = "geen", _("Geen vervolg")
    EXTRA_HOME_VISIT = "extra_huisbezoek", _("Extra huisbezoek")
    REFERRAL = "verwijzing", _("Verwijzing")


class FactorColumn(models.TextChoices):
    MEDICAL_RISK = "medisch", _("Medisch risico")
    SOCIAL_RISK = "sociaal", _("Sociaal risico")
    PROTECTIVE = "beschermend", _("Beschermend")


class VulnerabilityGrade(models.TextChoices):
    NOT_VULNERABLE = "niet_kwetsbaar", _("Niet kwetsbaar")
    POTENTIALLY_VULNERABLE = "potentieel_kwetsbaar", _("Potentieel kwetsbaar")
    VULNERABLE = "kwetsbaar", _("Kwetsbaar")
    VERY_VULNERABLE = "zeer_kwetsbaar", _("Zeer kwetsbaar")


class SituationKind(models.TextChoices):
    """What the consult records that a matching rule of the catalogue can react to."""

    GENERAL = "algemeen", _("Algemeen")
    DIMENSION = "dimensie", _("Zoekende dimensie")
    REFERRAL_CRITERION = "verwijscriterium", _("Verwijscriterium informatiekaart")
    VULNERABILITY = "kwetsbaarheid", _("Kwetsbaarheid")
    SAMENSTARTEN = "samenstarten", _("Probleem in SamenStarten-domein")


# The one GENERAL code: nothing of concern is recorded at the consult.
NO_CONCERNS = "geen_signalen"
