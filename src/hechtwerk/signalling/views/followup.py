"""Informatiekaart check, referrals and their follow-up, SamenStarten, vulnerability, errors."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.catalogue.models import Intervention, OrganisationOffer
from hechtwerk.catalogue.queries import matches_for
from hechtwerk.core.access import client_object_or_404, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.rendering import render_page
from hechtwerk.instruments.models import InstrumentVersion
from hechtwerk.method.codes import (
    VULNERABILITY_FACTORS,
    FactorColumn,
    SamenStartenDomain,
    SamenStartenRating,
)
from hechtwerk.signalling.forms import (
    EnteredInErrorForm,
    FollowUpForm,
    InformatiekaartForm,
    MomentNotHeldForm,
    ReferralForm,
    SamenStartenForm,
    VulnerabilityForm,
)
from hechtwerk.signalling.models import (
    Child,
    Consult,
    InformatiekaartCheck,
    MomentNotHeld,
    Referral,
    SamenStartenConversation,
    VulnerabilityAssessment,
)
from hechtwerk.signalling.queries import situation_for
from hechtwerk.signalling.rules import (
    Factor,
    SamenStartenSuggestion,
    VulnerabilitySuggestion,
    suggest_samenstarten,
    suggest_vulnerability,
)
from hechtwerk.signalling.services import (
    SAMENSTARTEN_FIELDS,
    SignallingError,
    assess_vulnerability,
    check_informatiekaart,
    ensure_schedule,
    mark_entered_in_error,
    mark_moment_not_held,
    record_referral_follow_up,
    record_samenstarten,
    refer_child,
)
from hechtwerk.signalling.services.common import current_policy, today

from .common import (
    DATA_CATEGORY,
    access_action,
    child_ref,
    clinical,
    is_saving,
    load_child,
    load_referral,
    record_ref,
)


@clinical
def informatiekaart_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    child = load_child(request, child_uuid, access_action(request, AccessAction.CREATE))
    form = InformatiekaartForm(request.POST or None, initial={"checked_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            check = check_informatiekaart(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                **form.cleaned_data,
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            if check.advise_referral:
                messages.warning(
                    request, _("De check adviseert een verwijzing naar intensievere hulp.")
                )
                url = reverse("signalling:referral_create", kwargs={"child_uuid": child.uuid})
                return redirect(f"{url}?check={check.uuid}")
            messages.success(request, _("De check is opgeslagen; geen verwijsadvies."))
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(
        request,
        "signalling/informatiekaart_form.html",
        {"form": form, "child": child, "title": _("Check Informatiekaart ouder-kindrelatie")},
    )


@clinical
def referral_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    child = load_child(request, child_uuid, access_action(request, AccessAction.CREATE))
    check_uuid = request.POST.get("check") or request.GET.get("check") or ""
    check = None
    if check_uuid:
        try:
            check = InformatiekaartCheck.objects.filter(
                child=child, uuid=uuid.UUID(check_uuid)
            ).first()
        except ValueError:
            check = None
    membership = request.membership
    organisation = membership.organisation if membership is not None else None
    # The interventions that fit this child come first in the choice, best first.
    situation = situation_for(child, today())
    matched = (
        [str(r.intervention.uuid) for r in matches_for(situation, organisation, limit=10)]
        if situation is not None
        else []
    )
    offered = OrganisationOffer.objects.filter(organisation=organisation).values_list(
        "intervention_id", flat=True
    )
    form = ReferralForm(
        request.POST or None,
        matched=matched,
        offered=list(offered),
        initial={
            "referred_on": today(),
            "check": str(check.uuid) if check else "",
            # A match card on the consult or child page links here with ?interventie=<uuid>.
            "intervention": request.GET.get("interventie", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["intervention"]
        try:
            refer_child(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                destination=form.cleaned_data["destination"],
                reason=form.cleaned_data["reason"],
                referred_on=form.cleaned_data["referred_on"],
                informatiekaart_check=check,
                intervention=Intervention.objects.filter(uuid=chosen).first() if chosen else None,
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(request, _("De verwijzing is vastgelegd."))
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(
        request,
        "signalling/referral_form.html",
        {"form": form, "child": child, "check": check, "title": _("Verwijzing vastleggen")},
    )


@clinical
def referral_follow_up(request: AuthedRequest, referral_uuid: uuid.UUID) -> HttpResponseBase:
    action = access_action(request, AccessAction.UPDATE)
    referral = load_referral(request, referral_uuid, action)
    form = FollowUpForm(
        request.POST or None,
        initial={
            "started_on": referral.started_on,
            "completed_on": referral.completed_on,
            "status": referral.follow_up_status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_referral_follow_up(
                actor=request.user,  # type: ignore[arg-type]
                referral=referral,
                started_on=form.cleaned_data["started_on"],
                completed_on=form.cleaned_data["completed_on"],
                status=form.cleaned_data["status"] or "",
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(request, _("Het vervolg van de verwijzing is vastgelegd."))
            return redirect("signalling:child_detail", child_uuid=referral.child.uuid)
    return render_page(
        request,
        "signalling/referral_follow_up.html",
        {
            "form": form,
            "referral": referral,
            "child": referral.child,
            "title": _("Vervolg van de verwijzing"),
        },
    )


@clinical
def moment_not_held(
    request: AuthedRequest, child_uuid: uuid.UUID, moment_code: str
) -> HttpResponseBase:
    """Note that a contact moment was not held, with the reason; it leaves the worklist."""
    child = load_child(request, child_uuid, access_action(request, AccessAction.CREATE))
    # The organisation's schedule (seeded on first use, as the worklist does).
    moment = next((m for m in ensure_schedule(child.organisation) if m.code == moment_code), None)
    if moment is None:
        raise Http404
    form = MomentNotHeldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mark_moment_not_held(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                contact_moment=moment,
                reason=form.cleaned_data["reason"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(
                request,
                _("Genoteerd: %(moment)s is niet gehouden. Het staat niet meer op de werklijst.")
                % {"moment": _(moment.label)},
            )
            return redirect("signalling:worklist")
    return render_page(
        request,
        "signalling/moment_not_held.html",
        {
            "form": form,
            "child": child,
            "moment": moment,
            "title": _("Contactmoment niet gehouden"),
        },
    )


def samenstarten_suggestion(data: QueryDict) -> tuple[SamenStartenSuggestion | None, str]:
    """The rules' suggestion for the domains rated so far, or what is still missing."""
    ratings: dict[SamenStartenDomain, SamenStartenRating] = {}
    for domain, field in SAMENSTARTEN_FIELDS.items():
        value = data.get(field, "")
        if value in SamenStartenRating.values:
            ratings[domain] = SamenStartenRating(value)
    try:
        return suggest_samenstarten(ratings), ""
    except ValueError as problem:
        return None, str(problem)


