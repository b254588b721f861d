"""Recording, correcting and confirming a consult, with the live advice beside the list."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.access import write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.rendering import render_page
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.ages import age_in_days
from hechtwerk.method.codes import SIGNALENLIJST
from hechtwerk.signalling.forms import ConsultForm, ConversationModelForm, DimensionsForm
from hechtwerk.signalling.models import Child, Consult, sees_children
from hechtwerk.signalling.queries import situation_for
from hechtwerk.signalling.rules import (
    RULES_VERSION,
    ScheduledMoment,
    SignalenlijstAdvice,
    suggest_contact_moment,
)
from hechtwerk.signalling.services import (
    ConsultConflictError,
    ConversationInput,
    SignallingError,
    consult_inputs,
    correct_consult,
    current_signalenlijst,
    ensure_schedule,
    record_consult,
    resolve_answers,
    review_consult,
    signalenlijst_items,
)
from hechtwerk.signalling.services.common import today

from .common import clinical, is_saving, load_child, load_consult, match_context
from .consult_display import (
    advice_announcement,
    advice_key,
    item_names,
    revision_rows,
)


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
    existing_consult: str = "",
) -> HttpResponse:
    advice = _advice(version, form) if form.is_bound else None
    return render_page(
        request,
        "signalling/consult_form.html",
        {
            "child": child,
            "form": form,
            "version": version,
            "consult": consult,
            "advice": advice,
            "advice_key": advice_key(advice),
            "existing_consult_url": reverse(
                "signalling:consult_detail", kwargs={"consult_uuid": existing_consult}
            )
            if existing_consult
            else "",
        },
        status=status,
    )


def _initial_moment(child: Child, moments: list[Any]) -> dict[str, Any]:
    """Today's date and the contact moment that fits the child's age today (issue 12)."""
    on = today()
    initial: dict[str, Any] = {"consult_date": on}
    if child.birth_date is None or child.birth_date > on:
        return initial
    recorded = set(
        child.consults.filter(entered_in_error=False).values_list("contact_moment__code", flat=True)
    )
    code = suggest_contact_moment(
        [ScheduledMoment(m.code, m.age_days) for m in moments],
        age_in_days(child.birth_date, on),
        recorded,
    )
    if code:
        initial["contact_moment"] = next(m for m in moments if m.code == code)
    return initial


@clinical
def consult_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    saving = is_saving(request)
    # Saving reads the child, schedule, policy, current Signalenlijst, second-consult check and
    # the new consult's key in one round trip, as the API does (services.consult_inputs).
    membership = request.membership
    inputs = (
        consult_inputs(
            membership.organisation_id,  # type: ignore[union-attr]
            child_uuid,
            request.POST.get("contact_moment", ""),
        )
        if saving and sees_children(membership)
        else None
    )
    child = load_child(
        request,
        child_uuid,
        AccessAction.CREATE if saving else AccessAction.READ,
        fetched=inputs.child if inputs else None,
    )
    version = inputs.version if inputs else current_signalenlijst()
    items = signalenlijst_items(version) if version else ()
    moments = list(inputs.schedule if inputs else ensure_schedule(child.organisation))
    form = ConsultForm(
        request.POST or None,
        moments=moments,
        items=items,
        # A posted form shows what was posted: the suggested moment is for an empty form only.
        initial=_initial_moment(child, moments) if request.method != "POST" else None,
    )
    existing = ""
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
                schedule=moments,
                inputs=inputs,
            )
        except SignallingError as error:
            form.add_domain_error(error)
            existing = str(error.extra.get("existing_consult", ""))
        else:
            write_succeeded(request)
            messages.success(request, _("Het consult is opgeslagen."))
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return _consult_page(
        request, child=child, form=form, version=version, existing_consult=existing
    )


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
    advice = _advice(version, form)
    key = advice_key(advice)
    changed = key != request.POST.get("advies_was", "")
    return render_page(
        request,
        "signalling/consult_form.html#advice",
        {
            "advice": advice,
            "version": version,
            "advice_key": key,
            # One short sentence for the live region, only when the advice changed.
            "announcement": advice_announcement(advice) if changed else "",
            "live": True,
        },
    )


def _stored_advice(consult: Consult, answers: list[Any]) -> SignalenlijstAdvice | None:
    """The advice of a saved consult, worded at display time from its stored answers, so it names
    items by their text in the reader's language. Only with the rules it was derived with."""
    if consult.instrument_version is None or consult.rules_version != RULES_VERSION:
        return None
    stored = {a.item.code: a.option.code for a in answers}
    return resolve_answers(consult.instrument_version, stored, strict=False).advice()


