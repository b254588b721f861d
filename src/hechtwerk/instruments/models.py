"""Versioned instruments: questionnaires, observation lists and factor lists as data.

An instrument has versions; a version has items with a stable code, a kind, answer options and an
optional group (a Signalenlijst dimension, a SamenStarten domain, a factor column). A published
version never changes; answers always point to the version they answered.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.errors import ConflictError
from hechtwerk.core.models import DomainModel

from .constants import InstrumentKind, ItemKind, VersionStatus


class ImmutableVersionError(ConflictError):
    """Raised when code tries to change a published instrument version or its items.

    A guard below the services (which refuse first); should it ever be reached from a request,
    the user reads why (409) instead of a server error.
    """


def _refuse_unless_draft(version_id: int | None) -> None:
    """Items and options of a published or retired version never change (T6.14)."""
    if version_id is None:
        return
    status = (
        InstrumentVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
    )
    if status is not None and status != VersionStatus.DRAFT:
        raise ImmutableVersionError(
            _("Deze versie is gepubliceerd; items en antwoordopties liggen vast.")
        )


class Instrument(DomainModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=InstrumentKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstrumentVersionQuerySet(models.QuerySet["InstrumentVersion"]):
    def published(self) -> InstrumentVersionQuerySet:
        return self.filter(status=VersionStatus.PUBLISHED)

    def current_for(self, instrument_code: str) -> InstrumentVersion | None:
        """The newest published version of an instrument."""
        return self.newest_published(instrument_code).first()

    def newest_published(self, instrument_code: str) -> InstrumentVersionQuerySet:
        """`current_for` as a queryset of at most one version."""
        return (
            self.published()
            .filter(instrument__code=instrument_code)
            .order_by("-published_at", "-id")[:1]
        )


class InstrumentVersion(DomainModel):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    version = models.CharField(_("versie"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    retired_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    # Placeholder texts (demo data) are marked so that no screen presents them as the real list.
    is_illustrative = models.BooleanField(_("illustratief (plaatshoudende teksten)"), default=False)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    licence_note = models.CharField(_("licentie"), max_length=300, blank=True)
    canonical_url = models.URLField(_("canonieke URL (FHIR)"), max_length=300, blank=True)
    # Scoring (a toets): the total points of the chosen options needed to pass; empty: not scored.
    pass_mark = models.PositiveSmallIntegerField(_("cesuur (punten)"), null=True, blank=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrumentversie")
        verbose_name_plural = _("instrumentversies")
        ordering = ["instrument__name", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="unique_instrument_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name} {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def option_points(self) -> dict[str, dict[str, int]]:
        """Points per option code per item code, for the options that carry points."""
        points: dict[str, dict[str, int]] = {}
        for item_code, option_code, value in AnswerOption.objects.filter(
            item__version=self, points__isnull=False
        ).values_list("item__code", "code", "points"):
            points.setdefault(item_code, {})[option_code] = int(value or 0)
        return points

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and not self._state.adding:
            stored = (
                InstrumentVersion.objects.filter(pk=self.pk)
                .values_list("status", flat=True)
                .first()
            )
            # A published version may only move on to retired; its content stays as it was.
            if stored == VersionStatus.PUBLISHED and self.status == VersionStatus.DRAFT:
                raise ImmutableVersionError("Een gepubliceerde versie kan niet terug naar concept.")
        super().save(*args, **kwargs)


class ItemQuerySet(models.QuerySet["Item"]):
    def update(self, **kwargs: Any) -> int:
        if self.exclude(version__status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError(
                "Deze versie is gepubliceerd; items en antwoordopties liggen vast."
            )
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(version__status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError(
                "Deze versie is gepubliceerd; items en antwoordopties liggen vast."
            )
        return super().delete()

    def unmapped(self) -> ItemQuerySet:
        """Items with neither a BDS element nor the explicit mark that they are not in the BDS."""
        return self.filter(bds_element_id="", not_in_bds=False)


class AnswerOptionQuerySet(models.QuerySet["AnswerOption"]):
    def update(self, **kwargs: Any) -> int:
        if self.exclude(item__version__status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError(
                "Deze versie is gepubliceerd; items en antwoordopties liggen vast."
            )
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(item__version__status=VersionStatus.DRAFT).exists():
            raise ImmutableVersionError(
                "Deze versie is gepubliceerd; items en antwoordopties liggen vast."
            )
        return super().delete()


class Item(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("versie")
    )
    code = models.SlugField(_("code"), max_length=60, help_text=_("Stabiele code (FHIR linkId)."))
    text = models.TextField(_("tekst"))
    help_text = models.TextField(_("toelichting"), blank=True)
    kind = models.CharField(_("soort antwoord"), max_length=20, choices=ItemKind.choices)
    group = models.SlugField(
        _("groep"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld de dimensie, het domein of de kolom waar het item bij hoort."),
    )
    group_label = models.CharField(_("naam van de groep"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    required = models.BooleanField(_("verplicht"), default=False)
    # Mapping to the national JGZ dataset (T6.15): a BDS element id, or explicitly not BDS.
    bds_element_id = models.CharField(_("BDS-element"), max_length=20, blank=True)
    not_in_bds = models.BooleanField(_("geen BDS-element"), default=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_item_code_per_version")
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_unless_draft(self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_unless_draft(self.version_id)
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.bds_element_id and self.not_in_bds:
            raise ValidationError(
                {"not_in_bds": _("Een item met een BDS-element kan niet ook 'geen BDS' zijn.")}
            )
        if not self.is_mapped:
            raise ValidationError(
                {"bds_element_id": _("Geef een BDS-element op of markeer het item als geen BDS.")}
            )

    @property
    def is_mapped(self) -> bool:
        return bool(self.bds_element_id) or self.not_in_bds


class AnswerOption(models.Model):
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="options", verbose_name=_("item")
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("omschrijving"), max_length=200)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    # Scoring: points this option is worth in a scored version (a toets); empty: not scored.
    points = models.SmallIntegerField(_("punten"), null=True, blank=True)

    objects = AnswerOptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoordoptie")
        verbose_name_plural = _("antwoordopties")
        ordering = ["item", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="unique_option_code_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}={self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_unless_draft(self._version_id())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_unless_draft(self._version_id())
        return super().delete(*args, **kwargs)

    def _version_id(self) -> int | None:
        return Item.objects.filter(pk=self.item_id).values_list("version_id", flat=True).first()
