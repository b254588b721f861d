"""Pages for the beheerder: instruments and versions, import, export, publish and retire.

Instrument definitions are not client data; downloads are recorded in the change log only.
"""

from __future__ import annotations

import json
import uuid
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.models import User
from hechtwerk.accounts.permissions import requires
from hechtwerk.core.documents import file_response
from hechtwerk.core.rendering import render_page

from .exchange import canonical_reference, export_fhir, export_native
from .exchange.definition import write_definition
from .forms import ImportVersionForm
from .models import Instrument, InstrumentVersion
from .rules import ItemFacts, version_changes
from .services import (
    InstrumentError,
    log_export,
    publication_problems,
    publish_version,
    retire_version,
)


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _version(version_uuid: uuid.UUID) -> InstrumentVersion:
    return get_object_or_404(
        InstrumentVersion.objects.select_related("instrument"), uuid=version_uuid
    )


@requires(Capability.MANAGE_INSTRUMENTS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    versions = InstrumentVersion.objects.annotate(item_count=Count("items")).order_by(
        "-published_at", "-created_at"
    )
    instruments = Instrument.objects.prefetch_related(Prefetch("versions", queryset=versions))
    return render_page(
        request,
        "instruments/index.html",
        {"instruments": instruments, "in_use": _versions_in_use()},
    )


def _versions_in_use() -> set[int]:
    """The one version per instrument that nurses get: the newest published one."""
    in_use: dict[str, int] = {}
    for pk, code in (
        InstrumentVersion.objects.published()
        .order_by("instrument__code", "-published_at", "-id")
        .values_list("pk", "instrument__code")
    ):
        in_use.setdefault(code, pk)
    return set(in_use.values())


@requires(Capability.MANAGE_INSTRUMENTS)
@require_GET
def version_detail(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    version = _version(version_uuid)
    items = list(version.items.prefetch_related("options"))
    # Consecutive items of one group form a section, in the order the instrument shows them.
    groups = [
        {"code": code, "label": (members := list(run))[0].group_label or code, "items": members}
        for code, run in groupby(items, key=lambda item: item.group)
    ]
    return render_page(
        request,
        "instruments/version_detail.html",
        {
            "version": version,
            "groups": groups,
            "item_count": len(items),
            "canonical": canonical_reference(version),
            "problems": publication_problems(version) if version.is_draft else [],
            "in_use": version.pk in _versions_in_use(),
            "current": InstrumentVersion.objects.current_for(version.instrument.code),
        },
    )


@requires(Capability.MANAGE_INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def import_version(request: HttpRequest) -> HttpResponse:
    form = ImportVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.definition is not None:
        try:
            version = write_definition(actor=_actor(request), definition=form.definition)
        except InstrumentError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("Versie %(version)s van %(name)s is als concept ingelezen (%(n)s items).")
                % {
                    "version": version.version,
                    "name": version.instrument.name,
                    "n": version.items.count(),
                },
            )
            return redirect("instruments:version_detail", version_uuid=version.uuid)
    status = 400 if form.is_bound and form.errors else 200
    return render_page(request, "instruments/import.html", {"form": form}, status=status)


def _download(data: dict[str, Any], filename: str, content_type: str) -> HttpResponse:
    # file_response builds the header with Django's helper: a name with a newline, quote or
    # non-ASCII character cannot break it (T5.8).
    return file_response(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        filename=filename,
        content_type=f"{content_type}; charset=utf-8",
    )


def _filename(version: InstrumentVersion, suffix: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in version.version)
    return f"{version.instrument.code}-{safe}{suffix}"


@requires(Capability.MANAGE_INSTRUMENTS)
@require_GET
def export_json(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    version = _version(version_uuid)
    log_export(actor=_actor(request), version=version, fmt="json")
    return _download(export_native(version), _filename(version, ".json"), "application/json")


@requires(Capability.MANAGE_INSTRUMENTS)
@require_GET
def export_fhir_questionnaire(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    version = _version(version_uuid)
    log_export(actor=_actor(request), version=version, fmt="fhir")
    return _download(
        export_fhir(version), _filename(version, ".questionnaire.json"), "application/fhir+json"
    )


def _facts(version: InstrumentVersion | None) -> list[ItemFacts]:
    if version is None:
        return []
    return [
        ItemFacts(
            code=item.code,
            text=item.text,
            options=tuple((o.code, o.label) for o in item.options.all()),
        )
        for item in version.items.prefetch_related("options")
    ]


@requires(Capability.MANAGE_INSTRUMENTS)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    """GET asks for confirmation and shows what changes for nurses; POST with confirm publishes."""
    version = _version(version_uuid)
    if request.method == "GET" or request.POST.get("confirm") != "1":
        current = InstrumentVersion.objects.current_for(version.instrument.code)
        return render_page(
            request,
            "instruments/publish_confirm.html",
            {
                "version": version,
                "current": current,
                "changes": version_changes(_facts(current), _facts(version)),
                "problems": publication_problems(version) if version.is_draft else [],
            },
        )
    try:
        publish_version(actor=_actor(request), version=version)
    except InstrumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Versie %(v)s is gepubliceerd.") % {"v": version.version})
    return redirect("instruments:version_detail", version_uuid=version.uuid)


@requires(Capability.MANAGE_INSTRUMENTS)
@require_POST
def retire(request: HttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    version = _version(version_uuid)
    try:
        retire_version(actor=_actor(request), version=version)
    except InstrumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Versie %(v)s is ingetrokken.") % {"v": version.version})
    return redirect("instruments:version_detail", version_uuid=version.uuid)
