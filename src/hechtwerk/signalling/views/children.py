"""Finding and adding children, the child's page (timeline and chart), and the worklist."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.access import expect_write, write_succeeded
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.core.rendering import render_page
from hechtwerk.signalling.chart import chart_table_headers, chart_table_rows, render_dimension_chart
from hechtwerk.signalling.forms import (
    ChildDatesForm,
    ChildForm,
    ChildSearchForm,
    HistoryImportForm,
)
from hechtwerk.signalling.models import Child
from hechtwerk.signalling.queries import child_history, situation_for, worklist_page
from hechtwerk.signalling.services import (
    SignallingError,
    current_policy,
    ensure_schedule,
    import_child_history,
    register_child,
    update_child_dates,
)
from hechtwerk.signalling.services.common import today
from hechtwerk.signalling.services.history_import import MAX_BUNDLE_BYTES
from hechtwerk.signalling.worklist import PAGE_SIZE

from .common import (
    DATA_CATEGORY,
    access_action,
    clinical,
    load_child,
    log_children_shown,
    match_context,
)

SEARCH_LIMIT = 25
PAGE_PARAM = "pagina"


@clinical
@rate_limited("search")
def child_list(request: AuthedRequest) -> HttpResponse:
    """Search by case code; every child in the result is logged as a query of its data."""
    form = ChildSearchForm(request.GET or None)
    results: list[Child] = []
    searched = False
    if form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        results = list(
            Child.objects.visible_to(request.membership)
            .search(form.cleaned_data["q"])
            .order_by("case_code")[:SEARCH_LIMIT]
        )
        log_children_shown(request, results, AccessAction.QUERY, {"view": "zoeken"})
    return render_page(
        request,
        "signalling/child_list.html",
        {"form": form, "results": results, "searched": searched, "limit": SEARCH_LIMIT},
        partial="results",
    )


@clinical
def child_create(request: AuthedRequest) -> HttpResponseBase:
    membership = request.membership
    assert membership is not None
    form = ChildForm(request.POST or None)
    if request.method == "POST":
        # Logged when the response is known: a refused registration is a failure (T1.16).
        expect_write(request, action=AccessAction.CREATE, data_category=DATA_CATEGORY)
    if request.method == "POST" and form.is_valid():
        try:
            child = register_child(
                actor=request.user,  # type: ignore[arg-type]
                organisation=membership.organisation,
                case_code=form.cleaned_data["case_code"],
                birth_date=form.cleaned_data["birth_date"],
                due_date=form.cleaned_data["due_date"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(
                request,
                client_ref=child.case_code,
                client_organisation_id=membership.organisation.uuid,
            )
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(request, "signalling/child_form.html", {"form": form})


@clinical
def child_import(request: AuthedRequest) -> HttpResponseBase:
    """Upload a history exported from Hechtwerk (FHIR Bundle): a new child with its consults."""
    membership = request.membership
    assert membership is not None
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # A refused import is logged as a failure; a stored one is logged by the service (T1.16).
        expect_write(
            request,
            action=AccessAction.CREATE,
            data_category=DATA_CATEGORY,
            detail={"import": "fhir"},
        )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bundle"]
        try:
            if upload.size > MAX_BUNDLE_BYTES:
                raise SignallingError(_("Het bestand is groter dan 5 MB."), field="bundle")
            child = import_child_history(
                actor=request.user,  # type: ignore[arg-type]
                organisation=membership.organisation,
                bundle_json=upload.read(),
                via=request,
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request, logged_by_service=True)
            messages.success(request, _("De geschiedenis is geïmporteerd."))
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(request, "signalling/child_import.html", {"form": form})


@clinical
def child_detail(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponse:
    child = load_child(request, child_uuid)
    history = child_history(child)
    points = history.chart_points()
    return render_page(
        request,
        "signalling/child_detail.html",
        {
            "child": child,
            "history": history,
            "chart": render_dimension_chart(points) if points else "",
            "table_headers": chart_table_headers(),
            "table_rows": chart_table_rows(points),
            **match_context(situation_for(child, today(), history=history), child),
        },
    )


@clinical
def child_dates(request: AuthedRequest, child_uuid: uuid.UUID) -> HttpResponseBase:
    """Record the birth (after a due date) or correct a date."""
    child = load_child(request, child_uuid, access_action(request, AccessAction.UPDATE))
    form = ChildDatesForm(
        request.POST or None,
        initial={"birth_date": child.birth_date, "due_date": child.due_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_child_dates(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                birth_date=form.cleaned_data["birth_date"],
                due_date=form.cleaned_data["due_date"],
            )
        except SignallingError as error:
            form.add_domain_error(error)
        else:
            write_succeeded(request)
            return redirect("signalling:child_detail", child_uuid=child.uuid)
    return render_page(request, "signalling/child_dates.html", {"form": form, "child": child})


@clinical
def worklist_view(request: AuthedRequest) -> HttpResponse:
    """A page of the worklist (PAGE_SIZE children); only the children on the page are logged."""
    membership = request.membership
    assert membership is not None
    schedule = ensure_schedule(membership.organisation)
    policy = current_policy()
    result = worklist_page(membership, schedule, policy, today(), request.GET.get(PAGE_PARAM) or 1)
    log_children_shown(
        request,
        [e.child for e in result.entries],
        AccessAction.QUERY,
        {"view": "werklijst", "pagina": result.page.number},
    )
    return render_page(
        request,
        "signalling/worklist.html",
        {
            "entries": result.entries,
            "page": result.page,
            "total": result.total,
            "page_param": PAGE_PARAM,
            "page_size": PAGE_SIZE,
            "follow_up_days": policy.referral_follow_up_days,
            "today": today(),
            "title": _("Werklijst"),
        },
        partial="worklist",
    )
