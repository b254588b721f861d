"""Choices of the licensing capability: English members, Dutch labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    LICENCE = "licentie", _("Licentie")
    MEMBERSHIP = "lidmaatschap", _("Lidmaatschap")


class Standing(models.TextChoices):
    NONE = "none", _("Geen")
    CURRENT = "current", _("Geldig")
    GRACE = "grace", _("In respijt")
    LAPSED = "lapsed", _("Verlopen")
    CANCELLED = "cancelled", _("Opgezegd")


class CourseRole(models.TextChoices):
    """What a course of training means to licensing (data, not a flag in training)."""

    MASTERCLASS = "masterclass", _("Masterclass: geeft recht op een licentie")
    LICENSED = "licensed", _("Gelicentieerde cursus: alleen trainers met een geldige licentie")
    RETURN_DAY = "return_day", _("Terugkomdag")
