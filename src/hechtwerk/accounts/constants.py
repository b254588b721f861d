from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    JGZ = "jgz", _("JGZ-organisatie")
    TRAINING_PROVIDER = "opleider", _("Opleider of stichting")
    COALITION = "coalitie", _("Coalitie Kansrijke Start")
    PLATFORM = "platform", _("Platform")


class Role(models.TextChoices):
    ADMINISTRATOR = "beheerder", _("Beheerder")
    TRAINER = "trainer", _("Trainer")
    YOUTH_NURSE = "jgz_verpleegkundige", _("Jeugdverpleegkundige")
    YOUTH_DOCTOR = "jeugdarts", _("Jeugdarts")
    TEAM_LEADER = "teamleider", _("Teamleider")
    COALITION_ORGANISER = "coalitie_organisator", _("Coalitie-organisator")
    PARTICIPANT = "deelnemer", _("Deelnemer")
    LOG_MANAGER = "logbeheerder", _("Logbeheerder")


# JGZ professionals: the only roles that see individual children (domain.md §1, §4).
CLIENT_DATA_ROLES = frozenset({Role.YOUTH_NURSE, Role.YOUTH_DOCTOR})
# Roles that see client data, figures about clients, the access log, or manage others:
# two-factor sign-in is required for them (trust.md §0.1, ASVS 6.3.3).
MFA_REQUIRED_ROLES = frozenset(
    {
        Role.YOUTH_NURSE,
        Role.YOUTH_DOCTOR,
        Role.TEAM_LEADER,
        Role.ADMINISTRATOR,
        Role.LOG_MANAGER,
    }
)
# Which roles make sense in which kind of organisation; what each may do is in capabilities.py.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.JGZ: frozenset(
        {
            Role.ADMINISTRATOR,
            Role.YOUTH_NURSE,
            Role.YOUTH_DOCTOR,
            Role.TEAM_LEADER,
            Role.LOG_MANAGER,
            Role.PARTICIPANT,
        }
    ),
    OrganisationKind.TRAINING_PROVIDER: frozenset(
        {Role.ADMINISTRATOR, Role.TRAINER, Role.PARTICIPANT, Role.LOG_MANAGER}
    ),
    OrganisationKind.COALITION: frozenset({Role.COALITION_ORGANISER, Role.PARTICIPANT}),
    OrganisationKind.PLATFORM: frozenset({Role.ADMINISTRATOR, Role.LOG_MANAGER}),
}


class MailLanguage(models.TextChoices):
    """The language of a mail to someone whose own choice is not known yet (an invitee)."""

    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", "English"
