"""The catalogue's pages: the public catalogue and detail pages, matching for JGZ professionals,
the beheerder's editing pages and a team leader's own offer."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import public, requires
from hechtwerk.core.ratelimit import rate_limited
from hechtwerk.core.rendering import render_page

from .age_bar import age_bar
from .constants import REFERRAL_FORM_ID, REFERRAL_PARAM, EvidenceLevel, OfferKind
from .forms import (
    AlternativeValueForm,
    CatalogueFilterForm,
    InterventionForm,
    MatchingRuleForm,
    SituationForm,
    ThemeForm,
    situation_code_choices,
    target_choices,
)
from .middleware import csrf_token_for_cache
from .models import AlternativeValue, Intervention, MatchingRule, OrganisationOffer, Theme
from .queries import matches_for, referral_counts
from .services import (
    CatalogueError,
    add_alternative_value,
    create_theme,
    remove_alternative_value,
    save_intervention,
    save_matching_rule,
    set_organisation_offer,
)

MATCHES_SHOWN = 10  # the consult page shows the best ten; the catalogue page has the rest


def bar_for(intervention: Intervention) -> Any:
    windows = []
    low, high = intervention.age_from_days, intervention.age_to_days
    if low is not None and high is not None:
        windows.append((low, high, False, intervention.value_source("age")))
    windows.extend((a.low, a.high, True, a.source) for a in intervention.age_alternatives())
    return age_bar(windows) if windows else None


def _filtered(form: CatalogueFilterForm) -> Any:
    qs = Intervention.objects.active().for_listing()
    if not form.is_valid():
        return qs.none()
    c = form.cleaned_data
    if c.get("q"):
        q = c["q"]
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(owner__icontains=q)
            | Q(target_group__icontains=q)
            | Q(goal__icontains=q)
            | Q(approach__icontains=q)
        )
    if c.get("day") is not None:
        qs = qs.for_day(c["day"])
    if c.get("format"):
        qs = qs.filter(format=c["format"])
    level = c.get("evidence")
    if level in (EvidenceLevel.NOT_ASSESSED, EvidenceLevel.UNDER_ASSESSMENT):
        qs = qs.filter(evidence_level=level)
    elif level:
        qs = qs.with_evidence_at_least(level)
    if c.get("prevention"):
        qs = qs.filter(prevention_level=c["prevention"])
    if c.get("theme"):
        qs = qs.filter(themes=c["theme"])
    return qs.distinct()


@public
@require_GET
@rate_limited("search")
def catalogue_list(request: HttpRequest) -> HttpResponse:
    """The public catalogue. A visitor who is not signed in is answered from the cache by
    `catalogue.middleware.PublicCatalogueCacheMiddleware`, which asks this view for a page to
    store: then the page carries a placeholder where the CSRF token goes (see there why)."""
    response = _catalogue_list(request, csrf_token=csrf_token_for_cache(request))
    patch_vary_headers(response, ["Cookie", "HX-Request", "Accept-Language"])
    return response


def _catalogue_list(request: HttpRequest, *, csrf_token: str | None = None) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    if not request.GET:
        form = CatalogueFilterForm({})
    interventions = list(_filtered(form))
    rows = [(i, bar_for(i)) for i in interventions]
    context: dict[str, Any] = {
        "form": form,
        "rows": rows,
        "count": len(rows),
        "filtered": bool(request.GET),
        "back_query": _filters_query(request.GET),
    }
    if csrf_token is not None:
        context["csrf_token"] = csrf_token  # takes the place of the context processor's
    return render_page(request, "catalogue/list.html", context, partial="results")


def _filters_query(params: Any) -> str:
    """The list's filters as a query string, for the detail page's way back: only the filter
    form's own fields pass, so the link cannot be pointed anywhere else."""
    keep = set(CatalogueFilterForm.base_fields)
    return urlencode(
        [(k, value) for k, values in params.lists() if k in keep for value in values if value]
    )


