"""The organisation's figures: counts over a period for the team leader (and the JGZ
professionals of the organisation), no child in sight."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from hechtwerk.accounts.constants import CLIENT_DATA_ROLES, Role
from hechtwerk.catalogue.constants import SUPPRESSION_THRESHOLD
from hechtwerk.core.access import log_access
from hechtwerk.core.constants import AccessAction
from hechtwerk.core.permissions import require_role
from hechtwerk.core.rendering import render_page
from hechtwerk.core.types import HechtwerkRequest
from hechtwerk.signalling.figures import (
    DATA_CATEGORY,
    Period,
    count_figures,
    default_period,
    present,
)
from hechtwerk.signalling.forms import date_field
from hechtwerk.signalling.services import current_policy, ensure_schedule
from hechtwerk.signalling.services.common import today

# The team leader sees the figures; the organisation's nurses and doctors may too.
FIGURES_ROLES = (Role.TEAM_LEADER, *sorted(CLIENT_DATA_ROLES))


class PeriodForm(forms.Form):
    """From–to dates (both optional: an empty one is filled from the last twelve months)."""

    start = date_field(_("Van"), required=False)
    end = date_field(_("Tot en met"), required=False)

    @staticmethod
    def period_of(start: date | None, end: date | None) -> Period:
        """The period asked for; a missing end is today (or the start, if later), a missing
        start a year before the end."""
        if end is None:
            end = max(start, today()) if start is not None else today()
        if start is None:
            start = default_period(end).start
        return Period(start=start, end=end)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        period = self.period_of(data.get("start"), data.get("end"))
        if period.start > period.end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        data["period"] = period
        return data


@require_role(*FIGURES_ROLES)
def figures(request: HechtwerkRequest) -> HttpResponse:
    """Counts of the organisation in a period; reading them writes one QUERY event (no child)."""
    membership = request.membership
    assert membership is not None
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
    else:  # the first visit: the last twelve months, shown in the fields
        default = default_period(today())
        form = PeriodForm({"start": default.start.isoformat(), "end": default.end.isoformat()})
    figures = None
    if form.is_valid():
        period: Period = form.cleaned_data["period"]
        raw = count_figures(
            membership.organisation_id,
            period,
            schedule=ensure_schedule(membership.organisation),
            policy=current_policy(),
        )
        figures = present(raw, period)
        log_access(
            request,
            action=AccessAction.QUERY,
            data_category=DATA_CATEGORY,
            detail={"period": period.as_detail()},
        )
    return render_page(
        request,
        "signalling/figures.html",
        {
            "form": form,
            "figures": figures,
            "organisation": membership.organisation,
            "threshold": SUPPRESSION_THRESHOLD,
        },
    )
