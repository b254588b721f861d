"""The user's own account: roles and organisations, switching between them, API tokens."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .forms import APITokenForm, SwitchMembershipForm
from .middleware import MEMBERSHIP_SESSION_KEY
from .models import APIToken, Membership, User
from .permissions import signed_in
from .services import AccountError, create_api_token, revoke_api_token


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@signed_in
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": Membership.objects.active().for_user(user),
            "tokens": APIToken.objects.filter(user=user).select_related("membership__organisation"),
            "token_form": APITokenForm(),
        },
    )


@signed_in
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Switch explicitly to another of the user's own organisations and roles."""
    form = SwitchMembershipForm(request.POST)
    if not form.is_valid():
        raise Http404
    membership = (
        Membership.objects.active()
        .for_user(_user(request))
        .filter(uuid=form.cleaned_data["membership"])
        .first()
    )
    if membership is None:
        raise Http404
    request.session[MEMBERSHIP_SESSION_KEY] = str(membership.uuid)
    messages.success(
        request,
        _("Je werkt nu als %(role)s bij %(org)s.")
        % {"role": membership.get_role_display(), "org": membership.organisation},
    )
    return redirect("core:home")


@signed_in
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    membership = getattr(request, "membership", None)
    form = APITokenForm(request.POST)
    if membership is None:
        messages.error(request, _("Kies eerst een organisatie en rol."))
        return redirect("accounts:account")
    if not form.is_valid():
        messages.error(request, _("Controleer de gegevens van de sleutel."))
        return redirect("accounts:account")
    try:
        new = create_api_token(
            user=user,
            membership=membership,
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
    except AccountError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:account")
    # The secret is shown once, on this response only.
    return render(
        request, "accounts/token_created.html", {"token": new.token, "secret": new.secret}
    )


@signed_in
@require_POST
def revoke_token(request: HttpRequest, token_uuid: uuid.UUID) -> HttpResponse:
    user = _user(request)
    token = APIToken.objects.filter(user=user, uuid=token_uuid).first()
    if token is None:
        raise Http404
    try:
        revoke_api_token(user=user, token=token)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De sleutel ‘%(name)s’ is ingetrokken.") % {"name": token.name})
    return redirect("accounts:account")
