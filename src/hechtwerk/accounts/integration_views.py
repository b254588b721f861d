"""A JGZ beheerder's pages for the organisation's integration clients: register a system with
the scopes it may use (its key shown once), see every system and its last use, revoke one.

Another organisation's system answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hechtwerk.core.forms import DomainErrorMixin

from .capabilities import Capability, Scope
from .models import IntegrationClient
from .permissions import requires
from .services import (
    ON_BEHALF_OF_HEADER,
    AccountError,
    register_integration_client,
    revoke_integration_client,
)
from .types import AuthedRequest


class IntegrationClientForm(DomainErrorMixin, forms.Form):
    name = forms.CharField(
        label=_("Naam van het systeem"),
        max_length=100,
        help_text=_("Bijvoorbeeld: ons JGZ-dossier (productie)."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Wat mag het systeem doen?"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nooit meer dan de medewerker namens wie het werkt: diens rol blijft beslissen."
        ),
    )
    expires_in_days = forms.IntegerField(
        label=_("Geldig (dagen)"), min_value=1, max_value=730, initial=365
    )


def _page(request: AuthedRequest, form: IntegrationClientForm, status: int = 200) -> HttpResponse:
    clients = IntegrationClient.objects.for_organisation(request.membership.organisation)
    labels = dict(Scope.choices)
    rows = [{"client": c, "scopes": [labels.get(s, s) for s in c.scopes]} for c in clients]
    return render(
        request,
        "accounts/integrations.html",
        {"rows": rows, "form": form, "header": ON_BEHALF_OF_HEADER},
        status=status,
    )


@requires(Capability.MANAGE_INTEGRATIONS)
@never_cache
@require_http_methods(["GET", "POST"])
def integrations(request: AuthedRequest) -> HttpResponse:
    """The organisation's systems, and the form to register one (its key is shown once)."""
    if request.method != "POST":
        return _page(request, IntegrationClientForm())
    form = IntegrationClientForm(request.POST)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            new = register_integration_client(
                actor=request.user,
                organisation=request.membership.organisation,
                name=data["name"],
                scopes=data["scopes"],
                expires_in_days=data["expires_in_days"],
            )
        except AccountError as exc:
            form.add_domain_error(exc)
        else:
            return render(
                request,
                "accounts/integration_created.html",
                {"client": new.client, "secret": new.secret, "header": ON_BEHALF_OF_HEADER},
            )
    return _page(request, form, status=400)


@requires(Capability.MANAGE_INTEGRATIONS)
@require_POST
def revoke_integration(request: AuthedRequest, client_uuid: uuid.UUID) -> HttpResponse:
    client = (
        IntegrationClient.objects.for_organisation(request.membership.organisation)
        .filter(uuid=client_uuid)
        .first()
    )
    if client is None:
        raise Http404
    try:
        revoke_integration_client(actor=request.user, client=client)
    except AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("De sleutel van %(name)s werkt niet meer.") % {"name": client.name}
        )
    return redirect("accounts:integrations")