@public
@require_GET
def detail(request: HttpRequest, intervention_uuid: uuid.UUID) -> HttpResponse:
    intervention = get_object_or_404(
        Intervention.objects.active().for_listing(), uuid=intervention_uuid
    )
    membership = getattr(request, "membership", None)
    tally = referral_counts(intervention) if membership is not None else None
    return render(
        request,
        "catalogue/detail.html",
        {
            "i": intervention,
            "bar": bar_for(intervention),
            "tally": tally,
            "show_counts": membership is not None,
            "back_query": _filters_query(QueryDict(request.GET.get("terug", "")[:1000])),
        },
    )


@requires(Capability.MATCH_INTERVENTIONS)
@require_GET
@rate_limited("search")
def match(request: HttpRequest) -> HttpResponse:
    """Interventions that fit an age or pregnancy week and a consult's situation, ranked."""
    form = SituationForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        membership = getattr(request, "membership", None)
        results = matches_for(
            form.situation(),
            membership.organisation if membership else None,
            limit=MATCHES_SHOWN,
            referred=form.referred(),
        )
    # Embedded on a child's page the cards offer a referral through that page's form (by id);
    # the request carries only age and situation codes, never the child.
    for_child = request.GET.get(REFERRAL_PARAM) == "1" and bool(request.headers.get("HX-Request"))
    return render_page(
        request,
        "catalogue/match.html",
        {
            "form": form,
            "results": results,
            "referral_form": REFERRAL_FORM_ID if for_child else "",
        },
        partial="matches",
    )


# -- beheer ------------------------------------------------------------------------------------------


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    interventions = Intervention.objects.order_by("name").prefetch_related("alternatives")
    return render(request, "catalogue/manage.html", {"interventions": interventions})


def _edit(request: HttpRequest, intervention: Intervention | None) -> HttpResponse:
    instance = intervention or Intervention()
    form = InterventionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_intervention(
                actor=request.user,  # type: ignore[arg-type]
                intervention=_applied(form),
                themes=form.cleaned_data["themes"],
            )
        except CatalogueError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("De interventie ‘%(n)s’ is opgeslagen.") % {"n": saved.name}
            )
            return redirect("catalogue:edit", intervention_uuid=saved.uuid)
    return render(
        request,
        "catalogue/edit.html",
        {
            "form": form,
            "i": intervention,
            "alternative_form": AlternativeValueForm(),
            "bar": bar_for(intervention) if intervention else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _applied(form: InterventionForm) -> Intervention:
    # form.save(commit=False) copies the cleaned model fields; the age window comes from clean().
    instance: Intervention = form.save(commit=False)
    instance.age_from_days = form.cleaned_data["age_from_days"]
    instance.age_to_days = form.cleaned_data["age_to_days"]
    return instance


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, intervention_uuid: uuid.UUID) -> HttpResponse:
    intervention = get_object_or_404(Intervention, uuid=intervention_uuid)
    return _edit(request, intervention)


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_POST
def add_alternative(request: HttpRequest, intervention_uuid: uuid.UUID) -> HttpResponse:
    intervention = get_object_or_404(Intervention, uuid=intervention_uuid)
    form = AlternativeValueForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            add_alternative_value(
                actor=request.user,  # type: ignore[arg-type]
                intervention=intervention,
                field=c["field"],
                low=c["low_days"],
                high=c["high_days"],
                text=c["text"],
                source=c["source"],
            )
        except CatalogueError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("De andere bronwaarde is toegevoegd."))
            return redirect("catalogue:edit", intervention_uuid=intervention.uuid)
    return render(
        request,
        "catalogue/edit.html",
        {
            "form": InterventionForm(instance=intervention),
            "i": intervention,
            "alternative_form": form,
            "bar": bar_for(intervention),
        },
        status=400,
    )


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_POST
def remove_alternative(request: HttpRequest, alternative_uuid: uuid.UUID) -> HttpResponse:
    alternative = get_object_or_404(AlternativeValue, uuid=alternative_uuid)
    remove_alternative_value(actor=request.user, alternative=alternative)  # type: ignore[arg-type]
    messages.success(request, _("De andere bronwaarde is verwijderd."))
    return redirect("catalogue:edit", intervention_uuid=alternative.intervention.uuid)


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_GET
def history(request: HttpRequest, intervention_uuid: uuid.UUID) -> HttpResponse:
    intervention = get_object_or_404(Intervention, uuid=intervention_uuid)
    revisions = intervention.revisions.select_related("changed_by")
    return render(request, "catalogue/history.html", {"i": intervention, "revisions": revisions})


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return _rules_page(request, ThemeForm())


