"""Every write of the material library: materials, publishing a version (file checked by content,
stored outside the web root, trainers told once), confirmations, which version an edition used,
and downloads (served or refused, each recorded and logged). Raises `MaterialsError`."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hechtwerk.accounts.capabilities import Capability, can
from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Membership
from hechtwerk.core.audit import log_action
from hechtwerk.core.errors import DomainError, domain_error_from
from hechtwerk.core.mail import absolute_url, send_mail_once

from . import hooks, rules
from .constants import DownloadChannel, DownloadOutcome
from .models import (
    EditionMaterialUse,
    Material,
    MaterialDownload,
    MaterialVersion,
    VersionConfirmation,
)

if TYPE_CHECKING:
    from hechtwerk.accounts.models import Organisation, User
    from hechtwerk.training.models import Edition


class MaterialsError(DomainError):
    """A library action that cannot be done; the message says why in the user's language."""


class DownloadRefusedError(MaterialsError):
    """The access check said no (HTTP 403); the refusal is recorded and logged."""

    status = 403


def _clean(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise domain_error_from(exc, MaterialsError) from exc


def materials_root() -> Path:
    return Path(settings.MATERIALS_ROOT)


# --- access ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryAccess:
    allowed: bool
    reason: str = ""


def library_access(membership: Membership, *, on: datetime.date | None = None) -> LibraryAccess:
    """May this membership open the library of its organisation on `on` (default today)?"""
    day = on or timezone.localdate()
    if can(membership, Capability.MANAGE_MATERIALS):
        return LibraryAccess(True)
    if not can(membership, Capability.OPEN_MATERIAL_LIBRARY):
        return LibraryAccess(False, _("Je hebt geen toegang tot de materiaalbibliotheek."))
    allowed, reason = hooks.run_checks(membership.user, membership.organisation, on=day)
    return LibraryAccess(allowed, reason)


# --- materials ---------------------------------------------------------------------------------


@transaction.atomic
def create_material(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    registration_number: str,
    description: str = "",
) -> Material:
    """Register a material of the foundation under its registration number."""
    material = Material(
        organisation=organisation,
        name=name.strip(),
        registration_number=registration_number.strip(),
        description=description.strip(),
        created_by=actor,
        updated_by=actor,
    )
    _clean(material)
    material.save()
    log_action(
        "materials.material.created",
        actor=actor,
        target=material,
        organisation=organisation,
        data={"registration_number": material.registration_number},
    )
    return material


@transaction.atomic
def update_material(
    *, actor: User | None, material: Material, name: str, registration_number: str, description: str
) -> Material:
    """Change a material's name, registration number or description (versions stay as they are)."""
    material.name = name.strip()
    material.registration_number = registration_number.strip()
    material.description = description.strip()
    material.updated_by = actor
    _clean(material)
    material.save()
    log_action(
        "materials.material.changed",
        actor=actor,
        target=material,
        organisation=material.organisation,
    )
    return material


# --- versions ----------------------------------------------------------------------------------

_PROBLEMS = {
    "empty": lambda limit: _("Het bestand is leeg."),
    "too_large": lambda limit: (
        _("Het bestand is groter dan %(limit)s; kies een kleiner bestand.")
        % {"limit": filesizeformat(limit)}
    ),
    "unknown_type": lambda limit: _(
        "Dit soort bestand kan niet in de bibliotheek. Kies een PDF, PNG, JPEG, Word-, "
        "PowerPoint- of Excel-bestand (.docx, .pptx, .xlsx); de inhoud telt, niet de naam."
    ),
}


def _trainers_to_tell(material: Material, *, on: datetime.date) -> list[Membership]:
    trainers = Membership.objects.active().filter(
        organisation=material.organisation, role=Role.TRAINER
    )
    return [
        m
        for m in trainers.select_related("user", "organisation")
        if hooks.run_checks(m.user, m.organisation, on=on)[0]
    ]


def publish_version(
    *,
    actor: User | None,
    material: Material,
    label: str,
    release_date: datetime.date,
    data: bytes,
    original_name: str,
    release_notes: str = "",
) -> MaterialVersion:
    """Store a checked file as a new version and tell the licensed trainers once to confirm it."""
    limit = settings.MATERIALS_MAX_UPLOAD_BYTES
    check = rules.check_upload(data, max_bytes=limit)
    if check.content_type is None:
        raise MaterialsError(_PROBLEMS[check.problem](limit), field="file")
    root = materials_root()
    root.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.{rules.EXTENSIONS[check.content_type]}"
    path = root / stored_name
    path.write_bytes(data)
    try:
        with transaction.atomic():
            version = MaterialVersion(
                material=material,
                label=label.strip(),
                release_date=release_date,
                release_notes=release_notes.strip(),
                stored_name=stored_name,
                original_name=Path(original_name or "bestand").name[:200],
                content_type=check.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                created_by=actor,
                updated_by=actor,
            )
            _clean(version)
            version.save()
            log_action(
                "materials.version.published",
                actor=actor,
                target=version,
                organisation=material.organisation,
                data={
                    "material": str(material.uuid),
                    "label": version.label,
                    "sha256": version.sha256,
                    "size": version.size,
                    "content_type": version.content_type,
                },
            )
            _tell_trainers(version, actor=actor)
    except BaseException:
        # Nothing refers to the file if the version was not saved.
        path.unlink(missing_ok=True)
        raise
    return version


def _tell_trainers(version: MaterialVersion, *, actor: User | None) -> None:
    material = version.material
    url = absolute_url(reverse("materials:library"))
    for membership in _trainers_to_tell(material, on=timezone.localdate()):
        send_mail_once(
            key=("materials.new_version", str(version.uuid), str(membership.user.uuid)),
            to=membership.user.email,
            template="materials/new_version",
            context={
                "material": material.name,
                "label": version.label,
                "release_date": date_format(version.release_date, "d-m-Y"),
                "release_notes": version.release_notes,
                "library_url": url,
            },
            language="nl",
            actor=actor,
            organisation=material.organisation,
        )


def read_version_file(version: MaterialVersion) -> bytes:
    """The stored bytes, checked against the SHA-256 recorded at publishing."""
    path = materials_root() / version.stored_name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MaterialsError(
            _("Het bestand van deze versie is niet gevonden. Meld dit aan de beheerder."),
            status=404,
        ) from exc
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise MaterialsError(
            _("Het bestand van deze versie is beschadigd. Meld dit aan de beheerder."), status=409
        )
    return data


# --- trainers ----------------------------------------------------------------------------------


@transaction.atomic
def confirm_version(*, actor: User, membership: Membership, version: MaterialVersion) -> bool:
    """The trainer confirms using `version`; False when they had already confirmed it."""
    if version.material.organisation_id != membership.organisation_id:
        raise MaterialsError(_("Deze versie hoort niet bij je organisatie."), status=404)
    if not library_access(membership).allowed:
        raise MaterialsError(_("Je hebt op dit moment geen toegang tot de materialen."), status=403)
    if VersionConfirmation.objects.filter(version=version, user=actor).exists():
        return False
    try:
        with transaction.atomic():
            confirmation = VersionConfirmation.objects.create(
                version=version, user=actor, created_by=actor, updated_by=actor
            )
    except IntegrityError:
        return False  # a second click at the same moment
    log_action(
        "materials.version.confirmed",
        actor=actor,
        target=confirmation,
        organisation=membership.organisation,
        data={"version": str(version.uuid)},
    )
    return True


@transaction.atomic
def record_edition_use(
    *, actor: User, membership: Membership, edition: Edition, version: MaterialVersion
) -> EditionMaterialUse:
    """Record (or change) which version of a material the trainer's edition used."""
    if not edition.trainers.filter(pk=actor.pk).exists() and not can(
        membership, Capability.MANAGE_MATERIALS
    ):
        raise MaterialsError(_("Je geeft deze uitvoering niet."), status=404)
    if version.material.organisation_id != membership.organisation_id:
        raise MaterialsError(_("Deze versie hoort niet bij je organisatie."), field="version")
    use = EditionMaterialUse.objects.filter(edition=edition, material=version.material).first()
    if use is None:
        use = EditionMaterialUse(
            edition=edition, material=version.material, version=version, created_by=actor
        )
    use.version = version
    use.updated_by = actor
    _clean(use)
    use.save()
    log_action(
        "materials.edition_use.recorded",
        actor=actor,
        target=use,
        organisation=membership.organisation,
        data={"edition": str(edition.uuid), "version": str(version.uuid)},
    )
    return use


def download(
    *,
    actor: User,
    membership: Membership,
    version: MaterialVersion,
    channel: str = DownloadChannel.PAGE,
    on: datetime.date | None = None,
) -> bytes:
    """The version's bytes after the access check; every attempt is recorded and logged.

    A refusal raises `DownloadRefusedError` after its record is committed, so that the refusal
    stays in the log whatever the caller does next.
    """
    access = library_access(membership, on=on)
    outcome = DownloadOutcome.SERVED if access.allowed else DownloadOutcome.REFUSED
    with transaction.atomic():
        MaterialDownload.objects.create(
            version=version,
            user=actor,
            organisation=membership.organisation,
            outcome=outcome,
            reason=access.reason[:300],
            channel=channel,
        )
        log_action(
            f"materials.download.{outcome}",
            actor=actor,
            target=version,
            organisation=membership.organisation,
            data={"channel": str(channel), "reason": access.reason[:300]},
        )
    if not access.allowed:
        raise DownloadRefusedError(access.reason)
    return read_version_file(version)
