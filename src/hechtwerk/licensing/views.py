"""Pages of licensing: the trainer's "Mijn licentie", the foundation's compliance overview (with
CSV/XLSX and figures) and the public register. Thin: forms validate, services act, a domain error
becomes a message at its field (nothing typed is lost)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.audit import log_action
from hechtwerk.core.charts import line_chart
from hechtwerk.core.exports import FORMATS, Sheet, export_response, table_sheet
from hechtwerk.core.figures import FigureTable, figure_table, quarter_of
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.training.models import Edition

from . import queries, rules, services
from .constants import PeriodKind, Standing
from .forms import CancelForm, ComplianceFilter, ListingForm, ReportForm
from .models import RegisterListing

QUARTERS_SHOWN = 4


def _history(result: rules.StandingResult) -> list[dict[str, Any]]:
    """The periods in order with the gaps between them made explicit (history is kept)."""
    rows: list[dict[str, Any]] = []
    previous: rules.Period | None = None
    for period in result.history:
        if previous is not None and period.start > previous.end + datetime.timedelta(days=1):
            rows.append(
                {
                    "gap": True,
                    "start": previous.end + datetime.timedelta(days=1),
                    "end": period.start - datetime.timedelta(days=1),
                }
            )
        rows.append(
            {
                "gap": False,
                "start": period.start,
                "end": period.end,
                "paid": period.paid,
                "explicit": period.explicit,
            }
        )
        previous = period
    return rows


def _mine_context(request: AuthedRequest, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    organisation = request.membership.organisation
    standing = queries.standing_of(request.user, organisation, on=today)
    licence = standing.licence
    cutoff = (
        rules.cancellation_cutoff(
            licence.period, queries.terms_of(organisation, PeriodKind.LICENCE)
        )
        if licence.period is not None
        else None
    )
    listing = RegisterListing.objects.filter(
        organisation=organisation, trainer=request.user
    ).first()
    reports = [
        {
            "edition": edition,
            "report": report,
            "deadline": rules.evaluation_deadline(edition.last_day),  # type: ignore[attr-defined]
            "ended": edition.last_day <= today,  # type: ignore[attr-defined]
            "form": forms.get(f"report-{edition.pk}") or ReportForm(prefix=f"r{edition.pk}"),
        }
        for edition, report in queries.reports_of(request.user, organisation)
    ]
    can_start = licence.standing in (Standing.NONE, Standing.CANCELLED, Standing.LAPSED) and (
        licence.period is None
        and queries.masterclass_certificate(request.user, organisation, today) is not None
    )
    return {
        "today": today,
        "standing": standing,
        "licence": licence,
        "membership": standing.membership,
        "history": _history(licence),
        "cutoff": cutoff,
        "before_cutoff": cutoff is not None and today <= cutoff,
        "reports": reports,
        "can_start": can_start,
        "listing": listing,
        "cancel_form": forms.get("cancel") or CancelForm(),
        "listing_form": forms.get("listing")
        or ListingForm(
            initial={"listed": listing.listed, "region": listing.region}
            if listing
            else {"listed": False}
        ),
    }


@requires(Capability.SEE_OWN_LICENCE)
@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    return render(request, "licensing/mine.html", _mine_context(request))


@requires(Capability.SEE_OWN_LICENCE)
@require_POST
def start(request: AuthedRequest) -> HttpResponse:
    try:
        period = services.start_licence(
            actor=request.user, organisation=request.membership.organisation, trainer=request.user
        )
    except services.LicensingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Je licentie loopt van %(start)s tot en met %(end)s. De factuur volgt.")
            % {
                "start": date_format(period.start, "j F Y"),
                "end": date_format(period.end, "j F Y"),
            },
        )
    return redirect("licensing:mine")


@requires(Capability.SEE_OWN_LICENCE)
@require_POST
def cancel(request: AuthedRequest) -> HttpResponse:
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            result = services.cancel_renewal(
                actor=request.user,
                organisation=request.membership.organisation,
                reason=form.cleaned_data["reason"],
            )
        except services.LicensingError as error:
            form.add_domain_error(error)
        else:
            end = result.period.end if result.period else None
            messages.success(
                request,
                _("Opgezegd. Je licentie loopt nog tot en met %(end)s.")
                % {"end": date_format(end, "j F Y") if end else "—"},
            )
            return redirect("licensing:mine")
    return render(request, "licensing/mine.html", _mine_context(request, cancel=form), status=400)


@requires(Capability.SEE_OWN_LICENCE)
@require_POST
def submit_report(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.taught_by(request.user), uuid=edition_uuid)
    form = ReportForm(request.POST, prefix=f"r{edition.pk}")
    if form.is_valid():
        try:
            services.submit_evaluation_report(
                actor=request.user, edition=edition, remarks=form.cleaned_data["remarks"]
            )
        except services.LicensingError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Het evaluatieverslag is naar de stichting gestuurd."))
            return redirect("licensing:mine")
    return render(
        request,
        "licensing/mine.html",
        _mine_context(request, **{f"report-{edition.pk}": form}),
        status=400,
    )


@requires(Capability.SEE_OWN_LICENCE)
@require_POST
def listing(request: AuthedRequest) -> HttpResponse:
    form = ListingForm(request.POST)
    if form.is_valid():
        try:
            saved = services.save_register_listing(
                actor=request.user,
                organisation=request.membership.organisation,
                region=form.cleaned_data["region"],
                listed=form.cleaned_data["listed"],
            )
        except services.LicensingError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Je staat in het openbare register.")
                if saved.listed
                else _("Je staat niet in het openbare register."),
            )
            return redirect("licensing:mine")
    return render(request, "licensing/mine.html", _mine_context(request, listing=form), status=400)


# --- the foundation ---------------------------------------------------------------------------


def _quarters(today: datetime.date) -> list[Any]:
    quarters = [quarter_of(today)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, quarter_of(quarters[0].start - datetime.timedelta(days=1)))
    return quarters


def _figures(request: AuthedRequest, today: datetime.date) -> tuple[FigureTable, FigureTable]:
    organisation = request.membership.organisation
    quarters = _quarters(today)
    days = [min(q.end, today) for q in quarters]
    counts = queries.standing_counts(organisation, days)
    labels = [(q.start.isoformat(), q.label()) for q in quarters]
    standings = [s for s in Standing if s != Standing.NONE]
    by_standing = figure_table(
        key="licenties-per-stand",
        caption=_("Licenties per stand, aan het eind van elk kwartaal"),
        heading=_("Kwartaal"),
        labels=labels,
        columns=[
            (
                s.label,
                {
                    q.start.isoformat(): counts[d].get(s.value, 0)
                    for q, d in zip(quarters, days, strict=True)
                },
            )
            for s in standings
        ],
        column_totals=False,
        row_totals=True,
    )
    timeliness = queries.evaluation_timeliness(organisation, on=today)
    evaluations = figure_table(
        key="evaluaties-op-tijd",
        caption=_("Evaluatieverslagen per kwartaal van de laatste bijeenkomst"),
        heading=_("Kwartaal"),
        labels=labels,
        columns=[
            (_("Op tijd"), timeliness.get("on_time", {})),
            (_("Te laat"), timeliness.get("late", {})),
            (_("Ontbreekt"), timeliness.get("missing", {})),
        ],
        column_totals=False,
        row_totals=True,
    )
    return by_standing, evaluations


def _compliance_filter(request: AuthedRequest) -> str:
    form = ComplianceFilter(request.GET)
    return form.cleaned_data["standing"] if form.is_valid() else ""


@requires(Capability.MANAGE_LICENCES)
@require_GET
def compliance(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    standing = _compliance_filter(request)
    rows = queries.compliance_rows(request.membership.organisation, on=today, standing=standing)
    by_standing, evaluations = _figures(request, today)
    return render(
        request,
        "licensing/compliance.html",
        {
            "rows": rows,
            "today": today,
            "filter": ComplianceFilter(request.GET or None),
            "standing": standing,
            "by_standing": by_standing,
            "evaluations": evaluations,
            "charts": [line_chart(by_standing), line_chart(evaluations)],
        },
    )


def _compliance_sheet(rows: list[queries.ComplianceRow]) -> Sheet:
    header = [
        _("Trainer"),
        _("Stand"),
        _("Reden"),
        _("Open verplichtingen"),
        _("Onbetaalde facturen"),
        _("Laatste terugkomdag"),
    ]
    body = [
        [
            row.trainer.get_full_name() or row.trainer.email,
            str(Standing(row.standing.licence.standing).label),
            row.standing.licence.summary,
            "; ".join(item.message for item in row.standing.licence.open_obligations),
            ", ".join(str(invoice) for invoice in row.unpaid),
            row.last_return_day.isoformat() if row.last_return_day else "",
        ]
        for row in rows
    ]
    return Sheet(title=_("Trainers"), rows=[header, *body])


@requires(Capability.MANAGE_LICENCES)
@require_GET
@rate_limited("export")
def compliance_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    standing = _compliance_filter(request)
    rows = queries.compliance_rows(request.membership.organisation, on=today, standing=standing)
    by_standing, evaluations = _figures(request, today)
    log_action(
        "licensing.compliance.exported",
        actor=request.user,
        organisation=request.membership.organisation,
        data={"format": fmt, "standing": standing, "rows": len(rows)},
    )
    return export_response(
        fmt,
        f"licenties-{today.isoformat()}",
        [_compliance_sheet(rows), table_sheet(by_standing), table_sheet(evaluations)],
    )


# --- everyone -----------------------------------------------------------------------------------


@public
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Certified, licensed trainers who agreed to be listed; no e-mail, no address."""
    return render(
        request,
        "licensing/register.html",
        {"entries": queries.register_entries(on=timezone.localdate())},
    )