@clinical
@require_POST
def samenstarten_advice(request: AuthedRequest) -> HttpResponse:
    """The suggestion partial of a half-filled SamenStarten form (htmx); reads no client data."""
    suggestion, missing = samenstarten_suggestion(request.POST)
    return render_page(
        request,
        "signalling/samenstarten_form.html#suggestion",
        {"suggestion": suggestion, "missing": missing},
    )


@clinical
def samenstarten_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    child = load_child(
        request, child_uuid, AccessAction.CREATE if is_saving(request) else AccessAction.READ
    )
    form = SamenStartenForm(request.POST or None, initial={"held_on": today()})
    suggestion, missing = samenstarten_suggestion(request.POST) if form.is_bound else (None, "")
    if is_saving(request) and form.is_valid():
        data = form.cleaned_data
        try:
            record_samenstarten(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                held_on=data["held_on"],
                ratings={domain: data[field] for domain, field in SAMENSTARTEN_FIELDS.items()},
                overall=data["overall"],
                follow_up=data["follow_up"],
                plan=data["plan"],
                override_reason=data["override_reason"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(request, _("Het SamenStarten-gesprek is vastgelegd."))
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(
        request,
        "signalling/samenstarten_form.html",
        {
            "form": form,
            "child": child,
            "title": _("SamenStarten-gesprek"),
            "suggestion": suggestion,
            "missing": missing,
        },
    )


def vulnerability_suggestion(form: VulnerabilityForm) -> VulnerabilitySuggestion:
    """The rules' gradation for the factors ticked so far (read from the posted data)."""
    data = form.data
    factors = [
        Factor(
            item.code,
            FactorColumn(item.group),
            urgent=bool(data.get(f"urgent_{item.code}")),
            strong=bool(data.get(f"strong_{item.code}")),
        )
        for item in form.items
        if data.get(f"factor_{item.code}") and item.group in FactorColumn.values
    ]
    return suggest_vulnerability(
        factors, balance_kept=bool(data.get("balance_kept")), policy=current_policy()
    )


def _suggestion_context(form: VulnerabilityForm) -> dict[str, Any]:
    if not form.is_bound:
        return {"suggestion": None, "driving": []}
    suggestion = vulnerability_suggestion(form)
    labels = {item.code: item.text for item in form.items}
    return {
        "suggestion": suggestion,
        "driving": [labels.get(code, code) for code in suggestion.driving_factors],
    }


def _factor_form(data: QueryDict | None) -> tuple[InstrumentVersion | None, VulnerabilityForm]:
    version = InstrumentVersion.objects.current_for(VULNERABILITY_FACTORS)
    items = list(version.items.order_by("order", "id")) if version else []
    return version, VulnerabilityForm(
        data, items=items, initial={"assessed_on": today(), "balance_kept": True}
    )


@clinical
@require_POST
def vulnerability_advice(request: AuthedRequest) -> HttpResponse:
    """The suggested gradation for a half-filled factor list (htmx); reads no client data."""
    _version, form = _factor_form(request.POST)
    return render_page(
        request, "signalling/vulnerability_form.html#suggestion", _suggestion_context(form)
    )


@clinical
def vulnerability_create(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    child = load_child(
        request, child_uuid, AccessAction.CREATE if is_saving(request) else AccessAction.READ
    )
    version, form = _factor_form(request.POST or None)
    if is_saving(request) and form.is_valid():
        data = form.cleaned_data
        try:
            assess_vulnerability(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                assessed_on=data["assessed_on"],
                factors=form.factor_inputs(),
                balance_kept=data["balance_kept"],
                final_grade=data["final_grade"],
                rationale=data["rationale"],
                instrument_version=version,
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(request, _("De inschatting van kwetsbaarheid is vastgelegd."))
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(
        request,
        "signalling/vulnerability_form.html",
        {
            "form": form,
            "child": child,
            "version": version,
            "title": _("Inschatting kwetsbaarheid (Kansrijke Start)"),
            **_suggestion_context(form),
        },
    )


# URL kind → the model of records that can be marked "entered in error".
ERROR_KINDS: dict[str, Any] = {
    "kind": Child,
    "consult": Consult,
    "informatiekaart": InformatiekaartCheck,
    "verwijzing": Referral,
    "samenstarten": SamenStartenConversation,
    "kwetsbaarheid": VulnerabilityAssessment,
    "niet-gehouden": MomentNotHeld,
}


@clinical
def mark_in_error(request: AuthedRequest, kind: str, record_uuid: uuid.UUID) -> HttpResponseBase:
    model = ERROR_KINDS.get(kind)
    if model is None:
        raise Http404
    action = access_action(request, AccessAction.UPDATE)
    is_child = model is Child
    record = client_object_or_404(
        request,
        model.objects.visible_to(request.membership).select_related(
            "organisation" if is_child else "child__organisation"
        ),
        data_category=DATA_CATEGORY,
        client_ref=child_ref if is_child else record_ref,
        action=action,
        detail={kind: str(record_uuid)},
        uuid=record_uuid,
    )
    form = EnteredInErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mark_entered_in_error(
                actor=request.user,  # type: ignore[arg-type]
                record=record,
                reason=form.cleaned_data["reason"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            messages.success(
                request,
                _("Gemarkeerd als onjuist ingevoerd. Het blijft bewaard maar telt niet mee."),
            )
            child = record if is_child else record.child
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    response: HttpResponse = render_page(
        request,
        "signalling/mark_in_error.html",
        {
            "form": form,
            "record": record,
            "child": record if is_child else record.child,
            "kind": kind,
            "title": _("Markeren als onjuist ingevoerd"),
        },
    )
    return response