def _consult_context(consult: Consult, **forms: Any) -> dict[str, Any]:
    situation = situation_for(consult.child, today(), consult=consult)
    answers = list(
        consult.answers.select_related("item", "option").order_by("item__order", "item__id")
    )
    rows = list(consult.dimensions.order_by("id"))
    advice = _stored_advice(consult, answers)
    explanations = {}
    if advice is not None:
        explanations = {s.dimension.value: s.explanation for s in advice.dimensions}
    dimensions_form = forms.get("dimensions_form") or DimensionsForm(
        rows=rows, initial={"version": consult.version}
    )
    # Worded now, in the reader's language; the stored text if the rules have changed since.
    dimensions_form.explanations = explanations
    names = item_names(consult.instrument_version) if consult.instrument_version else {}
    return {
        "consult": consult,
        "child": consult.child,
        "answers": answers,
        "dimensions": rows,
        "advice_lines": advice.explanation
        if advice is not None
        else consult.advice_explanation.splitlines(),
        "dimensions_form": dimensions_form,
        "conversation_form": forms.get("conversation_form")
        or ConversationModelForm(
            initial={
                "version": consult.version,
                "status": consult.conversation_status,
                "held_on": consult.conversation_held_on,
                "in_same_consult": consult.conversation_in_same_consult,
            }
        ),
        "revisions": revision_rows(consult.revisions.select_related("changed_by"), names),
        # Until confirmed, matching follows the suggestions; the page says so.
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
    existing = ""
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
            existing = str(error.extra.get("existing_consult", ""))
        else:
            write_succeeded(request)
            messages.success(
                request, _("De correctie is opgeslagen; de eerdere versie blijft bewaard.")
            )
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return _consult_page(
        request,
        child=consult.child,
        form=form,
        version=version,
        consult=consult,
        existing_consult=existing,
    )


@clinical
@require_POST
def consult_dimensions(request: AuthedRequest, consult_uuid: uuid.UUID) -> HttpResponseBase:
    """The one form below the advice: the dimensions and the ééngespreksmodel, saved together, so
    nothing typed in one part is lost by the other (issue 12)."""
    consult = load_consult(request, consult_uuid, AccessAction.UPDATE)
    rows = list(consult.dimensions.order_by("id"))
    dimensions_form = DimensionsForm(request.POST, rows=rows)
    conversation_form = ConversationModelForm(request.POST)
    status = 200
    if dimensions_form.is_valid() and conversation_form.is_valid():
        data = conversation_form.cleaned_data
        try:
            review_consult(
                actor=request.user,  # type: ignore[arg-type]
                consult=consult,
                expected_version=dimensions_form.cleaned_data["version"],
                decisions=dimensions_form.decisions() if rows else None,
                conversation=ConversationInput(
                    status=data["status"] or consult.conversation_status,
                    held_on=data["held_on"],
                    in_same_consult=data["in_same_consult"],
                ),
            )
        except SignallingError as error:
            if error.field in conversation_form.fields:
                conversation_form.add_domain_error(error)
            else:
                dimensions_form.add_domain_error(error)
            status = 409 if isinstance(error, ConsultConflictError) else 200
        else:
            write_succeeded(request)
            messages.success(request, _("De dimensies en het ééngespreksmodel zijn vastgelegd."))
            return redirect("signalling:consult_detail", consult_uuid=consult.uuid)
    return render_page(
        request,
        "signalling/consult_detail.html",
        _consult_context(
            consult, dimensions_form=dimensions_form, conversation_form=conversation_form
        ),
        status=status,
    )


# The earlier separate URL of the ééngespreksmodel posts the same one form.
consult_conversation = consult_dimensions
