"""Recording, correcting and confirming a consult, with the live advice beside the list."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.access import write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.rendering import render_page
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.codes import SIGNALENLIJST
from hechtwerk.signalling.forms import ConsultForm, ConversationModelForm, DimensionsForm
from hechtwerk.signalling.models import Child, Consult
from hechtwerk.signalling.queries import situation_for
from hechtwerk.signalling.rules import SignalenlijstAdvice
from hechtwerk.signalling.services import (
    ConsultConflictError,
    SignallingError,
    confirm_dimensions,
    correct_consult,
    current_signalenlijst,
    ensure_schedule,
    record_consult,
    record_conversation_model,
    resolve_answers,
    signalenlijst_items,
)
from hechtwerk.signalling.services.common import today

from .common import clinical, is_saving, load_child, load_consult, match_context


def _advice(version: InstrumentVersion | None, form: ConsultForm) -> SignalenlijstAdvice | None:
    """Advice on the answers as they stand; unknown codes are skipped, never an error page."""
    if version is None:
        return None
    return resolve_answers(version, form.raw_answers(), strict=False).advice()


def _consult_page(
    request: AuthedRequest,
    *,
    child: Child,
    form: ConsultForm,
    version: InstrumentVersion | None,
    consult: Consult | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_page(
        request,
        "signalling/consult_form.html",
        {
            "child": child,
            "form": form,
            "version": version,
            "consult": consult,
            "advice": _advice(version, form) if form.is_bound else None,
        },
        status=status,
    )


@clinical
def consult_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    saving = is_saving(request)
    child = load_child(request, child_uuid, AccessAction.CREATE if saving else AccessAction.READ)
    version = current_signalenlijst()
    items = signalenlijst_items(version) if version else ()
    moments = ensure_schedule(child.organisation)
    form = ConsultForm(request.POST or None, moments=moments, items=items)
    if saving and form.is_valid():
        try:
            consult = record_consult(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                contact_moment=form.cleaned_data["contact_moment"],
                consult_date=form.cleaned_data["consult_date"],
                answers=form.answers(),
                instrument_version=version,
                notes=form.cleaned_data["notes"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(request, _("Het consult is opgeslagen."))
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return _consult_page(request, child=child, form=form, version=version)


@clinical
@require_POST
def consult_advice(request: AuthedRequest) -> HttpResponse:
    """The advice partial for a half-filled form (htmx); reads no stored client data."""
    version = None
    version_id = request.POST.get("instrument_version", "")
    try:
        version = (
            InstrumentVersion.objects.published()
            .filter(instrument__code=SIGNALENLIJST, uuid=uuid.UUID(version_id))
            .first()
        )
    except ValueError:
        version = None
    items = signalenlijst_items(version) if version else ()
    form = ConsultForm(request.POST, moments=[], items=items)
    return render_page(
        request,
        "signalling/consult_form.html#advice",
        {"advice": _advice(version, form), "version": version},
    )


def _consult_context(consult: Consult, **forms: Any) -> dict[str, Any]:
    situation = situation_for(consult.child, today(), consult=consult)
    answers = list(
        consult.answers.select_related("item", "option").order_by("item__order", "item__id")
    )
    rows = list(consult.dimensions.order_by("id"))
    return {
        "consult": consult,
        "child": consult.child,
        "answers": answers,
        "dimensions": rows,
        "dimensions_form": forms.get("dimensions_form")
        or DimensionsForm(rows=rows, initial={"version": consult.version}),
        "conversation_form": forms.get("conversation_form")
        or ConversationModelForm(
            initial={
                "version": consult.version,
                "status": consult.conversation_status,
                "held_on": consult.conversation_held_on,
                "in_same_consult": consult.conversation_in_same_consult,
            }
        ),
        "revisions": list(consult.revisions.select_related("changed_by")),
        # Matching counts confirmed statuses only; say so while a suggestion awaits confirmation.
        "matches_wait_for_confirmation": any(not row.confirmed_status for row in rows),
        **match_context(situation),
    }


@clinical
def consult_detail(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponse:
    consult = load_consult(request, consult_uuid)
    return render_page(request, "signalling/consult_detail.html", _consult_context(consult))


@clinical
def consult_edit(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponseBase:
    saving = is_saving(request)
    consult = load_consult(
        request, consult_uuid, AccessAction.UPDATE if saving else AccessAction.READ
    )
    version = consult.instrument_version or current_signalenlijst()
    items = signalenlijst_items(version) if version else ()
    moments = ensure_schedule(consult.child.organisation)
    initial: dict[str, Any] = {
        "contact_moment": consult.contact_moment,
        "consult_date": consult.consult_date,
        "notes": consult.notes,
        "version": consult.version,
    }
    for answer in consult.answers.select_related("item", "option"):
        initial[f"item_{answer.item.code}"] = answer.option.code
    form = ConsultForm(request.POST or None, moments=moments, items=items, initial=initial)
    if saving and form.is_valid():
        try:
            correct_consult(
                actor=request.user,  # type: ignore[arg-type]
                consult=consult,
                expected_version=form.cleaned_data["version"] or 0,
                contact_moment=form.cleaned_data["contact_moment"],
                consult_date=form.cleaned_data["consult_date"],
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
            )
        except ConsultConflictError as error:
            form.add_domain_error(error)
            return _consult_page(
                request,
                child=consult.child,
                form=form,
                version=version,
                consult=consult,
                status=409,
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(
                request, _("De correctie is opgeslagen; de eerdere versie blijft bewaard.")
            )
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return _consult_page(request, child=consult.child, form=form, version=version, consult=consult)


@clinical
@require_POST
def consult_dimensions(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponseBase:
    consult = load_consult(request, consult_uuid, AccessAction.UPDATE)
    form = DimensionsForm(request.POST, rows=consult.dimensions.order_by("id"))
    status = 200
    if form.is_valid():
        try:
            confirm_dimensions(
                actor=request.user,  # type: ignore[arg-type]
                consult=consult,
                expected_version=form.cleaned_data["version"],
                decisions=form.decisions(),
            )
        except SignallingError as error:
            form.add_domain_error(error)
            status = 409 if isinstance(error, ConsultConflictError) else 200
        else:
            write_succeeded(request)
            messages.success(request, _("De dimensies zijn vastgesteld."))
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return render_page(
        request,
        "signalling/consult_detail.html",
        _consult_context(consult, dimensions_form=form),
        status=status,
    )


@clinical
@require_POST
def consult_conversation(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponseBase:
    consult = load_consult(request, consult_uuid, AccessAction.UPDATE)
    form = ConversationModelForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            record_conversation_model(
                actor=request.user,  # type: ignore[arg-type]
                consult=consult,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                held_on=form.cleaned_data["held_on"],
                in_same_consult=form.cleaned_data["in_same_consult"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
            status = 409 if isinstance(error, ConsultConflictError) else 200
        else:
            write_succeeded(request)
            messages.success(request, _("Het ééngespreksmodel is vastgelegd."))
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return render_page(
        request,
        "signalling/consult_detail.html",
        _consult_context(consult, conversation_form=form),
        status=status,
    )