def _rules_page(request: HttpRequest, theme_form: ThemeForm, status: int = 200) -> HttpResponse:
    codes = {
        str(code): str(label) for _g, group in situation_code_choices() for code, label in group
    }
    targets = {str(code): str(label) for _g, group in target_choices() for code, label in group}
    rules = list(MatchingRule.objects.all())
    for rule in rules:  # words, not codes
        rule.code_label = codes.get(rule.code, rule.code)  # type: ignore[attr-defined]
        rule.target_label = targets.get(rule.target, rule.target)  # type: ignore[attr-defined]
    return render(
        request,
        "catalogue/rules.html",
        {
            "rules": rules,
            "themes": Theme.objects.all(),
            "theme_form": theme_form,
        },
        status=status,
    )


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_POST
def theme_create(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            theme = create_theme(actor=request.user, theme=form.save(commit=False))  # type: ignore[arg-type]
        except CatalogueError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Het thema ‘%(n)s’ is toegevoegd.") % {"n": theme.name})
            return redirect("catalogue:rules")
    return _rules_page(request, form, status=400)


@requires(Capability.MANAGE_NATIONAL_CATALOGUE)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_uuid: uuid.UUID | None = None) -> HttpResponse:
    rule = get_object_or_404(MatchingRule, uuid=rule_uuid) if rule_uuid else MatchingRule()
    form = MatchingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            save_matching_rule(actor=request.user, rule=form.save(commit=False))  # type: ignore[arg-type]
        except CatalogueError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("De koppelregel is opgeslagen."))
            return redirect("catalogue:rules")
    return render(
        request,
        "catalogue/rule_edit.html",
        {"form": form, "rule": rule if rule.pk else None},
        status=400 if request.method == "POST" else 200,
    )


# -- a JGZ organisation's own offer -------------------------------------------------------------------


@requires(Capability.MANAGE_OWN_OFFER)
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    organisation = membership.organisation
    offers = dict(
        OrganisationOffer.objects.filter(organisation=organisation).values_list(
            "intervention_id", "kind"
        )
    )
    interventions = list(Intervention.objects.active().order_by("name"))
    valid = {"", *OfferKind.values}
    if request.method == "POST":
        # One form, one save: every intervention's choice arrives as aanbod-<uuid>.
        wanted = {i: request.POST.get(f"aanbod-{i.uuid}") for i in interventions}
        if any(v is not None and v not in valid for v in wanted.values()):
            messages.error(request, _("Kies een geldige soort aanbod."))
            return redirect("catalogue:offer")
        changed = 0
        try:
            for intervention, kind in wanted.items():
                if kind is None or kind == offers.get(intervention.pk, ""):
                    continue
                set_organisation_offer(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    intervention=intervention,
                    kind=kind,
                )
                changed += 1
        except CatalogueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Het aanbod is opgeslagen (%(n)s gewijzigd).") % {"n": changed},
            )
        return redirect("catalogue:offer")
    rows = [(i, offers.get(i.pk, "")) for i in interventions]
    return render(
        request,
        "catalogue/offer.html",
        {"rows": rows, "organisation": organisation, "kinds": OfferKind.choices},
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
