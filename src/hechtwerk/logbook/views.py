"""The access-log viewer for the log manager (logbeheerder), T1.8–T1.10.

Only the log manager, only in a session verified with two factors, and only within their own
organisation. Opening any of these pages writes an access-log line itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.models import Membership
from hechtwerk.accounts.permissions import require_second_factor, requires
from hechtwerk.core.access import log_access
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.core.rendering import render_page

from .forms import ClientFilterForm, EventFilterForm, PeriodForm, ReviewForm
from .queries import (
    LOG_DATA_CATEGORY,
    as_lines,
    employee_of,
    filter_events,
    in_period,
    review_report,
    scoped_events,
)

PAGE_SIZE = 50


def _membership(request: HttpRequest) -> Membership:
    membership = getattr(request, "membership", None)
    assert isinstance(membership, Membership)  # guaranteed by requires(...)
    return membership


def _minimised(data: dict[str, Any]) -> dict[str, str]:
    """The filters as ids and codes only, for the viewer's own log line (ASVS 16.2.5)."""
    out: dict[str, str] = {}
    for key, value in data.items():
        if value in (None, "", False):
            continue
        out[key] = str(getattr(value, "uuid", value))
    return out


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("pagina", "1")


@requires(Capability.READ_ACCESS_LOG)
@require_second_factor
@require_GET
@rate_limited("search")
def event_list(request: HttpRequest) -> HttpResponse:
    """All lines within the organisation's scope, filtered and paginated, newest first."""
    membership = _membership(request)
    form = EventFilterForm(request.GET or None, organisation=membership.organisation)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = scoped_events(membership)
    if form.is_bound and not form.is_valid():
        events = events.none()
    page = Paginator(filter_events(events, filters).order_by("-seq"), PAGE_SIZE).get_page(
        _page_number(request)
    )
    lines = as_lines(page.object_list)
    log_access(
        request,
        action=AccessAction.QUERY,
        data_category=LOG_DATA_CATEGORY,
        client_organisation_id=membership.organisation.uuid,
        detail={
            "view": "list",
            "filters": _minimised(filters),
            "page": page.number,
            "client_refs": sorted({line.event.client_ref for line in lines} - {""}),
        },
    )
    return render_page(
        request,
        "logbook/list.html",
        {"form": form, "page": page, "lines": lines, "query": _query_without_page(request)},
        partial="results",
    )


@requires(Capability.READ_ACCESS_LOG)
@require_second_factor
@require_GET
@rate_limited("search")
def client_overview(request: HttpRequest) -> HttpResponse:
    """One client's lines, oldest first, as the client may receive them (T1.9)."""
    membership = _membership(request)
    form = ClientFilterForm(request.GET or None)
    lines = []
    client_ref = ""
    show_employees = False
    if form.is_bound and form.is_valid():
        client_ref = form.cleaned_data["client_ref"]
        show_employees = form.cleaned_data["show_employees"]
        # Only clients of the manager's own organisation: its client_ref space is its own.
        events = scoped_events(membership).for_client(membership.organisation.uuid, client_ref)
        events = in_period(events, form.cleaned_data["start"], form.cleaned_data["end"])
        lines = as_lines(events.exclude(data_category=LOG_DATA_CATEGORY).chronological())
        log_access(
            request,
            action=AccessAction.READ,
            data_category=LOG_DATA_CATEGORY,
            client_ref=client_ref,
            client_organisation_id=membership.organisation.uuid,
            detail={
                "view": "client",
                "filters": _minimised(
                    {k: v for k, v in form.cleaned_data.items() if k != "client_ref"}
                ),
                "lines": len(lines),
            },
        )
    return render_page(
        request,
        "logbook/client.html",
        {
            "form": form,
            "lines": lines,
            "client_ref": client_ref,
            "show_employees": show_employees,
        },
    )


@requires(Capability.READ_ACCESS_LOG)
@require_second_factor
@require_GET
@rate_limited("search")
def employee_events(request: HttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    """One employee's lines within the organisation's scope, newest first (NEN 7513 ch. 9)."""
    membership = _membership(request)
    employee = employee_of(membership, user_uuid)
    if employee is None:
        raise Http404
    form = PeriodForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = in_period(
        scoped_events(membership).filter(user_id=employee.pk),
        filters.get("start"),
        filters.get("end"),
    )
    page = Paginator(events.order_by("-seq"), PAGE_SIZE).get_page(_page_number(request))
    lines = as_lines(page.object_list)
    log_access(
        request,
        action=AccessAction.QUERY,
        data_category=LOG_DATA_CATEGORY,
        client_organisation_id=membership.organisation.uuid,
        detail={"view": "employee", "employee": str(employee.uuid), "page": page.number},
    )
    return render_page(
        request,
        "logbook/employee.html",
        {
            "form": form,
            "employee": employee,
            "page": page,
            "lines": lines,
            "query": _query_without_page(request),
        },
        partial="results",
    )


@requires(Capability.READ_ACCESS_LOG)
@require_second_factor
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """The proactive review: findings of one period, by default the last month (T1.10)."""
    membership = _membership(request)
    form = ReviewForm(request.GET or None)
    start, end = form.period()
    report = review_report(membership, start, end)
    log_access(
        request,
        action=AccessAction.QUERY,
        data_category=LOG_DATA_CATEGORY,
        client_organisation_id=membership.organisation.uuid,
        detail={
            "view": "review",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "findings": report.finding_count,
        },
    )
    return render_page(request, "logbook/review.html", {"form": form, "report": report})


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()
