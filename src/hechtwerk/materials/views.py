"""Pages of the material library. Trainers open the library (current version of each material,
download, confirm a new version) and record which version their editions used; the foundation's
beheerder registers materials and publishes versions. Files are served only by `download`,
after the access check; there is no static URL to a material."""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability, can
from hechtwerk.accounts.permissions import requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.documents import file_response
from hechtwerk.core.errors import DomainError
from hechtwerk.training.models import Edition

from . import services
from .constants import DownloadChannel, DownloadOutcome
from .forms import EditionUseForm, MaterialForm, VersionForm
from .models import EditionMaterialUse, Material, MaterialVersion, VersionConfirmation


def _req(request: HttpRequest) -> AuthedRequest:
    return cast(AuthedRequest, request)


def _visible_version(request: AuthedRequest, version_uuid: uuid.UUID) -> MaterialVersion:
    """A version of the own organisation's materials; a trainer sees released versions only."""
    versions = MaterialVersion.objects.select_related("material").filter(
        material__organisation=request.membership.organisation
    )
    if not can(request.membership, Capability.MANAGE_MATERIALS):
        versions = versions.released(timezone.localdate())
    return get_object_or_404(versions, uuid=version_uuid)


@requires(Capability.OPEN_MATERIAL_LIBRARY)
def library(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    today = timezone.localdate()
    access = services.library_access(req.membership, on=today)
    rows = []
    if access.allowed:
        confirmed = set(
            VersionConfirmation.objects.filter(user=req.user).values_list("version_id", flat=True)
        )
        materials = Material.objects.owned_by(req.membership.organisation).prefetch_related(
            "versions"
        )
        for material in materials:
            released = [v for v in material.versions.all() if v.release_date <= today]
            current = max(released, key=lambda v: (v.release_date, v.created_at), default=None)
            rows.append(
                {
                    "material": material,
                    "current": current,
                    "needs_confirmation": current is not None and current.pk not in confirmed,
                    "is_first": len(released) == 1,
                }
            )
    return render(
        request, "materials/library.html", {"access": access, "rows": rows, "today": today}
    )


@requires(Capability.OPEN_MATERIAL_LIBRARY)
def download(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    version = _visible_version(req, version_uuid)
    try:
        data = services.download(
            actor=req.user,
            membership=req.membership,
            version=version,
            channel=DownloadChannel.PAGE,
        )
    except DomainError as exc:
        return render(
            request,
            "materials/refused.html",
            {"reason": exc.message, "version": version},
            status=exc.status,
        )
    return file_response(data, filename=version.download_name(), content_type=version.content_type)


@require_POST
@requires(Capability.OPEN_MATERIAL_LIBRARY)
def confirm(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    version = _visible_version(req, version_uuid)
    try:
        services.confirm_version(actor=req.user, membership=req.membership, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Je hebt bevestigd dat je werkt met %(version)s.") % {"version": str(version)},
        )
    return redirect("materials:library")


@requires(Capability.OPEN_MATERIAL_LIBRARY)
def my_editions(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    organisation = req.membership.organisation
    editions = (
        Edition.objects.filter(trainers=req.user, course__organisation=organisation)
        .select_related("course")
        .order_by("-created_at")[:50]
    )
    materials = list(Material.objects.owned_by(organisation))
    uses = {
        (u.edition_id, u.material_id): u
        for u in EditionMaterialUse.objects.filter(edition__in=editions).select_related("version")
    }
    rows = [
        {
            "edition": edition,
            "materials": [
                {
                    "material": material,
                    "use": uses.get((edition.pk, material.pk)),
                    "form": EditionUseForm(
                        material=material,
                        prefix=f"m{material.pk}e{edition.pk}",
                        initial={
                            "version": getattr(uses.get((edition.pk, material.pk)), "version", None)
                        },
                    ),
                }
                for material in materials
            ],
        }
        for edition in editions
    ]
    return render(request, "materials/my_editions.html", {"rows": rows})


@require_POST
@requires(Capability.OPEN_MATERIAL_LIBRARY)
def edition_use(
    request: HttpRequest, edition_uuid: uuid.UUID, material_uuid: uuid.UUID
) -> HttpResponse:
    req = _req(request)
    organisation = req.membership.organisation
    edition = get_object_or_404(
        Edition.objects.filter(trainers=req.user, course__organisation=organisation),
        uuid=edition_uuid,
    )
    material = get_object_or_404(Material.objects.owned_by(organisation), uuid=material_uuid)
    form = EditionUseForm(request.POST, material=material, prefix=f"m{material.pk}e{edition.pk}")
    if form.is_valid():
        try:
            services.record_edition_use(
                actor=req.user,
                membership=req.membership,
                edition=edition,
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Het gebruikte materiaal is vastgelegd."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("materials:my_editions")


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_MATERIALS)
def manage(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    organisation = req.membership.organisation
    form = MaterialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.create_material(
                actor=req.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Het materiaal is vastgelegd."))
            return redirect("materials:material", material.uuid)
    materials = Material.objects.owned_by(organisation).annotate(
        version_count=Count("versions", distinct=True)
    )
    return render(request, "materials/manage.html", {"materials": materials, "form": form})


def _material_page(
    request: HttpRequest,
    material: Material,
    *,
    form: MaterialForm | None = None,
    version_form: VersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = material.versions.annotate(
        served=Count("downloads", filter=Q(downloads__outcome=DownloadOutcome.SERVED)),
        refused=Count("downloads", filter=Q(downloads__outcome=DownloadOutcome.REFUSED)),
        confirmed=Count("confirmations", distinct=True),
    )
    return render(
        request,
        "materials/material.html",
        {
            "material": material,
            "versions": versions,
            "form": form
            or MaterialForm(
                initial={
                    "name": material.name,
                    "registration_number": material.registration_number,
                    "description": material.description,
                }
            ),
            "version_form": version_form or VersionForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_MATERIALS)
def material_detail(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    material = get_object_or_404(
        Material.objects.owned_by(req.membership.organisation), uuid=material_uuid
    )
    if request.method == "POST":
        form = MaterialForm(request.POST)
        if form.is_valid():
            try:
                services.update_material(actor=req.user, material=material, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Het materiaal is bijgewerkt."))
                return redirect("materials:material", material.uuid)
        material.refresh_from_db()
        return _material_page(request, material, form=form, status=400)
    return _material_page(request, material)


@require_POST
@requires(Capability.MANAGE_MATERIALS)
def publish(request: HttpRequest, material_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    material = get_object_or_404(
        Material.objects.owned_by(req.membership.organisation), uuid=material_uuid
    )
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.publish_version(
                actor=req.user,
                material=material,
                label=form.cleaned_data["label"],
                release_date=form.cleaned_data["release_date"],
                release_notes=form.cleaned_data["release_notes"],
                data=upload.read(settings.MATERIALS_MAX_UPLOAD_BYTES + 1),
                original_name=upload.name or "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Versie %(label)s is gepubliceerd.") % {"label": version.label}
            )
            return redirect("materials:material", material.uuid)
    return _material_page(request, material, version_form=form, status=400)
