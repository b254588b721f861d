"""The organisation's figures: counts over a period for the team leader (and the JGZ
professionals of the organisation), no child in sight; shown as tables and charts, and exported
as CSV or XLSX through the shared export (core.exports)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.access import log_access
from hechtwerk.core.charts import bar_chart, line_chart
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.exports import FORMATS, Sheet, export_response, table_sheet
from hechtwerk.core.figures import WITHHELD_LABEL, Period, withheld_explanation
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.core.rendering import render_page
from hechtwerk.signalling.figures import (
    DATA_CATEGORY,
    Figures,
    count_figures,
    default_period,
    present,
)
from hechtwerk.signalling.forms import date_field
from hechtwerk.signalling.services import current_policy, ensure_schedule
from hechtwerk.signalling.services.common import today

# The element that holds the page's one sentence on withheld values (templates/core/_figure_*).
WITHHELD_NOTE_ID = "cijfers-niet-getoond"


class PeriodForm(forms.Form):
    """From–to dates (both optional: an empty one is filled from the last twelve months)."""

    start = date_field(_("Van"), required=False)
    end = date_field(_("Tot en met"), required=False)

    @staticmethod
    def dates_of(start: date | None, end: date | None) -> tuple[date, date]:
        """The period asked for; a missing end is today (or the start, if later), a missing
        start a year before the end."""
        if end is None:
            end = max(start, today()) if start is not None else today()
        if start is None:
            start = default_period(end).start
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        start, end = self.dates_of(data.get("start"), data.get("end"))
        if start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
            return data
        data["period"] = Period(start=start, end=end)
        return data


def _period_form(request: AuthedRequest) -> PeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    default = default_period(today())  # the first visit: the last twelve months, in the fields
    return PeriodForm({"start": default.start.isoformat(), "end": default.end.isoformat()})


def _figures(request: AuthedRequest, form: PeriodForm) -> Figures | None:
    membership = request.membership
    assert membership is not None
    if not form.is_valid():
        return None
    period: Period = form.cleaned_data["period"]
    raw = count_figures(
        membership.organisation_id,
        period,
        schedule=ensure_schedule(membership.organisation),
        policy=current_policy(),
    )
    return present(raw, period)


def _page(request: AuthedRequest, form: PeriodForm, figures: Figures | None) -> HttpResponse:
    membership = request.membership
    assert membership is not None
    charts = {}
    if figures is not None:
        charts = {
            "trend_chart": line_chart(figures.trend),
            "dimensions_chart": bar_chart(figures.dimensions),
        }
    return render_page(
        request,
        "signalling/figures.html",
        {
            "form": form,
            "figures": figures,
            "organisation": membership.organisation,
            # The one sentence on withheld values, once on the page (each table points to it).
            "explanation": withheld_explanation(),
            "withheld_note": WITHHELD_NOTE_ID,
            "export_formats": FORMATS,
            **charts,
        },
    )


@requires(Capability.SEE_ORGANISATION_FIGURES)
def figures(request: AuthedRequest) -> HttpResponse:
    """Counts of the organisation in a period; reading them writes one QUERY event (no child)."""
    form = _period_form(request)
    figures = _figures(request, form)
    if figures is not None:
        log_access(
            request,
            action=AccessAction.QUERY,
            data_category=DATA_CATEGORY,
            detail={"period": figures.period.as_detail()},
        )
    return _page(request, form, figures)


@requires(Capability.SEE_ORGANISATION_FIGURES)
@rate_limited("export")
def figures_export(request: AuthedRequest) -> HttpResponse:
    """The same figures as a CSV or XLSX file (`?formaat=csv|xlsx` and the period); writes one
    EXPORT event without a child (T1.3). A period it cannot use shows the page with the message."""
    form = _period_form(request)
    fmt = request.GET.get("formaat", "")
    figures = _figures(request, form)
    if figures is None:  # the period cannot be used: the page says why, nothing is counted
        return _page(request, form, None)
    period = figures.period
    if fmt not in FORMATS:
        messages.error(request, _("Kies CSV of Excel (XLSX) om de cijfers te downloaden."))
        query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
        return redirect(f"{reverse('signalling:figures')}?{query}")
    share = figures.searching_percentage
    summary = table_sheet(figures.summary)
    sheets = [
        Sheet(
            summary.title,
            [
                *summary.rows,
                [
                    str(_("Aandeel daarvan in de consulten met de Signalenlijst")),
                    f"{share}%" if share is not None else str(WITHHELD_LABEL),
                ],
            ],
        ),
        *(table_sheet(table) for table in figures.tables()[1:]),
    ]
    log_access(
        request,
        action=AccessAction.EXPORT,
        data_category=DATA_CATEGORY,
        detail={"period": period.as_detail(), "format": fmt},
    )
    stem = f"cijfers-{period.start.isoformat()}-tot-{period.end.isoformat()}"
    return export_response(fmt, stem, sheets)
