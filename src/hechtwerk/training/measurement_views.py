"""The measurement pages: a participant fills in the nulmeting, the toets or the evaluation (with an
account, or as a parent through the personal place link); the trainer reads an edition's summary
(counts under the threshold withheld); the provider's beheerder reads Het Begint Bij Mij's
influence figures per edition, trainer or year, as chart, table and CSV/XLSX export."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.audit import log_action
from hechtwerk.core.charts import bar_chart
from hechtwerk.core.exports import FORMATS, export_response, table_sheet
from hechtwerk.core.figures import WITHHELD_LABEL, withheld_explanation
from hechtwerk.core.links import LinkError, client_address
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.instruments.constants import ItemKind
from hechtwerk.instruments.models import InstrumentVersion

from .constants import Moment
from .measurements import GROUPINGS, edition_evaluation_summary, influence_figures, version_for
from .models import Course, Edition, Enrolment
from .services import TrainingError
from .services.measurements import is_open, submit_measurement
from .services.parents import enrolment_for_place


def task_link_text(moment: str) -> str:
    return {
        Moment.NULMETING.value: _("Vul de nulmeting in"),
        Moment.TOETS.value: _("Maak de toets"),
        Moment.EVALUATION.value: _("Vul de evaluatie in"),
    }[moment]


def questionnaire(version: InstrumentVersion, posted: Mapping[str, str]) -> list[dict[str, Any]]:
    """The version's items as the form shows them, with what was posted kept."""
    items = []
    for item in version.items.prefetch_related("options"):
        items.append(
            {
                "code": item.code,
                "name": f"item-{item.code}",
                "text": item.text,
                "help": item.help_text,
                "kind": item.kind,
                "required": item.required or item.kind == ItemKind.CHOICE,
                "options": [(o.code, o.label) for o in item.options.all()]
                if item.kind == ItemKind.CHOICE
                else [("ja", _("Ja")), ("nee", _("Nee"))]
                if item.kind == ItemKind.BOOLEAN
                else [],
                "value": posted.get(f"item-{item.code}", ""),
            }
        )
    return items


def _answers(data: Mapping[str, str]) -> dict[str, str]:
    return {key[5:]: str(value) for key, value in data.items() if key.startswith("item-")}


def _fill_in(
    request: HttpRequest,
    *,
    enrolment: Enrolment,
    moment: str,
    actor: Any,
    back_url: str,
) -> HttpResponse:
    if moment not in Moment.values:
        raise Http404
    version = version_for(enrolment.edition.course, moment)
    if version is None:
        raise Http404
    error = ""
    posted: Mapping[str, str] = {}
    if request.method == "POST":
        posted = request.POST
        try:
            response = submit_measurement(
                actor=actor, enrolment=enrolment, moment=moment, answers=_answers(request.POST)
            )
        except TrainingError as refusal:
            error = refusal.message
        else:
            if moment == Moment.TOETS and response.passed is False:
                messages.warning(
                    request,
                    _("Je hebt de toets nog niet gehaald. Je mag hem opnieuw maken."),
                )
            elif moment == Moment.TOETS:
                messages.success(request, _("Je hebt de toets gehaald."))
            else:
                messages.success(request, _("Dank je wel, je antwoorden zijn opgeslagen."))
            return redirect(back_url)
    return render(
        request,
        "training/measurement_form.html",
        {
            "enrolment": enrolment,
            "moment": Moment(moment),
            "version": version,
            "items": questionnaire(version, posted),
            "error": error,
            "open": is_open(enrolment, moment),
            "back_url": back_url,
        },
        status=400 if error else 200,
    )


