from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    """NEN 7513 event kinds (EventActionCode, with export and query added)."""

    CREATE = "C", _("aanmaken")
    READ = "R", _("inzien")
    UPDATE = "U", _("wijzigen")
    DELETE = "D", _("verwijderen")
    EXPORT = "E", _("exporteren of afdrukken")
    QUERY = "Q", _("zoeken")
    MERGE = "M", _("samenvoegen")


class AccessOutcome(models.TextChoices):
    SUCCESS = "success", _("geslaagd")
    FAILURE = "failure", _("geweigerd")


GENESIS_HASH = "0" * 64


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    SENT = "sent", _("verstuurd")
    FAILED = "failed", _("mislukt")
