"""The closed material library: registered materials of a foundation, their versions (files kept
outside the web root), trainers' confirmations of a new version, which version an edition used,
and every download (served or refused)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.models import DomainModel

from . import rules
from .constants import DownloadChannel, DownloadOutcome

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation


class MaterialQuerySet(models.QuerySet["Material"]):
    def owned_by(self, organisation: Organisation) -> MaterialQuerySet:
        """The materials a foundation (training provider) registered as its own."""
        return self.filter(organisation=organisation)


class Material(DomainModel):
    """A registered work of the foundation (signalling list, mind map, leaflet, ...)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="materials",
    )
    name = models.CharField(_("naam"), max_length=200)
    registration_number = models.CharField(
        _("registratienummer"),
        max_length=60,
        help_text=_("Het nummer waaronder de stichting het materiaal als haar werk registreerde."),
    )
    description = models.TextField(_("beschrijving"), blank=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("materiaal")
        verbose_name_plural = _("materialen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "registration_number"],
                name="materials_registration_number_unique_per_owner",
                violation_error_message=_("Dit registratienummer is al in gebruik."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"

    def current_version(self, on: datetime.date) -> MaterialVersion | None:
        """The version released last on or before `on` (a later release date waits)."""
        return (
            self.versions.filter(release_date__lte=on).order_by("-release_date", "-created_at")
        ).first()


class MaterialVersionQuerySet(models.QuerySet["MaterialVersion"]):
    def released(self, on: datetime.date) -> MaterialVersionQuerySet:
        return self.filter(release_date__lte=on)


class MaterialVersion(DomainModel):
    """One released version of a material; its file is never changed after publishing."""

    material = models.ForeignKey(
        Material, verbose_name=_("materiaal"), on_delete=models.PROTECT, related_name="versions"
    )
    label = models.CharField(_("versie"), max_length=40)
    release_date = models.DateField(_("datum van uitgave"))
    release_notes = models.TextField(_("wat is er nieuw"), blank=True)
    # Relative to settings.MATERIALS_ROOT; a name we chose, never the uploader's.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=120)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = MaterialVersionQuerySet.as_manager()

    class Meta:
        ordering = ["material", "-release_date", "-created_at"]
        verbose_name = _("versie van een materiaal")
        verbose_name_plural = _("versies van materialen")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "label"],
                name="materials_version_label_unique_per_material",
                violation_error_message=_("Deze versie bestaat al voor dit materiaal."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.material.name} {self.label}"

    def download_name(self) -> str:
        """The file name a trainer receives: material, version and the extension of its content."""
        return rules.download_name(self.material.name, self.label, self.content_type)


class VersionConfirmation(DomainModel):
    """A trainer confirms that they use this version of a material (an obligation, seed 000)."""

    version = models.ForeignKey(
        MaterialVersion,
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="confirmations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="material_confirmations",
    )

    class Meta:
        verbose_name = _("bevestiging van een versie")
        verbose_name_plural = _("bevestigingen van versies")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"], name="materials_confirmation_once_per_trainer"
            )
        ]


class EditionMaterialUse(DomainModel):
    """Which version of a material a training edition used (one per material and edition)."""

    edition = models.ForeignKey(
        "training.Edition",
        verbose_name=_("uitvoering"),
        on_delete=models.PROTECT,
        related_name="material_uses",
    )
    material = models.ForeignKey(
        Material, verbose_name=_("materiaal"), on_delete=models.PROTECT, related_name="uses"
    )
    version = models.ForeignKey(
        MaterialVersion, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="uses"
    )

    class Meta:
        verbose_name = _("gebruikt materiaal")
        verbose_name_plural = _("gebruikte materialen")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "material"], name="materials_one_version_per_edition"
            )
        ]


class MaterialDownload(models.Model):
    """Every attempt to download a version: served or refused, with the reason (append only)."""

    version = models.ForeignKey(MaterialVersion, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="material_downloads",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=DownloadOutcome.choices)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    channel = models.CharField(
        _("via"), max_length=10, choices=DownloadChannel.choices, default=DownloadChannel.PAGE
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    def __str__(self) -> str:
        return f"{self.version_id} {self.outcome} {self.at:%Y-%m-%d %H:%M}"