@requires(Capability.ENROL_IN_COURSES)
@require_http_methods(["GET", "POST"])
def measurement(request: AuthedRequest, enrolment_uuid: uuid.UUID, moment: str) -> HttpResponse:
    """A signed-in participant fills in a measurement of their own enrolment."""
    enrolment = get_object_or_404(
        Enrolment.objects.of_user(request.user).select_related("edition__course"),
        uuid=enrolment_uuid,
    )
    return _fill_in(
        request,
        enrolment=enrolment,
        moment=moment,
        actor=request.user,
        back_url=reverse("training:my_courses"),
    )


@public
@require_http_methods(["GET", "POST"])
def place_measurement(request: HttpRequest, token: str, moment: str) -> HttpResponse:
    """A parent fills in a measurement through their personal place link (no account)."""
    try:
        enrolment = enrolment_for_place(token, client_address=client_address(request))
    except LinkError as error:
        return render(
            request,
            "training/link_problem.html",
            {"message": error.message},
            status=error.status,
        )
    return _fill_in(
        request,
        enrolment=enrolment,
        moment=moment,
        actor=None,
        back_url=reverse("training:place", args=[token]),
    )


@requires(Capability.TEACH_EDITIONS)
@require_GET
def edition_summary(request: AuthedRequest, edition_uuid: uuid.UUID) -> HttpResponse:
    """An edition's measurements for its trainer: no names, small counts withheld (T4.7)."""
    edition = get_object_or_404(
        Edition.objects.visible_to(request.membership).select_related("course__evaluation_version"),
        uuid=edition_uuid,
    )
    summary = edition_evaluation_summary(edition)
    log_action(
        "training.measurements.viewed",
        actor=request.user,
        target=edition,
        organisation=request.membership.organisation,
    )
    return render(
        request,
        "training/edition_summary.html",
        {
            "edition": edition,
            "summary": summary,
            "withheld": WITHHELD_LABEL,
            "explanation": withheld_explanation(summary["threshold"]),
        },
    )


def _figures_of(request: AuthedRequest, course_uuid: uuid.UUID) -> tuple[Course, str, Any]:
    course = get_object_or_404(
        Course.objects.of_organisation(request.membership.organisation_id).select_related(
            "evaluation_version"
        ),
        uuid=course_uuid,
    )
    per = request.GET.get("per", "edition")
    if per not in GROUPINGS:
        per = "edition"
    return course, per, influence_figures(course, per=per)


@requires(Capability.MANAGE_OWN_COURSES)
@require_GET
def course_figures(request: AuthedRequest, course_uuid: uuid.UUID) -> HttpResponse:
    """Het Begint Bij Mij: influence on daily life per edition, trainer or year."""
    course, per, figures = _figures_of(request, course_uuid)
    table = figures["table"]
    log_action(
        "training.figures.viewed",
        actor=request.user,
        target=course,
        organisation=request.membership.organisation,
        data={"per": per},
    )
    charts = []
    if table is not None and table.rows:
        # One bar chart per answer (geen / enige / veel), each with its own element ids.
        charts = [
            bar_chart(
                dataclasses.replace(table, key=f"{table.key}-{i}"),
                column=i,
                title=f"{table.caption}: {title}",
            )
            for i, title in enumerate(table.columns)
        ]
    return render(
        request,
        "training/course_figures.html",
        {
            "course": course,
            "per": per,
            "groupings": [
                ("edition", _("Per uitvoering")),
                ("trainer", _("Per trainer")),
                ("year", _("Per jaar")),
            ],
            "table": table,
            "headline": figures["headline"],
            "charts": charts,
            "explanation": withheld_explanation(),
        },
    )


@requires(Capability.MANAGE_OWN_COURSES)
@require_GET
@rate_limited("export")
def course_figures_export(request: AuthedRequest, course_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    course, per, figures = _figures_of(request, course_uuid)
    if fmt not in FORMATS or figures["table"] is None:
        raise Http404
    log_action(
        "training.figures.exported",
        actor=request.user,
        target=course,
        organisation=request.membership.organisation,
        data={"per": per, "format": fmt},
    )
    return export_response(fmt, f"invloed-{per}", [table_sheet(figures["table"])])
