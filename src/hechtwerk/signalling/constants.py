"""Codes of signalling's own records: the ééngespreksmodel and where a referral goes.

The method's codes (dimensions, criteria, SamenStarten, vulnerability) are in
`hechtwerk.method.codes`. Members are English, values are stable Dutch codes (stored and
exchanged), labels are Dutch.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationModelStatus(models.TextChoices):
    """The ééngespreksmodel: offered, accepted, held in the same consult or later."""

    NOT_OFFERED = "niet_aangeboden", _("Niet aangeboden")
    OFFERED = "aangeboden", _("Aangeboden")
    DECLINED = "afgeslagen", _("Aangeboden, niet gewenst")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd, nog niet gevoerd")
    HELD = "gevoerd", _("Gevoerd")


class ReferralDestination(models.TextChoices):
    WITHIN_ORGANISATION = "eigen_organisatie", _("Binnen de eigen organisatie")
    YOUTH_MENTAL_HEALTH = "jeugd_ggz", _("Jeugd-GGZ")
    GENERAL_PRACTITIONER = "huisarts", _("Huisarts")
    OTHER = "anders", _("Elders")


class ReferralFollowUpStatus(models.TextChoices):
    """What became of a referral whose help has not (yet) started here (rules.schedule knows the
    codes: declined and started elsewhere settle it, a waiting list is followed up again)."""

    NONE = "", _("Nog niets bekend")
    WAITING_LIST = "wachtlijst", _("Op een wachtlijst")
    DECLINED = "afgezien", _("Ouders zien af van de hulp")
    STARTED_ELSEWHERE = "elders_gestart", _("Elders gestart")


class MomentNotHeldReason(models.TextChoices):
    """Why a contact moment of the schedule was not held (it then leaves the worklist)."""

    MOVED_AWAY = "verhuisd", _("Verhuisd")
    DECLINED = "geweigerd", _("Ouders wilden het consult niet")
    HELD_ELSEWHERE = "elders_gehouden", _("Elders gehouden")
    REGISTERED_LATE = "te_laat_ingeschreven", _("Te laat ingeschreven")
