"""Codes of the interventions catalogue: formats, prevention levels, the NJi evidence scale, the
drawn age axis. The situations matching reacts to are the method's (`hechtwerk.method.codes`).
Members English, values stable Dutch codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.method.ages import DAYS_PER_YEAR, TERM_WEEKS

# The drawn axis: the whole pregnancy before birth, then the first four years.
AXIS_START_DAYS = -TERM_WEEKS * 7
AXIS_END_DAYS = round(4 * DAYS_PER_YEAR)

# Matches shown on a child's page (the match request carries `verwijzen=1`) get a "Verwijs
# hiernaar" button submitting the page's own GET form of this id to the child's referral form, so
# the match request itself never names the child.
REFERRAL_FORM_ID = "verwijs-naar-interventie"
REFERRAL_PARAM = "verwijzen"
# Repeatable `verwezen=<intervention uuid>:<yyyy-mm-dd>`: the child's page names the
# interventions this child was already referred to (never the child itself).
REFERRED_PARAM = "verwezen"


class Format(models.TextChoices):
    GROUP = "groep", _("Groepsbijeenkomsten")
    HOME_VISITS = "huisbezoeken", _("Huisbezoeken")
    CONSULT_METHOD = "werkwijze_consult", _("Werkwijze tijdens het consult")
    E_LEARNING = "e_learning", _("E-learning")
    APP = "app", _("App")
    FILMS = "films", _("Films")
    INFORMATION_CARD = "informatiekaart", _("Informatiekaart")
    WORKSHOP = "workshop", _("Workshop voor professionals")
    THERAPY = "therapie", _("Therapie of behandeling")


class PreventionLevel(models.TextChoices):
    UNIVERSAL = "universeel", _("Universeel (voor alle gezinnen)")
    SELECTIVE = "selectief", _("Selectief (gezinnen met verhoogd risico)")
    INDICATED = "geindiceerd", _("Geïndiceerd (bij beginnende of bestaande problemen)")


class EvidenceLevel(models.TextChoices):
    """The recognition levels of the NJi Databank Effectieve Jeugdinterventies, plus two states."""

    NOT_ASSESSED = "niet_beoordeeld", _("Niet beoordeeld")
    UNDER_ASSESSMENT = "in_beoordeling", _("In beoordeling")
    WELL_FOUNDED = "goed_onderbouwd", _("Goed onderbouwd")
    FIRST_INDICATIONS = "eerste_aanwijzingen", _("Effectief volgens eerste aanwijzingen")
    GOOD_INDICATIONS = "goede_aanwijzingen", _("Effectief volgens goede aanwijzingen")
    STRONG_INDICATIONS = "sterke_aanwijzingen", _("Effectief volgens sterke aanwijzingen")


# Lowest to highest on the NJi scale; the two states without a rating rank below every rating.
EVIDENCE_RANK: dict[str, int] = {
    EvidenceLevel.NOT_ASSESSED: 0,
    EvidenceLevel.UNDER_ASSESSMENT: 0,
    EvidenceLevel.WELL_FOUNDED: 1,
    EvidenceLevel.FIRST_INDICATIONS: 2,
    EvidenceLevel.GOOD_INDICATIONS: 3,
    EvidenceLevel.STRONG_INDICATIONS: 4,
}
RATED_LEVELS = frozenset(level for level, rank in EVIDENCE_RANK.items() if rank > 0)


class ThemeKind(models.TextChoices):
    THEME = "thema", _("Thema")
    CONDITION = "probleem", _("Probleem of situatie")


class AlternativeField(models.TextChoices):
    """Values a source can state in more than one way; each alternative keeps its own source."""

    AGE = "leeftijd", _("Leeftijdsvenster")
    CONTACTS = "contacten", _("Aantal contacten")


class TargetKind(models.TextChoices):
    THEME = "thema", _("Thema of probleem")
    PREVENTION_LEVEL = "preventieniveau", _("Preventieniveau")


class OfferKind(models.TextChoices):
    OFFERS = "biedt_aan", _("Biedt zelf aan")
    CONTRACTED = "gecontracteerd", _("Gecontracteerd")


class RevisionAction(models.TextChoices):
    CREATED = "aangemaakt", _("Aangemaakt")
    UPDATED = "gewijzigd", _("Gewijzigd")
    ALTERNATIVE_ADDED = "alternatief_toegevoegd", _("Andere bronwaarde toegevoegd")
    ALTERNATIVE_REMOVED = "alternatief_verwijderd", _("Andere bronwaarde verwijderd")
    LOADED = "geladen", _("Geladen uit de brondocumenten")
